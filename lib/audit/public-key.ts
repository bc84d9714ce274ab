// The published verification key for checkpoints and exports (public, no authentication).
import "server-only";
import { z } from "zod";
import { acceptedPublicKeys, signingKey } from "./signing";

export const publicKeyDocumentSchema = z.object({
  alg: z.literal("Ed25519"),
  key_id: z.string().describe("The key signing new exports and checkpoints"),
  public_key_pem: z.string().describe("SPKI PEM of the current key"),
  accepted: z
    .array(z.object({ key_id: z.string(), public_key_pem: z.string() }))
    .describe("Every key whose signatures still verify (rotation)"),
  signature_context: z.string(),
});

export function publicKeyDocument(): z.infer<typeof publicKeyDocumentSchema> {
  const current = signingKey();
  return {
    alg: "Ed25519",
    key_id: current.keyId,
    public_key_pem: current.publicPem,
    accepted: [...acceptedPublicKeys()].map(([key_id, k]) => ({
      key_id,
      public_key_pem: k.export({ type: "spki", format: "pem" }).toString(),
    })),
    signature_context: "warden-audit-export-v1\\n + sha256 hex of the signed bytes",
  };
}
