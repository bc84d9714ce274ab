"use server";
// Server actions of Settings -> Roles & permissions. Each is declared with action(): the same
// permissions, validation, escalation rule and audit as /v1/roles and /v1/users. The page is
// dynamic, so the client refreshes itself after a change (no cache to revalidate).
import { z } from "zod";
import { action } from "@/lib/http/action";
import { createRole, deleteRole, updateRole } from "@/lib/rbac/custom-roles";
import { roleCreateSchema, roleUpdateSchema, userUpdateSchema } from "@/lib/rbac/schemas";
import { updateUser } from "@/lib/users/users";

const id = z.string().min(1).max(100);

export const createRoleAction = action({ permission: "roles.write", input: roleCreateSchema }, async ({ tx, actor, input }) =>
  createRole(tx, actor, input),
);

export const updateRoleAction = action(
  { permission: "roles.write", input: roleUpdateSchema.extend({ id }) },
  async ({ tx, actor, input: { id: roleId, ...patch } }) => updateRole(tx, actor, roleId, patch),
);

export const deleteRoleAction = action({ permission: "roles.write", input: z.object({ id }).strict() }, async ({ tx, actor, input }) =>
  deleteRole(tx, actor, input.id),
);

export const assignUserRoleAction = action(
  { permission: "users.write", input: userUpdateSchema.pick({ role: true, custom_role_id: true }).extend({ user_id: id }) },
  async ({ tx, actor, input: { user_id, ...patch } }) => updateUser(tx, actor, user_id, patch),
);
