// An issuer's OpenID Connect discovery document, fetched through the outbound guard
// (lib/net/outbound.ts) and kept per issuer; a failed fetch is forgotten so the next use retries.
// The JWKS location (jwks.ts), the token endpoint of a session refresh and the end_session_endpoint
// of RP-initiated logout (lib/auth/sessions/idp-refresh.ts, idp-logout.ts; ADR 0034) come from here.
import "server-only";
import { outboundFetch } from "@/lib/net/outbound";

export interface DiscoveryDocument {
  issuer: string;
  jwks_uri?: string;
  token_endpoint?: string;
  end_session_endpoint?: string;
}

const documents = new Map<string, { at: number; doc: Promise<DiscoveryDocument> }>();
const KEEP_MS = 10 * 60_000;

export async function discover(issuer: string): Promise<DiscoveryDocument> {
  const hit = documents.get(issuer);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.doc;
  const doc = (async () => {
    const res = await outboundFetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    const body = (await res.json()) as Partial<DiscoveryDocument>;
    if (body.issuer !== issuer) throw new Error("discovery names a different issuer");
    const url = (v: unknown) => (typeof v === "string" && /^https?:\/\//.test(v) ? v : undefined);
    return {
      issuer,
      jwks_uri: url(body.jwks_uri),
      token_endpoint: url(body.token_endpoint),
      end_session_endpoint: url(body.end_session_endpoint),
    };
  })();
  documents.set(issuer, { at: Date.now(), doc });
  doc.catch(() => documents.delete(issuer));
  return doc;
}

/** Tests: forget every discovery document. */
export function resetDiscovery(): void {
  documents.clear();
}
