"use client";
// Create or edit one identity provider (OIDC: issuer and client, and whether the issuer's JWTs are
// bearer tokens on /v1; SAML 2.0: IdP entity id, SSO URL and signing certificate). The client
// secret is write-only: blank keeps the stored one; a blank certificate on edit keeps the stored one too.
import { inputFlowClass } from "@/components/ui/field";
import { useActionState, useState, useTransition } from "react";
import type { IdentityActions } from "./actions";
import type { ActionResult } from "@/lib/http/action-result";
import type { PublicIdentityProvider } from "@/lib/identity/providers";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RoleMappingEditor, type MappingRow } from "./role-mapping-editor";

type Saved = ActionResult<{ message: string }> | null;

const TYPES = [
  { value: "okta", label: "Okta", issuer: "https://your-org.okta.com" },
  { value: "entra", label: "Microsoft Entra ID", issuer: "https://login.microsoftonline.com/<tenant-id>/v2.0" },
  { value: "oidc", label: "Other OIDC", issuer: "https://idp.example.com" },
  { value: "saml", label: "SAML 2.0", issuer: "" },
];

function Field({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium text-fg">{label}</span>
      {children}
      {hint && <span className="text-xs text-muted">{hint}</span>}
    </label>
  );
}

function SamlFields({ provider }: { provider: PublicIdentityProvider | null }) {
  return (
    <>
      <Field label="IdP entity ID" hint="The Issuer of the IdP's assertions">
        <input
          name="saml_entity_id"
          required
          defaultValue={provider?.saml_entity_id ?? ""}
          placeholder="https://sts.windows.net/<tenant-id>/"
          className={inputFlowClass}
        />
      </Field>
      <Field label="SSO URL" hint="The IdP's HTTP-Redirect sign-in endpoint">
        <input
          name="saml_sso_url"
          type="url"
          required
          defaultValue={provider?.saml_sso_url ?? ""}
          placeholder="https://idp.example.com/saml/sso"
          className={inputFlowClass}
        />
      </Field>
      <div className="sm:col-span-2">
        <Field
          label="Signing certificate (PEM)"
          hint={
            provider?.saml_certificate_set
              ? "A certificate is stored. Paste a new one to replace it; leave blank to keep it."
              : "The IdP's X.509 signing certificate, -----BEGIN CERTIFICATE----- included"
          }
        >
          <textarea
            name="saml_certificate"
            required={!provider?.saml_certificate_set}
            rows={5}
            spellCheck={false}
            placeholder="-----BEGIN CERTIFICATE-----"
            className={`${inputFlowClass} font-mono text-xs`}
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm text-fg sm:col-span-2">
        <input
          type="checkbox"
          name="saml_require_response_signature"
          defaultChecked={provider?.saml_require_response_signature ?? false}
          className="size-4"
        />
        Require the Response itself to be signed (assertions are always checked)
      </label>
    </>
  );
}

/** An OIDC provider's access tokens as bearer credentials on /v1 (people of this tenant only). */
function BearerFields({ provider }: { provider: PublicIdentityProvider | null }) {
  const [on, setOn] = useState(provider?.accept_bearer_tokens ?? false);
  return (
    <fieldset className="flex flex-col gap-3 rounded-md border border-border p-3">
      <label className="flex items-center gap-2 text-sm text-fg">
        <input
          type="checkbox"
          name="accept_bearer_tokens"
          checked={on}
          onChange={(e) => setOn(e.target.checked)}
          className="size-4"
        />
        Accept this issuer&apos;s tokens as bearer tokens on /v1
      </label>
      <p className="text-xs text-muted">
        A token signed by this issuer (keys from its JWKS) then acts as the person it names, with that person&apos;s
        permissions in this tenant: linked by an earlier sign-in, or by a verified e-mail in this provider&apos;s
        domains. Others are refused, and so are tokens without a second factor while MFA is required.
      </p>
      {on && (
        <Field label="Audience" hint="The aud claim the tokens carry, e.g. api://warden or the client ID">
          <input
            name="bearer_audience"
            required
            defaultValue={provider?.bearer_audience ?? ""}
            className={inputFlowClass}
          />
        </Field>
      )}
    </fieldset>
  );
}

