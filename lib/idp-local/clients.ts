// Client registrations of the local demo IdP: one per demo tenant. The secret is derived from
// AUTH_SECRET (HMAC), so the IdP process and the seed agree on it without it ever being written
// to the repository; the seed stores it sealed in identity_providers.
import { createHmac } from "node:crypto";
import { DEMO_TENANTS } from "@/lib/seed/demo-data";

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
  return DEMO_TENANTS.map((t) => ({
    tenant: t.slug,
    clientId: `warden-${t.slug}`,
    clientSecret: createHmac("sha256", secret).update(`warden-local-idp-client:${t.slug}`).digest("base64url"),
  }));
}
