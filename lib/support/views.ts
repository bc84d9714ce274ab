// The shapes of support access (ADR 0037) as /v1 and the console see them. Pure.
import { z } from "zod";

export const SUPPORT_ROLES = ["read_only", "admin"] as const;
export type SupportRole = (typeof SUPPORT_ROLES)[number];
export const SUPPORT_MAX_HOURS = 72;

export const supportGrantView = z.object({
  id: z
    .string()
    .describe(
      "The grant id; every audit entry written under it names it as the actor (actor kind and auth method `support`)",
    ),
  operator_id: z.string(),
  operator_email: z.string().describe("The platform operator the grant names"),
  role: z
    .enum(SUPPORT_ROLES)
    .describe("`read_only`: every read permission; `admin`: an admin's permissions except managing support access"),
  reason: z.string(),
  granted_by: z.string().describe("The user id of the admin who granted it"),
  created_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
  status: z.enum(["active", "expired", "revoked"]),
  uses: z.number().int().describe("Audit entries written under this grant"),
  last_used_at: z.string().nullable().describe("The newest of them"),
});
export type SupportGrantView = z.infer<typeof supportGrantView>;
export const supportGrantList = z.object({ data: z.array(supportGrantView) });

export const supportGrantInput = z
  .object({
    operator_email: z.string().trim().toLowerCase().email().max(254).describe("The platform operator's e-mail address"),
    role: z.enum(SUPPORT_ROLES).default("read_only"),
    hours: z
      .number()
      .int()
      .min(1)
      .max(SUPPORT_MAX_HOURS)
      .describe(`How long the access lasts, 1-${SUPPORT_MAX_HOURS} hours`),
    reason: z.string().trim().min(1).max(500).describe("Why (for example the support ticket)"),
  })
  .strict();
export type SupportGrantInput = z.infer<typeof supportGrantInput>;

/** An operator's own live grant, in Platform. */
export const operatorGrantView = z.object({
  id: z.string(),
  tenant_id: z.string(),
  tenant_slug: z.string(),
  tenant_name: z.string(),
  role: z.enum(SUPPORT_ROLES),
  reason: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});
export type OperatorGrantView = z.infer<typeof operatorGrantView>;
export const operatorGrantList = z.object({ data: z.array(operatorGrantView) });
