// OIDC bearer JWTs on /v1: issuer, audience and signature (JWKS) verified; asymmetric
// algorithms only; exp and iat required; at most 60 s clock skew; role and tenant from
// claims; tenant-bound issuers; a missing tenant fails closed unless a default is named.
// Any failure is a final 401 (the resolver never retries the token as something else).
// A token naming a user of the tenant (linkedPerson) acts as that person, with the person's
// effective permissions and scope from the database; only strangers get the claim-mapped role.
// A tenant's own identity provider (accept_bearer_tokens, ADR 0021) serves its tenant only, its
// people only (no claim-mapped strangers), under the tenant's MFA policy, and only while the
// provider row, read again in the tenant's transaction, still says so.
import "server-only";
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { personFields, type Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import type { RequestIds } from "@/lib/http/request-context";
import { permissionsForRole, personAccess, type Person } from "@/lib/rbac/authorize";
import { BUILT_IN_ROLES, ROLE_RANK, type BuiltInRole } from "@/lib/rbac/permissions";
import { tenantBySlug } from "@/lib/tenancy/system";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { issuersFor, type TrustedIssuer } from "./issuers";
import { jwksFor } from "./jwks";

export const ASYMMETRIC_ALGS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];
/** Header parameters that would let a token choose its own key: never honoured, always refused. */
const KEY_INJECTION_HEADERS = ["jku", "jwk", "x5u", "x5c"];
const MFA_AMR = new Set(["mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "pop", "totp", "webauthn"]);

const fail = (why: string) => new WardenError("invalid_credentials", `The bearer token is not valid: ${why}`);

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

export function clockTolerance(): number {
  const s = Number(process.env.WARDEN_OIDC_CLOCK_SKEW_SECONDS);
  return Math.min(Number.isFinite(s) && s >= 0 ? s : 30, 60);
}

async function pickIssuer(payload: JWTPayload): Promise<TrustedIssuer> {
  const candidates = await issuersFor(payload.iss);
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
    case "ERR_JWT_EXPIRED":
      return "expired";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return `claim ${(e as { claim?: string }).claim ?? ""} rejected`.trim();
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "algorithm not allowed";
    case "ERR_JWKS_NO_MATCHING_KEY":
      return "unknown signing key";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "bad signature";
    default:
      return "verification failed";
  }
}

function roleFrom(value: unknown): BuiltInRole | null {
  const values = (Array.isArray(value) ? value : typeof value === "string" ? value.split(/[\s,]+/) : []).map((v) =>
    String(v).trim().toLowerCase(),
  );
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
  const cfg = await pickIssuer(unverified);

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

  if (cfg.identityProviderId) return tenantProviderActor(cfg, payload, ids);
  const slug = tenantSlugFor(cfg, payload);
  const tenant = await tenantBySlug(slug);
  if (!tenant) throw fail("unknown tenant");
  const amr = Array.isArray(payload.amr) ? payload.amr.map(String) : [];
  const mfa = amr.some((a) => MFA_AMR.has(a.toLowerCase()));
  const common = {
    subject: payload.sub,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    authMethod: "oidc" as const,
    mfa,
    requestId: ids.requestId,
    traceId: ids.traceId,
    issuer: cfg.issuer,
  };

  const person = await withTenant(tenant.id, (tx) => linkedPerson(tx, payload));
  if (person) {
    if (!person.active) throw new WardenError("invalid_credentials", "The account is disabled");
    // "Revoke sessions" also retires the person's tokens issued before it.
    if (person.sessionsRevokedAt && (payload.iat ?? 0) * 1000 < person.sessionsRevokedAt.getTime())
      throw fail("revoked");
    return { ...common, kind: "user", ...personFields(person) };
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

/**
 * The person a tenant identity provider's token names: the link sign-in recorded for this
 * provider and subject, else (as a first sign-in would link) a verified e-mail in a domain the
 * provider serves, of someone this provider has not linked to another subject. null = nobody.
 */
async function providerPerson(
  tx: TenantTx,
  provider: { id: string; emailDomains: string[] },
  tenantDomains: string[],
  payload: JWTPayload,
): Promise<Person | null> {
  const link = await tx.userIdentity.findFirst({
    where: { providerId: provider.id, subject: payload.sub! },
    select: { userId: true },
  });
  if (link) return personAccess(tx, { id: link.userId });
  const email = typeof payload.email === "string" ? payload.email.trim().toLowerCase() : "";
  if (!email || payload.email_verified !== true) return null;
  const domains = (provider.emailDomains.length ? provider.emailDomains : tenantDomains).map((d) => d.toLowerCase());
  if (!domains.includes(email.split("@")[1] ?? "")) return null;
  const person = await personAccess(tx, { email });
  if (!person) return null;
  const taken = await tx.userIdentity.findFirst({
    where: { providerId: provider.id, userId: person.id },
    select: { subject: true },
  });
  return taken && taken.subject !== payload.sub ? null : person;
}

async function tenantProviderActor(cfg: TrustedIssuer, payload: JWTPayload, ids: RequestIds): Promise<Actor> {
  const claimed = payload[cfg.tenantClaim];
  if (claimed !== undefined && claimed !== cfg.tenantSlug) throw fail("tenant claim contradicts the issuer's tenant");
  const amr = Array.isArray(payload.amr) ? payload.amr.map(String) : [];
  const mfa = amr.some((a) => MFA_AMR.has(a.toLowerCase()));
  type Found = { refused: string } | { person: Person | null; requireMfa: boolean };
  const found = await withTenant(cfg.tenantId!, async (tx): Promise<Found> => {
    // The lookup before the tenant may be seconds old: the row decides, now.
    const provider = await tx.identityProvider.findUnique({ where: { id: cfg.identityProviderId! } });
    if (
      !provider?.enabled ||
      !provider.acceptBearerTokens ||
      provider.bearerAudience !== cfg.audience ||
      provider.issuer !== cfg.issuer.replace(/\/+$/, "")
    )
      return { refused: "untrusted issuer" };
    const tenant = await tx.tenant.findUnique({
      where: { id: cfg.tenantId! },
      select: { requireMfa: true, domains: true },
    });
    const person = await providerPerson(tx, provider, tenant?.domains ?? [], payload);
    return { person, requireMfa: tenant?.requireMfa ?? false };
  });
  if ("refused" in found) throw fail(found.refused);
  const { person, requireMfa } = found;
  if (!person) throw fail("it names no user of this tenant");
  if (!person.active) throw new WardenError("invalid_credentials", "The account is disabled");
  if (person.sessionsRevokedAt && (payload.iat ?? 0) * 1000 < person.sessionsRevokedAt.getTime()) throw fail("revoked");
  if (requireMfa && !mfa)
    throw new WardenError("mfa_required", "This tenant requires MFA: the bearer token carries no second factor (amr)");
  return {
    subject: payload.sub!,
    tenantId: cfg.tenantId!,
    tenantSlug: cfg.tenantSlug!,
    authMethod: "oidc",
    mfa,
    requestId: ids.requestId,
    traceId: ids.traceId,
    issuer: cfg.issuer,
    kind: "user",
    ...personFields(person),
  };
}
