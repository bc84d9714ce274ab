// The tenant's MFA policy (whether sign-in requires a second factor), as /v1/auth/mfa-policy and
// Settings -> Identity see it: the same functions and the same audit entry on both.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { getRequireMfa, setRequireMfa } from "./providers";

export const mfaPolicySchema = z.object({
  require_mfa: z
    .boolean()
    .describe("OIDC sign-in (SSO) refuses people whose identity provider reports no second factor in the amr claim"),
});
export type MfaPolicy = z.infer<typeof mfaPolicySchema>;

export const mfaPolicyPatchSchema = mfaPolicySchema.strict();

export async function mfaPolicy(tx: TenantTx): Promise<MfaPolicy> {
  return { require_mfa: await getRequireMfa(tx) };
}

export async function updateMfaPolicy(
  tx: TenantTx,
  actor: Actor,
  input: z.infer<typeof mfaPolicyPatchSchema>,
): Promise<MfaPolicy> {
  await setRequireMfa(tx, actor, input.require_mfa);
  return mfaPolicy(tx);
}
