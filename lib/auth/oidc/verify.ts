// OIDC bearer JWTs on /v1: issuer, audience and signature (JWKS) verified; asymmetric
// algorithms only; exp and iat required; at most 60 s clock skew; role and tenant from
// claims; tenant-bound issuers; a missing tenant fails closed unless a default is named.
// Any failure is a final 401 (the resolver never retries the token as something else).
// A token naming a user of the tenant (linkedPerson) acts as that person, with the person's
// effective permissions and scope from the database; only strangers get the claim-mapped role.
import "server-only";
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import type { Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import type { RequestIds } from "@/lib/http/request-context";
import { permissionsForRole, personAccess, type Person } from "@/lib/rbac/authorize";
import { BUILT_IN_ROLES, ROLE_RANK, type BuiltInRole } from "@/lib/rbac/permissions";
import { tenantBySlug } from "@/lib/tenancy/system";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { trustedIssuers, type TrustedIssuer } from "./issuers";
import { jwksFor } from "./jwks";

export const ASYMMETRIC_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
/** Header parameters that would let a token choose its own key: never honoured, always refused. */
const KEY_INJECTION_HEADERS = ["jku", "jwk", "x5u", "x5c"];
const MFA_AMR = new Set(["mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "pop", "totp", "webauthn"]);

const fail = (why: string) => new WardenError("invalid_credentials", `The bearer token is not valid: ${why}`);

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

function clockTolerance(): number {
  const s = Number(process.env.WARDEN_OIDC_CLOCK_SKEW_SECONDS);
  return Math.min(Number.isFinite(s) && s >= 0 ? s : 30, 60);
}

function pickIssuer(payload: JWTPayload): TrustedIssuer {
  const candidates = trustedIssuers().filter((c) => c.issuer === payload.iss);
  if (candidates.length === 0) throw fail("untrusted issuer");
  if (candidates.length === 1) return candidates[0];
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const byAudience = candidates.filter((c) => aud.includes(c.audience));
  if (byAudience.length === 1) return byAudience[0];
  throw fail("ambiguous issuer configuration");
}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case "ERR_JWT_EXPIRED": return "expired";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": return `claim ${(e as { claim?: string }).claim ?? ""} rejected`.trim();
    case "ERR_JOSE_ALG_NOT_ALLOWED": return "algorithm not allowed";
    case "ERR_JWKS_NO_MATCHING_KEY": return "unknown signing key";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED": return "bad signature";
    default: return "verification failed";
  }
}

function roleFrom(value: unknown): BuiltInRole | null {
  const values = (Array.isArray(value) ? value : typeof value === "string" ? value.split(/[\s,]+/) : []).map((v) => String(v).trim().toLowerCase());
  const roles = BUILT_IN_ROLES.filter((r) => values.includes(r));
  return roles.sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a])[0] ?? null;
}

function tenantSlugFor(cfg: TrustedIssuer, payload: JWTPayload): string {
  const claimed = payload[cfg.tenantClaim];
  const claim = typeof claimed === "string" && claimed ? claimed : undefined;
  if (claimed !== undefined && claim === undefined) throw fail("tenant claim malformed");
  if (cfg.tenantSlug) {
    if (claim && claim !== cfg.tenantSlug) throw fail("tenant claim contradicts the issuer's tenant");
    if (!claim && cfg.requireTenantClaim) throw fail("tenant claim missing");
    return cfg.tenantSlug;
  }
  const fallback = process.env.WARDEN_OIDC_ALLOW_DEFAULT_TENANT?.trim();
  if (claim) return claim;
  if (fallback) return fallback;
  throw fail("tenant claim missing");
}

/**
 * The tenant user a verified token names, by the link SSO sign-in records (the IdP subject in
 * users.external_id), else by an e-mail the issuer marks verified. null = not a user here.
 */
export async function linkedPerson(tx: TenantTx, payload: JWTPayload): Promise<Person | null> {
  const bySubject = await personAccess(tx, { externalId: payload.sub! });
  if (bySubject) return bySubject;
  const email = typeof payload.email === "string" ? payload.email : "";
  return email && payload.email_verified === true ? personAccess(tx, { email }) : null;
}

export async function authenticateJwt(token: string, ids: RequestIds): Promise<Actor> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    throw fail("malformed");
  }
  if (KEY_INJECTION_HEADERS.some((h) => h in header)) throw fail("key-location headers are not accepted");
  if (!header.alg || !ASYMMETRIC_ALGS.includes(header.alg)) throw fail("algorithm not allowed");
  const cfg = pickIssuer(unverified);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await jwksFor(cfg), {
      issuer: cfg.issuer,
      audience: cfg.audience,
      algorithms: ASYMMETRIC_ALGS,
      requiredClaims: ["exp", "iat"],
      clockTolerance: clockTolerance(),
    }));
  } catch (e) {
    if (e instanceof WardenError) throw e;
    throw fail(reason(e));
  }
  if (typeof payload.sub !== "string" || !payload.sub) throw fail("subject missing");
  // iat in the future beyond the skew means a clock or forging problem: refuse.
  if ((payload.iat ?? 0) * 1000 > Date.now() + clockTolerance() * 1000) throw fail("issued in the future");

  const slug = tenantSlugFor(cfg, payload);
  const tenant = await tenantBySlug(slug);
  if (!tenant) throw fail("unknown tenant");
  const amr = Array.isArray(payload.amr) ? payload.amr.map(String) : [];
  const mfa = amr.some((a) => MFA_AMR.has(a.toLowerCase()));
  const common = { subject: payload.sub, tenantId: tenant.id, tenantSlug: tenant.slug, authMethod: "oidc" as const, mfa, requestId: ids.requestId, traceId: ids.traceId, issuer: cfg.issuer };

  const person = await withTenant(tenant.id, (tx) => linkedPerson(tx, payload));
  if (person) {
    if (!person.active) throw new WardenError("invalid_credentials", "The account is disabled");
    // "Revoke sessions" also retires the person's tokens issued before it.
    if (person.sessionsRevokedAt && (payload.iat ?? 0) * 1000 < person.sessionsRevokedAt.getTime()) throw fail("revoked");
    return {
      ...common,
      kind: "user",
      userId: person.id,
      role: person.access.role,
      roleName: person.access.roleName,
      permissions: person.access.permissions,
      ...(person.access.scope ? { scope: person.access.scope } : {}),
      displayName: person.name,
      email: person.email,
    };
  }
  const role = roleFrom(payload[cfg.roleClaim]);
  if (!role) throw fail("no recognised role");
  const email = typeof payload.email === "string" ? payload.email : undefined;
  return {
    ...common,
    kind: email ? "user" : "service",
    role,
    permissions: await permissionsForRole(role),
    displayName: typeof payload.name === "string" ? payload.name : undefined,
    email,
  };
}
