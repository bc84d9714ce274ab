// Managing API keys on behalf of an actor (console actions and /v1/auth/keys share this).
// Nobody mints, rotates or revokes a key with more power than they hold: such a request is
// refused with 403 and audited as privilege_escalation_attempt. The refusal is RETURNED (not
// thrown) so the caller's transaction commits the audit entry before answering 403.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { permissionsForRole } from "@/lib/rbac/authorize";
import type { Permission } from "@/lib/rbac/permissions";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { mintApiKey, type ApiKeySource, type MintedKey } from "./mint";
import { apiKeyPolicy } from "./policy";
import { keyState, keyUsable } from "./state";
import { toKeyView, type KeyView } from "./view";

export type KeyManager = Pick<Actor, "tenantId" | "subject" | "kind" | "userId" | "authMethod" | "permissions">;
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WardenError };

export interface CreateKeyInput {
  name: string;
  role: string;
  scopes?: string[];
  ttlDays?: number;
}

const actorRef = (m: KeyManager) => ({ kind: m.kind, subject: m.subject, userId: m.userId, authMethod: m.authMethod });

/** The permissions a key with this role and scopes would carry. */
export async function effectivePermissions(role: string, scopes: readonly string[]): Promise<Set<Permission>> {
  const granted = await permissionsForRole(role);
  return new Set(scopes.length ? [...granted].filter((p) => scopes.includes(p)) : granted);
}

async function checkPower(tx: TenantTx, m: KeyManager, op: string, role: string, scopes: readonly string[], keyId?: string): Promise<WardenError | null> {
  const excess = [...(await effectivePermissions(role, scopes))].filter((p) => !m.permissions.has(p)).sort();
  if (excess.length === 0) return null;
  await appendAudit(tx, {
    action: "privilege_escalation_attempt",
    outcome: "denied",
    actor: actorRef(m),
    target: { type: "api_key", id: keyId },
    details: { operation: op, role, scopes, exceeding: excess },
  });
  return new WardenError("user_not_authorized", `You cannot ${op} a key with permissions you do not hold: ${excess.join(", ")}`);
}

export async function listKeys(tx: TenantTx, opts: { limit?: number; cursor?: string } = {}): Promise<{ data: KeyView[]; next_cursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await tx.apiKey.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return { data: page.map((r) => toKeyView(r)), next_cursor: rows.length > limit ? page[page.length - 1].id : null };
}

async function keyOr404(tx: TenantTx, id: string) {
  // RLS hides other tenants' rows, so another tenant's id is indistinguishable from a missing one.
  const row = await tx.apiKey.findUnique({ where: { id } });
  if (!row) throw new WardenError("not_found", "API key not found");
  return row;
}

export async function createKey(tx: TenantTx, m: KeyManager, input: CreateKeyInput, source: ApiKeySource): Promise<Outcome<KeyView & { secret: string }>> {
  const scopes = input.scopes ?? [];
  const denied = await checkPower(tx, m, "create", input.role, scopes);
  if (denied) return { ok: false, error: denied };
  const policy = apiKeyPolicy();
  const minted = await mintApiKey(tx, {
    tenantId: m.tenantId,
    role: input.role,
    scopes,
    ttlSeconds: Math.round((input.ttlDays ?? policy.defaultTtlDays) * 86_400),
    name: input.name,
    createdBy: m,
    source,
  });
  return { ok: true, value: await afterMint(tx, m, minted, "api_key.create", {}) };
}

export async function rotateKey(tx: TenantTx, m: KeyManager, id: string, opts: { overlapHours?: number; ttlDays?: number }): Promise<Outcome<KeyView & { secret: string }>> {
  const old = await keyOr404(tx, id);
  const denied = await checkPower(tx, m, "rotate", old.role, old.scopes, id);
  if (denied) return { ok: false, error: denied };
  if (old.replacedBy || !keyUsable(keyState(old))) throw new WardenError("conflict", "Only an active key that has not been rotated can be rotated");
  const policy = apiKeyPolicy();
  const overlapHours = opts.overlapHours ?? policy.defaultOverlapHours;
  if (overlapHours < 0 || overlapHours > policy.maxOverlapHours) {
    throw new WardenError("invalid_request", `The overlap must be between 0 and ${policy.maxOverlapHours} hours`, { issues: [{ path: "overlap_hours", message: "Outside the rotation policy" }] });
  }
  const minted = await mintApiKey(tx, {
    tenantId: m.tenantId,
    role: old.role,
    scopes: old.scopes,
    ttlSeconds: Math.round((opts.ttlDays ?? policy.defaultTtlDays) * 86_400),
    name: old.name,
    createdBy: m,
    source: old.source as ApiKeySource,
    rotatedFrom: old.id,
  });
  const overlapUntil = new Date(Date.now() + overlapHours * 3_600_000);
  await tx.apiKey.update({ where: { id: old.id }, data: { replacedBy: minted.id, overlapUntil } });
  return { ok: true, value: await afterMint(tx, m, minted, "api_key.rotate", { rotated_from: old.id, overlap_until: overlapUntil.toISOString() }) };
}

export async function revokeKey(tx: TenantTx, m: KeyManager, id: string): Promise<Outcome<KeyView>> {
  const key = await keyOr404(tx, id);
  const denied = await checkPower(tx, m, "revoke", key.role, key.scopes, id);
  if (denied) return { ok: false, error: denied };
  if (key.revokedAt) return { ok: true, value: toKeyView(key) };
  const row = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await appendAudit(tx, { action: "api_key.revoke", outcome: "success", actor: actorRef(m), target: { type: "api_key", id } });
  return { ok: true, value: toKeyView(row) };
}

async function afterMint(tx: TenantTx, m: KeyManager, minted: MintedKey, action: string, details: Record<string, unknown>) {
  const row = await tx.apiKey.findUniqueOrThrow({ where: { id: minted.id } });
  await appendAudit(tx, {
    action,
    outcome: "success",
    actor: actorRef(m),
    target: { type: "api_key", id: minted.id },
    details: { ...details, role: row.role, scopes: row.scopes, prefix: row.prefix, expires_at: row.expiresAt.toISOString() },
  });
  return { ...toKeyView(row), secret: minted.secret };
}
