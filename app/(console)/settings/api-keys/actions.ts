"use server";
// Server actions of Settings -> API keys, declared with action(): the same permission,
// validation, escalation rule and audit as /v1/auth/keys (both call lib/auth/api-keys/manage).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createKey, revokeKey, rotateKey } from "@/lib/auth/api-keys/manage";
import { createKeySchema, rotateKeySchema } from "@/lib/auth/api-keys/schemas";
import { action } from "@/lib/http/action";

const id = z.string().min(1).max(100);
const PAGE = "/settings/api-keys";

export const createKeyAction = action(
  { permission: "api_keys.write", input: createKeySchema },
  async ({ tx, actor, input }) => {
    const key = await createKey(
      tx,
      actor,
      { name: input.name, role: input.role, scopes: input.scopes, ttlDays: input.ttl_days },
      "console",
    );
    revalidatePath(PAGE);
    return key;
  },
);

export const rotateKeyAction = action(
  { permission: "api_keys.write", input: rotateKeySchema.extend({ id }) },
  async ({ tx, actor, input }) => {
    const key = await rotateKey(tx, actor, input.id, { overlapHours: input.overlap_hours, ttlDays: input.ttl_days });
    revalidatePath(PAGE);
    return key;
  },
);

export const revokeKeyAction = action(
  { permission: "api_keys.write", input: z.object({ id }) },
  async ({ tx, actor, input }) => {
    const key = await revokeKey(tx, actor, input.id);
    revalidatePath(PAGE);
    return key;
  },
);
