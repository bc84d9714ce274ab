"use server";
// Server actions of the governance console, declared with action(): the same permissions,
// zod schemas, business rules and audit as /v1/customers, /v1/teams, /v1/users,
// /v1/virtual-keys and /v1/providers (both call lib/governance and lib/users).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ownerDetails } from "@/lib/governance/read-models";
import {
  createCustomer,
  customerCreateSchema,
  customerPatchSchema,
  deleteCustomer,
  updateCustomer,
} from "@/lib/governance/customers";
import { OWNER_TYPES, ownerLimitsSchema, setOwnerLimits } from "@/lib/governance/owner-limits";
import { ownerSearchSchema, searchOwners } from "@/lib/governance/owner-search";
import {
  createLlmProvider,
  deleteLlmProvider,
  providerCreateSchema,
  providerPatchSchema,
  updateLlmProvider,
} from "@/lib/governance/providers";
import { createTeam, deleteTeam, teamCreateSchema, teamUpdateSchema, updateTeam } from "@/lib/governance/teams";
import {
  createVirtualKey,
  revokeVirtualKey,
  rotateVirtualKey,
  updateVirtualKey,
  virtualKeyCreateSchema,
  virtualKeyPatchSchema,
  virtualKeyRotateSchema,
} from "@/lib/governance/virtual-keys";
import { action } from "@/lib/http/action";
import { unlessHeld } from "@/lib/monitoring/power";
import { createUser, updateUser, userCreateSchema, userPatchSchema } from "@/lib/users/users";

const id = { id: z.string().min(1).max(100) };
const refresh = () => revalidatePath("/governance", "layout");

export const createCustomerAction = action(
  { permission: "customers.write", input: customerCreateSchema },
  async ({ tx, actor, input }) => {
    const out = await createCustomer(tx, actor, input);
    refresh();
    return out;
  },
);

export const updateCustomerAction = action(
  { permission: "customers.write", input: customerPatchSchema.extend(id) },
  async ({ tx, actor, input: { id, ...patch } }) => {
    const out = await updateCustomer(tx, actor, id, patch);
    refresh();
    return out;
  },
);

/** Refused (409, audited) while teams or usable keys still belong to the customer. */
export const deleteCustomerAction = action(
  { permission: "customers.write", input: z.object(id) },
  async ({ tx, actor, input }) => {
    await deleteCustomer(tx, actor, input.id);
    refresh();
    return { id: input.id, deleted: true };
  },
);

export const createTeamAction = action(
  { permission: "teams.write", input: teamCreateSchema },
  async ({ tx, actor, input }) => {
    const out = await createTeam(tx, actor, input);
    refresh();
    return out;
  },
);

export const updateTeamAction = action(
  { permission: "teams.write", input: teamUpdateSchema.extend(id) },
  async ({ tx, actor, input: { id, ...patch } }) => {
    const out = await updateTeam(tx, actor, id, patch);
    refresh();
    return out;
  },
);

/** Refused (409, audited) while members, usable keys, scoped roles or a policy depend on the team. */
export const deleteTeamAction = action(
  { permission: "teams.write", input: z.object(id) },
  async ({ tx, actor, input }) => {
    await deleteTeam(tx, actor, input.id);
    refresh();
    return { id: input.id, deleted: true };
  },
);

// Own transaction: a change of power held for approval commits its request, then fails with the message.
export const createUserAction = action(
  { permission: "users.write", input: userCreateSchema, tenantTx: false },
  async ({ actor, input }) => {
    const out = await unlessHeld(actor, (tx) => createUser(tx, actor, input));
    refresh();
    return out;
  },
);

export const updateUserAction = action(
  { permission: "users.write", input: userPatchSchema.extend(id), tenantTx: false },
  async ({ actor, input: { id, ...patch } }) => {
    const out = await unlessHeld(actor, (tx) => updateUser(tx, actor, id, patch));
    refresh();
    return out;
  },
);

export const createVirtualKeyAction = action(
  { permission: "virtual_keys.write", input: virtualKeyCreateSchema },
  async ({ tx, actor, input }) => {
    const out = await createVirtualKey(tx, actor, input);
    refresh();
    return out;
  },
);

export const updateVirtualKeyAction = action(
  { permission: "virtual_keys.write", input: virtualKeyPatchSchema.extend(id) },
  async ({ tx, actor, input: { id, ...patch } }) => {
    const out = await updateVirtualKey(tx, actor, id, patch);
    refresh();
    return out;
  },
);

export const rotateVirtualKeyAction = action(
  { permission: "virtual_keys.write", input: virtualKeyRotateSchema.extend(id) },
  async ({ tx, actor, input }) => {
    const out = await rotateVirtualKey(tx, actor, input.id, input.overlap_seconds);
    refresh();
    return out;
  },
);

export const revokeVirtualKeyAction = action(
  { permission: "virtual_keys.write", input: z.object(id) },
  async ({ tx, actor, input }) => {
    await revokeVirtualKey(tx, actor, input.id);
    refresh();
    return { id: input.id, revoked: true };
  },
);

export const createProviderAction = action(
  { permission: "governance.write", input: providerCreateSchema },
  async ({ tx, actor, input }) => {
    const out = await createLlmProvider(tx, actor, input);
    refresh();
    return out;
  },
);

export const updateProviderAction = action(
  { permission: "governance.write", input: providerPatchSchema.extend(id) },
  async ({ tx, actor, input: { id, ...patch } }) => {
    const out = await updateLlmProvider(tx, actor, id, patch);
    refresh();
    return out;
  },
);

/** Refused (409, audited) while allow-lists of usable keys or active users name the provider or its models. */
export const deleteProviderAction = action(
  { permission: "governance.write", input: z.object(id) },
  async ({ tx, actor, input }) => {
    await deleteLlmProvider(tx, actor, input.id);
    refresh();
    return { id: input.id, deleted: true };
  },
);

export const setLimitsAction = action(
  { permission: "governance.write", input: ownerLimitsSchema },
  async ({ tx, actor, input }) => {
    const out = await setOwnerLimits(tx, actor, input);
    refresh();
    return out;
  },
);

/** The details sheet's data: a read, so it needs only governance.read. */
export const ownerDetailsAction = action(
  { permission: "governance.read", input: z.object({ type: z.enum(OWNER_TYPES), ...id }) },
  async ({ tx, actor, input }) => ownerDetails(tx, actor, input.type, input.id),
);

/**
 * The owner pickers of the forms: up to 20 customers, teams, users or virtual keys matching the
 * typed text (first 20 by name when empty), or the one owner with the given id; team scope applies.
 */
export const searchOwnersAction = action(
  { permission: "governance.read", input: ownerSearchSchema },
  async ({ tx, actor, input }) => searchOwners(tx, actor, input),
);