export function ProviderForm({
  provider,
  onDone,
  actions,
}: {
  provider: PublicIdentityProvider | null;
  onDone: () => void;
  actions: IdentityActions;
}) {
  const [type, setType] = useState(provider?.type ?? "oidc");
  const [mapping, setMapping] = useState<MappingRow[]>(
    Object.entries(provider?.role_mapping ?? {}).map(([value, role]) => ({ value, role })),
  );
  const [state, action, saving] = useActionState(async (_prev: Saved, form: FormData): Promise<Saved> => {
    const get = (k: string) => String(form.get(k) ?? "").trim();
    const saml = type === "saml";
    const connection = saml
      ? {
          saml_entity_id: get("saml_entity_id") || null,
          saml_sso_url: get("saml_sso_url") || null,
          saml_certificate: get("saml_certificate") || (provider ? undefined : null),
          saml_require_response_signature: form.get("saml_require_response_signature") === "on",
        }
      : {
          issuer: get("issuer") || null,
          client_id: get("client_id") || null,
          client_secret: get("client_secret") || (provider ? undefined : null),
          accept_bearer_tokens: form.get("accept_bearer_tokens") === "on",
          bearer_audience: get("bearer_audience") || null,
        };
    const body = {
      ...(provider ? { id: provider.id } : { type }),
      name: get("name"),
      ...connection,
      role_claim: get("role_claim") || "roles",
      group_claim: get("group_claim") || "groups",
      enabled: form.get("enabled") === "on",
      sync_groups: form.get("sync_groups") === "on",
      email_domains: get("email_domains")
        .split(/[\s,]+/)
        .filter(Boolean),
      role_mapping: Object.fromEntries(
        mapping.filter((r) => r.value.trim() && r.role.trim()).map((r) => [r.value.trim(), r.role.trim()]),
      ),
    };
    const result = await actions.saveProvider(body);
    if (result.ok) onDone();
    return result;
  }, null);
  const [removing, startRemove] = useTransition();
  const [removeState, setRemoveState] = useState<Saved>(null);
  const hint = TYPES.find((t) => t.value === type)?.issuer;

  return (
    <Card className="p-4 sm:p-5">
      <form action={action} className="flex flex-col gap-4">
        <h3 className="font-semibold text-fg">{provider ? `Edit ${provider.name}` : "Add an identity provider"}</h3>
        {!provider && (
          <fieldset className="flex flex-wrap gap-2" aria-label="Provider type">
            {TYPES.map((t) => (
              <label
                key={t.value}
                className={`cursor-pointer rounded-md border px-3 py-1.5 text-sm ${type === t.value ? "border-accent bg-accent-soft text-accent-text" : "border-border text-muted"}`}
              >
                <input
                  type="radio"
                  name="type"
                  value={t.value}
                  checked={type === t.value}
                  onChange={() => setType(t.value)}
                  className="sr-only"
                />
                {t.label}
              </label>
            ))}
          </fieldset>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name">
            <input name="name" required defaultValue={provider?.name} className={inputFlowClass} />
          </Field>
          {type === "saml" ? (
            <SamlFields provider={provider} />
          ) : (
            <>
              <Field label="Issuer URL" hint={`e.g. ${hint}`}>
                <input name="issuer" required defaultValue={provider?.issuer ?? ""} className={inputFlowClass} />
              </Field>
              <Field label="Client ID">
                <input name="client_id" required defaultValue={provider?.client_id ?? ""} className={inputFlowClass} />
              </Field>
              <Field
                label="Client secret"
                hint={
                  provider?.client_secret_set
                    ? "Stored encrypted. Leave blank to keep it."
                    : "Stored encrypted; never shown again."
                }
              >
                <input
                  name="client_secret"
                  type="password"
                  autoComplete="new-password"
                  required={!provider}
                  className={inputFlowClass}
                />
              </Field>
            </>
          )}
          <Field
            label={type === "saml" ? "Role attribute" : "Role claim"}
            hint={
              type === "saml" ? "Assertion attribute with the person's roles" : "ID-token claim with the person's roles"
            }
          >
            <input name="role_claim" defaultValue={provider?.role_claim ?? "roles"} className={inputFlowClass} />
          </Field>
          <Field
            label={type === "saml" ? "Group attribute" : "Group claim"}
            hint={type === "saml" ? "Assertion attribute with group names" : "ID-token claim with group names"}
          >
            <input name="group_claim" defaultValue={provider?.group_claim ?? "groups"} className={inputFlowClass} />
          </Field>
          <Field label="Email domains" hint="Optional: route only these domains to this provider (comma separated)">
            <input name="email_domains" defaultValue={provider?.email_domains.join(", ")} className={inputFlowClass} />
          </Field>
        </div>
        {type !== "saml" && <BearerFields provider={provider} />}
        <RoleMappingEditor rows={mapping} onChange={setMapping} />
        <div className="flex flex-wrap gap-6 text-sm text-fg">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="enabled" defaultChecked={provider?.enabled ?? true} className="size-4" />{" "}
            Enabled
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="sync_groups"
              defaultChecked={provider?.sync_groups ?? true}
              className="size-4"
            />{" "}
            Sync groups to teams
          </label>
        </div>
        {[state, removeState].map((s, i) =>
          s && !s.ok ? (
            <div
              key={i}
              role="alert"
              className="rounded-md border border-danger-border bg-danger-soft p-3 text-sm text-danger-text"
            >
              <p>{s.error.message}</p>
              {s.error.issues?.map((x) => (
                <p key={x.path} className="text-xs">
                  {x.path}: {x.message}
                </p>
              ))}
            </div>
          ) : null,
        )}
        <div className="flex flex-wrap justify-between gap-2">
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </Button>
            <Button onClick={onDone}>Cancel</Button>
          </div>
          {provider && (
            <Button
              variant="ghost"
              disabled={removing}
              className="text-danger-text"
              onClick={() =>
                startRemove(async () => {
                  const r = await actions.deleteProvider({ id: provider.id });
                  setRemoveState(r);
                  if (r.ok) onDone();
                })
              }
            >
              Remove provider
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
