// The published verification key for checkpoints and exports (public, no authentication).
import "server-only";
import { acceptedPublicKeys, signingKey } from "./signing";

export function publicKeyDocument() {
  const current = signingKey();
  return {
    alg: "Ed25519",
    key_id: current.keyId,
    public_key_pem: current.publicPem,
    accepted: [...acceptedPublicKeys()].map(([key_id, k]) => ({ key_id, public_key_pem: k.export({ type: "spki", format: "pem" }).toString() })),
    signature_context: "warden-audit-export-v1\\n + sha256 hex of the signed bytes",
  };
}
