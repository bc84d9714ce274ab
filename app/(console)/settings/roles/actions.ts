"use server";
// Server actions of Settings -> Roles & permissions. Each is declared with action(): the same
// permissions, validation, escalation rule and audit as /v1/roles and /v1/users. The page is
// dynamic, so the client refreshes itself after a change (no cache to revalidate).
import { z } from "zod";
import { action } from "@/lib/http/action";
import { createRole, deleteRole, updateRole } from "@/lib/rbac/custom-roles";
import { roleCreateSchema, roleUpdateSchema, userUpdateSchema } from "@/lib/rbac/schemas";
import { unlessHeld } from "@/lib/monitoring/power";
import { updateUser } from "@/lib/users/users";

const id = z.string().min(1).max(100);

// Changes of power run in their own transaction (unlessHeld, lib/monitoring/power.ts): one held for
// a second admin commits its approval request, then fails with the message the page shows.
export const createRoleAction = action(
  { permission: "roles.write", input: roleCreateSchema, tenantTx: false },
  async ({ actor, input }) => unlessHeld(actor, (tx) => createRole(tx, actor, input)),
);

export const updateRoleAction = action(
  { permission: "roles.write", input: roleUpdateSchema.extend({ id }), tenantTx: false },
  async ({ actor, input: { id: roleId, ...patch } }) => unlessHeld(actor, (tx) => updateRole(tx, actor, roleId, patch)),
);

export const deleteRoleAction = action(
  { permission: "roles.write", input: z.object({ id }).strict() },
  async ({ tx, actor, input }) => deleteRole(tx, actor, input.id),
);

export const assignUserRoleAction = action(
  {
    permission: "users.write",
    input: userUpdateSchema.pick({ role: true, custom_role_id: true }).extend({ user_id: id }),
    tenantTx: false,
  },
  async ({ actor, input: { user_id, ...patch } }) => unlessHeld(actor, (tx) => updateUser(tx, actor, user_id, patch)),
);
