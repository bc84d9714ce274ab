// The ACS flow for one tenant: sign-in throttle (failures only), tenant from the path slug (system lookup), IdP
// settings, then inside ONE tenant transaction: validate (replay record, one-time RelayState),
// map the role, and for the API flow mint the key, all audited. A refusal still commits (replay
// record, consumed RelayState, failure audit) and is answered as 401 invalid_credentials with
// the reason (an unknown tenant slug is 404); never a 500. The browser flow's session starts
// only after that transaction commits (its sign-in opens its own transaction), and a browser
// login whose role does not map is sent to the sign-in page like the OIDC refusals.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { appendAudit } from "@/lib/audit/append";
import { PUBLIC_REASON } from "@/lib/auth/sso/sign-in";
import { assertSignInAllowed, recordSignInFailure } from "@/lib/auth/sso/throttle";
import { WardenError } from "@/lib/errors";
import { mapRole } from "@/lib/identity/role-mapping";
import { tenantBySlug } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { DEFAULT_ATTRIBUTES } from "./assertion";
import { seeOther } from "./browser";
import type { SamlForm } from "./form";
import { spEndpoints } from "./metadata";
import type { SamlLoginContext, SamlOutcomes } from "./outcomes";
import { samlProviderFor } from "./provider";
import { dbRelayStateStore, dbReplayStore } from "./stores";
import { SamlError, type SamlIdentity } from "./types";
import { validateSamlResponse } from "./validate";

export interface SamlAcsInput {
  tenantSlug: string;
  /** Read after the tenant is known and before the transaction opens (a slow client never holds one). */
  form: SamlForm | (() => Promise<SamlForm>);
  baseUrl: string;
  requestId: string;
  ip?: string;
  userAgent?: string | null;
}

const refused = (reason: string) => new WardenError("invalid_credentials", `SAML login refused: ${reason}`);

export async function handleSamlAcs(input: SamlAcsInput, outcomes: SamlOutcomes, db?: Database): Promise<Response> {
  const ip = input.ip ?? "unknown";
  // Before any lookup: a client with too many failed posts (bad responses, probed slugs) waits.
  await assertSignInAllowed(ip, undefined, db);
  const tenant = await tenantBySlug(input.tenantSlug, db);
  // An unknown slug is a missing resource, as for the metadata; credential problems are 401.
  if (!tenant) {
    await recordSignInFailure(ip, undefined, db);
    throw new WardenError("not_found", "Unknown tenant");
  }
  const sp = spEndpoints(input.baseUrl, tenant.slug);
  let form: SamlForm | SamlError;
  try {
    form = typeof input.form === "function" ? await input.form() : input.form;
  } catch (e) {
    if (!(e instanceof SamlError)) throw e;
    form = e;
  }

  const result = await withTenant(
    tenant.id,
    async (tx) => {
      let identity: SamlIdentity | undefined;
      let idp: string | undefined;
      let browser: SamlLoginContext | null = null;
      try {
        const settings = await samlProviderFor(tx, tenant.slug);
        if (!settings) throw new SamlError("not_configured", "SAML is not configured for this tenant");
        idp = settings.idpEntityId;
        if (form instanceof SamlError) throw form;
        if (!form.samlResponse) throw new SamlError("missing_response", "The SAMLResponse form field is missing");
        identity = await validateSamlResponse(
          form.samlResponse,
          {
            tenantSlug: tenant.slug,
            ...sp,
            idpEntityId: settings.idpEntityId,
            idpCertificatePem: settings.certificatePem,
            requireResponseSignature: settings.requireResponseSignature,
            clockSkewSeconds: 60,
            // The tenant's claim names first, then the usual SAML / Entra attribute names.
            attributes: {
              roles: [...(settings.roleClaim ? [settings.roleClaim] : []), ...DEFAULT_ATTRIBUTES.roles],
              groups: [...(settings.groupClaim ? [settings.groupClaim] : []), ...DEFAULT_ATTRIBUTES.groups],
            },
          },
          {
            replay: dbReplayStore(tx),
            relayStates: dbRelayStateStore(tx),
            relayState: form.relayState,
          },
        );
        const role = mapRole([...identity.roles, ...identity.groups], settings.roleMapping);
        if (!role) throw new SamlError("role_unmapped", "No role or group in the assertion maps to a Warden role");
        const login: SamlLoginContext = { tenantId: tenant.id, tenantSlug: tenant.slug, role, identity, settings };
        // The browser sign-in audits auth.login itself; here only the accepted assertion.
        const out = identity.purpose === "api" ? await outcomes.api(tx, login) : { response: null };
        if (identity.purpose === "browser") browser = login;
        await appendAudit(tx, {
          action: identity.purpose === "api" ? "auth.login" : "saml.assertion_accepted",
          outcome: "success",
          actor: { kind: "user", subject: identity.email ?? identity.nameId, authMethod: "saml" },
          target: "keyId" in out && typeof out.keyId === "string" ? { type: "api_key", id: out.keyId } : undefined,
          details: {
            method: "saml",
            flow: identity.purpose,
            role,
            idp,
            assertion_id: identity.assertionId,
            response_signed: identity.responseSigned,
          },
          ip: input.ip,
          requestId: input.requestId,
        });
        return { response: out.response, browser, refusal: null, purpose: identity.purpose, email: identity.email };
      } catch (e) {
        if (!(e instanceof SamlError)) throw e;
        await appendAudit(tx, {
          action: "auth.login",
          outcome: "failure",
          actor: { kind: "user", subject: identity?.email ?? identity?.nameId ?? "unknown", authMethod: "saml" },
          details: { method: "saml", reason: e.reason, message: e.message, idp },
          ip: input.ip,
          requestId: input.requestId,
        });
        return { response: null, browser: null, refusal: e, purpose: identity?.purpose, email: identity?.email };
      }
    },
    { db },
  );
  // A refusal counts against the client (and the e-mail, when the assertion verified one).
  if (result.refusal) await recordSignInFailure(ip, result.email, db);
  if (result.browser)
    return outcomes.browser(
      result.browser,
      { ip: input.ip, requestId: input.requestId, userAgent: input.userAgent },
      db,
    );
  if (result.refusal?.reason === "role_unmapped" && result.purpose === "browser")
    return seeOther(`/signin?error=${PUBLIC_REASON.no_role}`);
  if (result.refusal || !result.response) throw refused(`${result.refusal?.reason}: ${result.refusal?.message}`);
  return result.response;
}
