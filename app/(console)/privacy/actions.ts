"use server";
// Server actions of the Privacy page, declared with action(): the same permissions, validation
// and audit as /v1/privacy (both call lib/privacy).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/http/action";
import { consentSchema, recordConsent } from "@/lib/privacy/consent";
import { deletePolicy, policyPutSchema, putPolicy } from "@/lib/privacy/policies";
import {
  approveRequest,
  completeRequestCommitted,
  createRequest,
  rejectRequest,
  requestCreateSchema,
} from "@/lib/privacy/requests";
import { putRetention, retentionRunSchema, retentionSchema, runRetention } from "@/lib/privacy/retention";

const id = z.string().min(1).max(100);
const PAGE = "/privacy";
const done = <T>(v: T) => {
  revalidatePath(PAGE);
  return v;
};

export const createRequestAction = action(
  { permission: "privacy.write", input: requestCreateSchema },
  async ({ tx, actor, input }) => done(await createRequest(tx, actor, input)),
);

export const approveRequestAction = action(
  { permission: "privacy.write", input: z.object({ id }) },
  async ({ tx, actor, input }) => done(await approveRequest(tx, actor, input.id)),
);

export const rejectRequestAction = action(
  { permission: "privacy.write", input: z.object({ id, reason: z.string().min(1).max(500) }) },
  async ({ tx, actor, input }) => done(await rejectRequest(tx, actor, input.id, input.reason)),
);

// Its own transaction: an erasure also clears a pre-tenant table after the commit.
export const completeRequestAction = action(
  { permission: "privacy.write", input: z.object({ id }), tenantTx: false },
  async ({ actor, input }) => done(await completeRequestCommitted(actor, input.id)),
);

export const recordConsentAction = action(
  { permission: "privacy.write", input: consentSchema },
  async ({ tx, actor, input }) => done(await recordConsent(tx, actor, { ...input, source: "console" })),
);

export const saveRetentionAction = action(
  { permission: "privacy.write", input: retentionSchema },
  async ({ tx, actor, input }) => done(await putRetention(tx, actor, input)),
);

export const runRetentionAction = action(
  { permission: "privacy.write", input: retentionRunSchema, tenantTx: false },
  async ({ actor, input }) => done(await runRetention(actor.tenantId, { dryRun: input.dry_run, actor })),
);

export const savePolicyAction = action(
  { permission: "privacy.write", input: policyPutSchema },
  async ({ tx, actor, input }) => done(await putPolicy(tx, actor, input)),
);

export const deletePolicyAction = action(
  { permission: "privacy.write", input: z.object({ id }) },
  async ({ tx, actor, input }) => done(await deletePolicy(tx, actor, input.id)),
);
