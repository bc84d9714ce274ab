// Input schemas for API-key management, shared by /v1/auth/keys and the console actions.
import { z } from "zod";
import { PERMISSIONS } from "@/lib/rbac/permissions";

export const createKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  role: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe("A built-in role (admin, developer, viewer) or a custom role id; never above your own"),
  scopes: z
    .array(z.enum(PERMISSIONS))
    .max(PERMISSIONS.length)
    .optional()
    .describe("Narrow the key to these permissions"),
  ttl_days: z
    .number()
    .positive()
    .max(3650)
    .optional()
    .describe("Lifetime in days (default and maximum from GET /v1/auth/policy)"),
});

export const rotateKeySchema = z.object({
  overlap_hours: z
    .number()
    .min(0)
    .max(24 * 30)
    .optional()
    .describe("How long the old secret keeps working (default from the policy)"),
  ttl_days: z.number().positive().max(3650).optional().describe("Lifetime of the new key in days"),
});
