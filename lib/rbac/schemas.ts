// Input schemas for roles and user role assignment, shared by /v1 routes and console actions.
import { z } from "zod";
import { BUILT_IN_ROLES, PERMISSIONS } from "./permissions";
import { resourceScopeSchema } from "./scope";

const permission = z.enum(PERMISSIONS, { message: "not a known permission" });

export const roleCreateSchema = z
  .object({
    name: z.string().trim().min(2, "at least 2 characters").max(60),
    description: z.string().trim().max(300).default(""),
    permissions: z.array(permission).max(PERMISSIONS.length).default([]),
    resource_scope: resourceScopeSchema.nullable().default(null),
  })
  .strict();

export const roleUpdateSchema = z
  .object({
    name: z.string().trim().min(2).max(60).optional(),
    description: z.string().trim().max(300).optional(),
    permissions: z.array(permission).max(PERMISSIONS.length).optional(),
    resource_scope: resourceScopeSchema.nullable().optional(),
  })
  .strict();

const roleId = z.string().regex(/^role_[A-Za-z0-9]+$/, "a custom role id (role_…)");

export const userCreateSchema = z
  .object({
    email: z
      .email()
      .max(254)
      .transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1).max(120),
    role: z.enum(BUILT_IN_ROLES).default("viewer"),
    custom_role_id: roleId.nullable().default(null),
    team_ids: z
      .array(z.string().regex(/^tm_[A-Za-z0-9]+$/))
      .max(50)
      .default([]),
  })
  .strict();

export const userUpdateSchema = z
  .object({
    role: z.enum(BUILT_IN_ROLES).optional(),
    custom_role_id: roleId.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

export type RoleCreate = z.infer<typeof roleCreateSchema>;
export type RoleUpdate = z.infer<typeof roleUpdateSchema>;
export type UserCreate = z.infer<typeof userCreateSchema>;
export type UserUpdate = z.infer<typeof userUpdateSchema>;
