"use server";
// Server actions for Settings -> API keys. Thin: each re-checks the actor on the server in lib.
import { revalidatePath } from "next/cache";
import { createKeyFromConsole, revokeKeyFromConsole, rotateKeyFromConsole } from "@/lib/auth/api-keys/console";

export async function createKeyAction(input: unknown) {
  const out = await createKeyFromConsole(input);
  if (out.ok) revalidatePath("/settings/api-keys");
  return out;
}

export async function rotateKeyAction(id: string, input: unknown) {
  const out = await rotateKeyFromConsole(id, input);
  if (out.ok) revalidatePath("/settings/api-keys");
  return out;
}

export async function revokeKeyAction(id: string) {
  const out = await revokeKeyFromConsole(id);
  if (out.ok) revalidatePath("/settings/api-keys");
  return out;
}
