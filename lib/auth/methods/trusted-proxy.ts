// Trusted-proxy identity headers, for deployments behind an authenticating ingress. Off by
// default; on only with WARDEN_TRUST_PROXY_AUTH=1 AND a WARDEN_TRUST_PROXY_SECRET of at least
// 32 bytes, which the proxy sends in x-warden-proxy-secret (compared in constant time).
// Proxy headers while off (or misconfigured) => 401: they are never silently ignored.
// A user the tenant knows (x-warden-user = e-mail or user id) acts with their effective
// permissions and scope from the database; x-warden-role applies only to people it does not know.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { personFields } from "@/lib/auth/actor";
import { bearerClientThrottle } from "@/lib/auth/throttle";
import { clientIp } from "@/lib/http/client-ip";
import { WardenError } from "@/lib/errors";
import { permissionsForRole, personAccess } from "@/lib/rbac/authorize";
import { isBuiltInRole } from "@/lib/rbac/permissions";
import { tenantBySlug } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { AuthMethodResolver } from "./types";
import { log } from "@/lib/observability/log";

export const PROXY_HEADERS = ["x-warden-proxy-secret", "x-warden-user", "x-warden-tenant", "x-warden-role"] as const;
const MIN_SECRET_BYTES = 32;

export type ProxyConfig = { state: "off" } | { state: "refused"; reason: string } | { state: "on"; secret: Buffer };

let warned = "";

/** Read on every call so the setting follows the environment; logs a refusal once. */
export function trustedProxyConfig(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  if (env.WARDEN_TRUST_PROXY_AUTH !== "1") return { state: "off" };
  const secret = Buffer.from(env.WARDEN_TRUST_PROXY_SECRET ?? "", "utf8");
  if (secret.length < MIN_SECRET_BYTES) {
    const reason = `WARDEN_TRUST_PROXY_AUTH=1 but WARDEN_TRUST_PROXY_SECRET is shorter than ${MIN_SECRET_BYTES} bytes: trusted-proxy authentication stays OFF`;
    if (warned !== reason) log.error(reason);
    warned = reason;
    return { state: "refused", reason };
  }
  return { state: "on", secret };
}

const digest = (b: Buffer) => createHash("sha256").update(b).digest();

function secretMatches(presented: string, expected: Buffer): boolean {
  // Hash both sides so the comparison is constant-time whatever the presented length.
  return timingSafeEqual(digest(Buffer.from(presented, "utf8")), digest(expected));
}

export const resolveTrustedProxy: AuthMethodResolver = async ({ headers, ids }) => {
  if (!PROXY_HEADERS.some((h) => headers.has(h))) return null;
  const cfg = trustedProxyConfig();
  if (cfg.state !== "on") throw new WardenError("invalid_credentials", "Trusted-proxy authentication is not enabled");
  const client = [`ip:${clientIp(headers)}`];
  bearerClientThrottle.check(client);
  if (!secretMatches(headers.get("x-warden-proxy-secret") ?? "", cfg.secret)) {
    bearerClientThrottle.fail(client);
    throw new WardenError("invalid_credentials", "The trusted-proxy secret is not valid");
  }
  const user = headers.get("x-warden-user")?.trim();
  const slug = headers.get("x-warden-tenant")?.trim();
  const role = headers.get("x-warden-role")?.trim().toLowerCase();
  if (!user || !slug || !role)
    throw new WardenError(
      "invalid_credentials",
      "The proxy must send x-warden-user, x-warden-tenant and x-warden-role",
    );
  if (!isBuiltInRole(role)) throw new WardenError("invalid_credentials", "The proxy sent an unknown role");
  const tenant = await tenantBySlug(slug);
  if (!tenant) throw new WardenError("invalid_credentials", "The proxy sent an unknown tenant");
  const common = {
    kind: "user" as const,
    subject: user,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    authMethod: "proxy" as const,
    mfa: false,
    requestId: ids.requestId,
    traceId: ids.traceId,
  };
  const ref = user.includes("@") ? { email: user } : /^usr_[A-Za-z0-9]+$/.test(user) ? { id: user } : null;
  const person = ref ? await withTenant(tenant.id, (tx) => personAccess(tx, ref)) : null;
  if (person) {
    if (!person.active) throw new WardenError("invalid_credentials", "The account is disabled");
    return { ...common, ...personFields(person) };
  }
  return {
    ...common,
    role,
    permissions: await permissionsForRole(role),
    email: user.includes("@") ? user : undefined,
    displayName: headers.get("x-warden-name")?.trim() || undefined,
  };
};
