"use server";
// Settings -> Identity actions. Each one resolves the console actor and re-checks identity.write
// on the server (the page hiding a button is not a permission check), then writes inside the
// tenant transaction with its audit entry.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getConsoleActor } from "@/lib/auth/console";
import type { Actor } from "@/lib/auth/actor";
import { toErrorBody } from "@/lib/errors";
import { createProvider, deleteProvider, getProviderOrThrow, setRequireMfa, updateProvider } from "@/lib/identity/providers";
import { createProviderSchema, updateProviderSchema } from "@/lib/identity/schemas";
import { testOidcDiscovery, type ConnectionResult } from "@/lib/identity/test-connection";
import { authorize } from "@/lib/rbac/authorize";
import { withTenant } from "@/lib/tenancy/with-tenant";

export type ActionState = { ok: boolean; message: string; issues?: { path: string; message: string }[] } | null;

async function writer(): Promise<Actor> {
  const actor = await getConsoleActor();
  if (!actor) throw new Error("Your session has ended; sign in again");
  authorize(actor, "identity.write");
  return actor;
}

function failure(e: unknown): ActionState {
  const { body } = toErrorBody(e, "action");
  if (body.error.type === "internal_error" && e instanceof Error && /session has ended/.test(e.message)) return { ok: false, message: e.message };
  return { ok: false, message: body.error.message, issues: body.error.issues };
}

/** The form posts one JSON field ("payload") so nested values (the role mapping) keep their shape. */
function payload(form: FormData): Record<string, unknown> {
  return JSON.parse(String(form.get("payload") ?? "{}")) as Record<string, unknown>;
}

export async function saveProviderAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const actor = await writer();
    const data = payload(form);
    const id = typeof data.id === "string" ? data.id : null;
    delete data.id;
    if (id) {
      if (!data.client_secret) delete data.client_secret; // blank keeps the stored secret
      const input = updateProviderSchema.parse(data);
      await withTenant(actor, (tx) => updateProvider(tx, actor, id, input));
    } else {
      const input = createProviderSchema.parse(data);
      await withTenant(actor, (tx) => createProvider(tx, actor, input));
    }
    revalidatePath("/settings/identity");
    return { ok: true, message: id ? "Identity provider saved" : "Identity provider added" };
  } catch (e) {
    return failure(e);
  }
}

export async function deleteProviderAction(id: string): Promise<ActionState> {
  try {
    const actor = await writer();
    await withTenant(actor, (tx) => deleteProvider(tx, actor, z.string().parse(id)));
    revalidatePath("/settings/identity");
    return { ok: true, message: "Identity provider removed" };
  } catch (e) {
    return failure(e);
  }
}

export async function testConnectionAction(id: string): Promise<ConnectionResult> {
  try {
    const actor = await writer();
    const row = await withTenant(actor, (tx) => getProviderOrThrow(tx, z.string().parse(id)));
    return await testOidcDiscovery(row.issuer);
  } catch (e) {
    return { ok: false, message: failure(e)?.message ?? "The test could not run", checks: [] };
  }
}

export async function setMfaRequiredAction(required: boolean): Promise<ActionState> {
  try {
    const actor = await writer();
    await withTenant(actor, (tx) => setRequireMfa(tx, actor, z.boolean().parse(required)));
    revalidatePath("/settings/identity");
    return { ok: true, message: required ? "MFA is now required at sign-in" : "MFA is no longer required" };
  } catch (e) {
    return failure(e);
  }
}
