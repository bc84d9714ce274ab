// GET, PATCH /v1/auth/mfa-policy - whether sign-in requires MFA in this tenant (the switch in
// Settings -> Identity; the same permission, function and audit entry)
import { route } from "@/lib/http/route";
import { mfaPolicy, mfaPolicyPatchSchema, mfaPolicySchema, updateMfaPolicy } from "@/lib/identity/mfa-policy";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "identity.read",
    summary: "Get the MFA policy",
    description: "Whether this tenant's OIDC sign-in requires a second factor (the identity provider's amr claim).",
    response: mfaPolicySchema,
    example: {},
  },
  async ({ tx }) => mfaPolicy(tx),
);

export const PATCH = route(
  {
    permission: "identity.write",
    summary: "Set the MFA policy",
    description:
      "Requires (or stops requiring) MFA at sign-in; audited as tenant.mfa_policy.update with the previous value. Sessions already open are not ended.",
    body: mfaPolicyPatchSchema,
    response: mfaPolicySchema,
    example: { body: { require_mfa: true } },
  },
  async ({ tx, actor, body }) => updateMfaPolicy(tx, actor, body),
);
