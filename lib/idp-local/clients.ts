// Client registrations of the local demo IdP: one per demo tenant. The secret is derived from
// AUTH_SECRET (HMAC), so the IdP process and the seed agree on it without it ever being written
// to the repository; the seed stores it sealed in identity_providers.
import { createHmac } from "node:crypto";
import { DEMO_TENANTS } from "@/lib/seed/demo-data";
import { PLATFORM_TENANT } from "./accounts";

export const DEFAULT_LOCAL_IDP_PORT = 3900;

export function localIdpIssuer(env: NodeJS.ProcessEnv = process.env): string {
  const port = Number(env.WARDEN_LOCAL_IDP_PORT || DEFAULT_LOCAL_IDP_PORT);
  // 127.0.0.1 everywhere: "localhost" vs 127.0.0.1 breaks issuer matching.
  return `http://127.0.0.1:${port}`;
}

export interface LocalClient {
  tenant: string;
  clientId: string;
  clientSecret: string;
}

export function localIdpClients(env: NodeJS.ProcessEnv = process.env): LocalClient[] {
  const secret = env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is required to derive the local IdP client secrets");
  // One client per demo tenant, and "warden-platform" for the platform operators (ADR 0032).
  return [...DEMO_TENANTS.map((t) => t.slug), PLATFORM_TENANT].map((slug) => ({
    tenant: slug,
    clientId: `warden-${slug}`,
    clientSecret: createHmac("sha256", secret).update(`warden-local-idp-client:${slug}`).digest("base64url"),
  }));
}

/** The platform operators' client of the local IdP, as WARDEN_PLATFORM_OIDC_* settings. */
export function localPlatformClientEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const c = localIdpClients(env).find((x) => x.tenant === PLATFORM_TENANT)!;
  return {
    WARDEN_PLATFORM_OIDC_ISSUER: localIdpIssuer(env),
    WARDEN_PLATFORM_OIDC_CLIENT_ID: c.clientId,
    WARDEN_PLATFORM_OIDC_CLIENT_SECRET: c.clientSecret,
  };
}
