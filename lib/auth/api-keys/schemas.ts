// Input schemas for API-key management, shared by /v1/auth/keys and the console actions.
import { z } from "zod";
import { PERMISSIONS } from "@/lib/rbac/permissions";

export const createKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  role: z.string().trim().min(1).max(64),
  scopes: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).optional(),
  ttl_days: z.number().positive().max(3650).optional(),
});

export const rotateKeySchema = z.object({
  overlap_hours: z.number().min(0).max(24 * 30).optional(),
  ttl_days: z.number().positive().max(3650).optional(),
});
