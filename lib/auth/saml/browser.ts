// The SAML browser flow's ending: a validated assertion becomes a console session through the
// same SSO sign-in mapping as OIDC (JIT provisioning, role and team sync, deactivation and MFA
// checks, audit), then the same session cookie Auth.js writes. Refusals redirect to the sign-in
// page with the OIDC flow's public codes. Called after the ACS transaction has committed.
import "server-only";
import { completeSsoSignIn, PUBLIC_REASON, type SsoProviderRef } from "@/lib/auth/sso/sign-in";
import { issueSessionCookie } from "@/lib/auth/sso/session-cookie";
import { recordSignInFailure } from "@/lib/auth/sso/throttle";
import type { SamlOutcomes } from "./outcomes";
import type { SamlIdentity } from "./types";

// Authentication-method attributes: OIDC-style "amr", and Entra's SAML claim whose
// ".../multipleauthn" value means the user passed MFA.
const AMR_ATTRIBUTES = ["amr", "http://schemas.microsoft.com/claims/authnmethodsreferences"];

export function samlAmr(identity: SamlIdentity): string[] {
  const values = AMR_ATTRIBUTES.flatMap((name) => identity.attributes[name] ?? []);
  return values.map((v) => (/\/multipleauthn$/i.test(v) ? "mfa" : v));
}

/** A redirect the browser follows after a form POST (303: the next request is a GET). */
export function seeOther(location: string, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("location", location);
  h.set("cache-control", "no-store");
  return new Response(null, { status: 303, headers: h });
}

export const samlBrowserOutcome: SamlOutcomes["browser"] = async (login, meta, db) => {
  const { identity, settings } = login;
  const provider: SsoProviderRef = settings.id
    ? { id: settings.id, tenantId: login.tenantId, tenantSlug: login.tenantSlug }
    : {
        id: `saml:${login.tenantSlug}`,
        tenantId: login.tenantId,
        tenantSlug: login.tenantSlug,
        bootstrap: true,
        roleMapping: settings.roleMapping,
      };
  // A row's claim names are what completeSsoSignIn reads back; the bootstrap uses roles/groups.
  const roleClaim = (settings.id && settings.roleClaim) || "roles";
  const groupClaim = (settings.id && settings.groupClaim) || "groups";
  const claims: Record<string, unknown> = {
    email: identity.email ?? (identity.nameId.includes("@") ? identity.nameId : undefined),
    // SAML has no email_verified: the tenant's own IdP signed this assertion, so its e-mail counts
    // as verified; linking still requires a domain the provider (or the tenant) serves (ADR 0017).
    email_verified: true,
    sub: identity.nameId,
    name: identity.name,
    amr: samlAmr(identity),
  };
  claims[groupClaim] = identity.groups;
  claims[roleClaim] = roleClaim === groupClaim ? [...identity.roles, ...identity.groups] : identity.roles;

  const result = await completeSsoSignIn({ provider, claims, ip: meta.ip, requestId: meta.requestId }, { db });
  if (!result.ok) {
    await recordSignInFailure(meta.ip ?? "unknown", typeof claims.email === "string" ? claims.email : undefined, db);
    return seeOther(`/signin?error=${PUBLIC_REASON[result.reason]}`);
  }
  const origin = {
    method: "saml" as const,
    providerId: settings.id ?? null,
    providerName: settings.idpEntityId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
  };
  const cookie = await issueSessionCookie(result.userId, result.tenantId, result.mfa, origin, { db });
  const attrs = [
    `${cookie.name}=${cookie.value}`,
    `Path=${cookie.options.path}`,
    `Max-Age=${cookie.options.maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (cookie.options.secure) attrs.push("Secure");
  return seeOther("/", { "set-cookie": attrs.join("; ") });
};
