"use client";
// Settings -> Identity: the provider list, one provider's form at a time, the MFA policy and the
// console session timeouts.
import { Panel } from "@/components/ui/panel";
import { useState } from "react";
import type { PublicIdentityProvider } from "@/lib/identity/providers";
import { useCan } from "@/components/rbac/can";
import { SessionPolicyPanel } from "@/components/sessions/session-policy";
import type { SessionPolicy } from "@/lib/auth/session-views";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useIdentityActions } from "./use-identity-actions";
import { MfaToggle } from "./mfa-toggle";
import { ProviderForm } from "./provider-form";
import { TestConnectionButton } from "./test-connection-button";

export const TYPE_LABEL: Record<string, string> = {
  okta: "Okta",
  entra: "Microsoft Entra ID",
  oidc: "OpenID Connect",
  saml: "SAML 2.0",
};

export function IdentitySettings({
  providers,
  requireMfa,
  sessionPolicy,
}: {
  providers: PublicIdentityProvider[];
  requireMfa: boolean;
  sessionPolicy: SessionPolicy;
}) {
  const actions = useIdentityActions();
  const canWrite = useCan("identity.write");
  const [editing, setEditing] = useState<PublicIdentityProvider | "new" | null>(null);

  return (
    <div className="flex flex-col gap-6">
      <MfaToggle required={requireMfa} canWrite={canWrite} actions={actions} />
      <SessionPolicyPanel policy={sessionPolicy} canWrite={canWrite} />
      <Panel
        id="identity-providers"
        title="Identity providers"
        className=""
        action={
          canWrite &&
          editing === null && (
            <Button variant="primary" onClick={() => setEditing("new")}>
              Add provider
            </Button>
          )
        }
      >
        <div className="flex flex-col gap-3">
          {editing !== null && (
            <ProviderForm
              provider={editing === "new" ? null : editing}
              onDone={() => setEditing(null)}
              actions={actions}
            />
          )}
          {providers.length === 0 && (
            <p className="text-sm text-muted">
              No identity provider yet: nobody in this tenant can sign in until one is added.
            </p>
          )}
          <ul className="flex flex-col gap-3">
            {providers.map((p) => (
              <li key={p.id}>
                <Card className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 font-medium text-fg">
                      {p.name}
                      <Badge tone={p.enabled ? "success" : "neutral"}>{p.enabled ? "Enabled" : "Disabled"}</Badge>
                      <Badge>{TYPE_LABEL[p.type] ?? p.type}</Badge>
                      {p.accept_bearer_tokens && <Badge tone="accent">Bearer tokens ({p.bearer_audience})</Badge>}
                    </p>
                    <p className="mt-1 truncate font-mono text-xs text-muted" title={p.issuer ?? undefined}>
                      {p.issuer ?? p.saml_sso_url ?? "No issuer"}
                    </p>
                    <p className="mt-1 text-xs text-subtle">
                      Client {p.client_id ?? "—"} · secret {p.client_secret_set ? "stored (encrypted)" : "not set"} ·
                      roles from “{p.role_claim}” · groups from “{p.group_claim}”
                      {p.sync_groups ? " (synced to teams)" : ""}
                    </p>
                  </div>
                  {canWrite && (
                    <div className="flex shrink-0 flex-wrap items-start gap-2 sm:flex-row-reverse">
                      <Button onClick={() => setEditing(p)}>Edit</Button>
                      {p.type !== "saml" && <TestConnectionButton id={p.id} actions={actions} />}
                    </div>
                  )}
                </Card>
              </li>
            ))}
          </ul>
        </div>
      </Panel>
    </div>
  );
}
