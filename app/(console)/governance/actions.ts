"use server";
// Server actions of the governance consoles for what has no /v1 route (ADR 0042, rule 2): the
// details sheet's read model and the owner pickers' search. The consoles' writes to customers,
// teams, users, virtual keys, providers and owners' limits go through /v1
// (components/governance/use-governance-actions.ts).
import { z } from "zod";
import { ownerDetails } from "@/lib/governance/read-models";
import { OWNER_TYPES } from "@/lib/governance/owner-limits";
import { ownerSearchSchema, searchOwners } from "@/lib/governance/owner-search";
import { action } from "@/lib/http/action";

const id = { id: z.string().min(1).max(100) };

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
