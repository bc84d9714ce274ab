// One cached remote JWKS per issuer. jose's createRemoteJWKSet keeps the keys in memory and
// refetches when a token names an unknown kid, but at most once per cooldown, so a stream of
// forged kids cannot turn Warden into a JWKS-fetching amplifier. Header-supplied key
// locations (jku, x5u) and embedded keys (jwk) are never used: keys come only from here.
// Discovery and JWKS fetches pass the outbound guard (lib/net/outbound.ts), pinned to the address
// it checked: an issuer or jwks_uri at an internal address is refused.
import "server-only";
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from "jose";
import { outboundFetch } from "@/lib/net/outbound";
import { discover, resetDiscovery } from "./discovery";
import type { TrustedIssuer } from "./issuers";

const sets = new Map<string, JWTVerifyGetKey>();

function cooldownMs(): number {
  const s = Number(process.env.WARDEN_OIDC_JWKS_COOLDOWN_SECONDS);
  return (Number.isFinite(s) && s >= 0 ? s : 30) * 1000;
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const doc = await discover(issuer);
  if (!doc.jwks_uri) throw new Error("discovery has no jwks_uri");
  return doc.jwks_uri;
}

export async function jwksFor(cfg: Pick<TrustedIssuer, "issuer" | "jwksUri">): Promise<JWTVerifyGetKey> {
  const uri = cfg.jwksUri ?? (await discoverJwksUri(cfg.issuer));
  let set = sets.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri), {
      cooldownDuration: cooldownMs(),
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 5000,
      [customFetch]: outboundFetch,
    });
    sets.set(uri, set);
  }
  return set;
}

/** Tests: forget every cached key set and discovery document. */
export function resetJwksCache(): void {
  sets.clear();
  resetDiscovery();
}
