"use server";
// Settings -> Identity actions, declared with action(): the same permissions, validation and
// audit as /v1/identity/providers (both call lib/identity). The page hiding a button is not a
// permission check; the declaration is.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/http/action";
import {
  createIdentityProvider,
  deleteIdentityProvider,
  setRequireMfa,
  updateIdentityProvider,
} from "@/lib/identity/providers";
import { createProviderSchema, updateProviderSchema } from "@/lib/identity/schemas";
import { testProviderConnection } from "@/lib/identity/test-connection";
import { unlessHeld } from "@/lib/monitoring/power";

const id = z.string().min(1).max(100);
const PAGE = "/settings/identity";

/**
 * Create (no id) or update (with id) one provider; a blank client_secret keeps the stored one.
 * Own transaction: a change held for a second admin (unlessHeld, lib/monitoring/power.ts) commits
 * its approval request, then fails with the message the form shows.
 */
export const saveProviderAction = action(
  { permission: "identity.write", input: z.looseObject({ id: id.optional() }), tenantTx: false },
  async ({ actor, input: { id: providerId, ...data } }) => {
    if (providerId) {
      if (!data.client_secret) delete data.client_secret;
      await unlessHeld(actor, (tx) => updateIdentityProvider(tx, actor, providerId, updateProviderSchema.parse(data)));
    } else {
      await unlessHeld(actor, (tx) => createIdentityProvider(tx, actor, createProviderSchema.parse(data)));
    }
    revalidatePath(PAGE);
    return { message: providerId ? "Identity provider saved" : "Identity provider added" };
  },
);

export const deleteProviderAction = action(
  { permission: "identity.write", input: z.object({ id }), tenantTx: false },
  async ({ actor, input }) => {
    await unlessHeld(actor, (tx) => deleteIdentityProvider(tx, actor, input.id));
    revalidatePath(PAGE);
    return { message: "Identity provider removed" };
  },
);

// identity.write like POST /v1/identity/providers/{id}/test: it makes the server fetch a URL.
export const testConnectionAction = action(
  { permission: "identity.write", input: z.object({ id }), tenantTx: false },
  async ({ actor, input }) => testProviderConnection(actor, input.id),
);

export const setMfaRequiredAction = action(
  { permission: "identity.write", input: z.object({ required: z.boolean() }) },
  async ({ tx, actor, input }) => {
    await setRequireMfa(tx, actor, input.required);
    revalidatePath(PAGE);
    return { message: input.required ? "MFA is now required at sign-in" : "MFA is no longer required" };
  },
);
