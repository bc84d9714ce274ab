// The console side of API keys: the page's data and the server actions' bodies. Every action
// re-resolves the console actor and re-checks api_keys.write on the server; the UI's hiding of
// buttons is only a hint.
import "server-only";
import { getConsoleContext } from "@/lib/auth/console";
import type { PublicActor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import type { Permission } from "@/lib/rbac/permissions";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createKey, listKeys, revokeKey, rotateKey, type KeyManager } from "./manage";
import { apiKeyPolicy } from "./policy";
import { createKeySchema, rotateKeySchema } from "./schemas";
import type { KeyView } from "./view";

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: string; issues?: { path: string; message: string }[] };

function manager(actor: PublicActor): KeyManager {
  return { tenantId: actor.tenantId, subject: actor.subject, kind: "user", userId: actor.userId, authMethod: actor.authMethod, permissions: new Set(actor.permissions) };
}

async function consoleActor(permission: Permission): Promise<PublicActor> {
  const ctx = await getConsoleContext();
  if (!ctx) throw new WardenError("authentication_required", "Your session has ended; sign in again");
  if (!ctx.actor.permissions.includes(permission)) throw new WardenError("user_not_authorized", `This action requires the permission ${permission}`);
  return ctx.actor;
}

async function guarded<T>(permission: Permission, fn: (actor: PublicActor) => Promise<{ ok: true; value: T } | { ok: false; error: WardenError }>): Promise<ActionResult<T>> {
  try {
    const out = await fn(await consoleActor(permission));
    return out.ok ? out : { ok: false, error: out.error.message };
  } catch (e) {
    if (e instanceof WardenError) return { ok: false, error: e.message, issues: e.issues };
    if ((e as { name?: string }).name === "ZodError") {
      const issues = (e as { issues: { path: PropertyKey[]; message: string }[] }).issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
      return { ok: false, error: "Check the highlighted fields", issues };
    }
    console.error("[warden] API key action failed", e);
    return { ok: false, error: "Something went wrong; nothing was changed" };
  }
}

export async function loadKeysPage(actor: PublicActor) {
  const { data } = await withTenant(actor.tenantId, (tx) => listKeys(tx, { limit: 200 }));
  return { keys: data, policy: apiKeyPolicy() };
}

export function createKeyFromConsole(input: unknown): Promise<ActionResult<KeyView & { secret: string }>> {
  return guarded("api_keys.write", async (actor) => {
    const body = createKeySchema.parse(input);
    return withTenant(actor.tenantId, (tx) => createKey(tx, manager(actor), { name: body.name, role: body.role, scopes: body.scopes, ttlDays: body.ttl_days }, "console"));
  });
}

export function rotateKeyFromConsole(id: string, input: unknown): Promise<ActionResult<KeyView & { secret: string }>> {
  return guarded("api_keys.write", async (actor) => {
    const body = rotateKeySchema.parse(input ?? {});
    return withTenant(actor.tenantId, (tx) => rotateKey(tx, manager(actor), String(id), { overlapHours: body.overlap_hours, ttlDays: body.ttl_days }));
  });
}

export function revokeKeyFromConsole(id: string): Promise<ActionResult<KeyView>> {
  return guarded("api_keys.write", async (actor) => withTenant(actor.tenantId, (tx) => revokeKey(tx, manager(actor), String(id))));
}
