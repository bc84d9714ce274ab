// Managing API keys on behalf of an actor (console actions and /v1/auth/keys share this).
// Nobody mints, rotates or revokes a key with more power than they hold: the one escalation
// rule (assertNoEscalation) refuses it with 403, and the route/action wrapper records the
// privilege_escalation_attempt after the refused transaction rolls back.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import { permissionsForRole } from "@/lib/rbac/authorize";
import { assertNoEscalation } from "@/lib/rbac/escalation";
import type { Permission } from "@/lib/rbac/permissions";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { mintApiKey, type ApiKeySource, type MintedKey } from "./mint";
import { apiKeyPolicy } from "./policy";
import { keyState, keyUsable } from "./state";
import { toKeyView, type KeyView } from "./view";

export interface CreateKeyInput {
  name: string;
  role: string;
  scopes?: string[];
  ttlDays?: number;
}

/** A key is recorded as its person's (narrowed to them at every use), else as the caller's. */
const creator = (m: Actor) => ({ kind: m.kind, subject: m.userId ?? m.subject });
const actorRef = (m: Actor) => ({ kind: m.kind, subject: m.subject, userId: m.userId, authMethod: m.authMethod });

/** The permissions a key with this role and scopes would carry. */
export async function effectivePermissions(role: string, scopes: readonly string[]): Promise<Set<Permission>> {
  const granted = await permissionsForRole(role);
  return new Set(scopes.length ? [...granted].filter((p) => scopes.includes(p)) : granted);
}

/** Throws EscalationDenied (403, audited by the wrapper) when the key would outrank its manager. */
async function checkPower(m: Actor, role: string, scopes: readonly string[], keyId?: string): Promise<void> {
  assertNoEscalation(m, {
    permissions: await effectivePermissions(role, scopes),
    target: { type: "api_key", id: keyId },
  });
}

/** GET /v1/auth/keys: one page of the tenant's keys (the one list helper: ordered by id, cursor = last id). */
export async function listKeys(tx: TenantTx, page: Page): Promise<{ data: KeyView[]; next_cursor: string | null }> {
  const out = pageOf(await tx.apiKey.findMany(pageArgs(page)), page);
  return { ...out, data: out.data.map((r) => toKeyView(r)) };
}

/** The console's list: the newest keys first. */
export async function recentKeys(tx: TenantTx, take: number): Promise<KeyView[]> {
  return (await tx.apiKey.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take })).map((r) =>
    toKeyView(r),
  );
}

async function keyOr404(tx: TenantTx, id: string) {
  // RLS hides other tenants' rows, so another tenant's id is indistinguishable from a missing one.
  const row = await tx.apiKey.findUnique({ where: { id } });
  if (!row) throw new WardenError("not_found", "API key not found");
  return row;
}

/** Where a key was made: "console" when its creator is signed in to the console, else "api". */
function keySource(m: Actor): ApiKeySource {
  return m.authMethod === "session" ? "console" : "api";
}

export async function createKey(tx: TenantTx, m: Actor, input: CreateKeyInput): Promise<KeyView & { secret: string }> {
  const scopes = input.scopes ?? [];
  await checkPower(m, input.role, scopes);
  const policy = apiKeyPolicy();
  const minted = await mintApiKey(tx, {
    tenantId: m.tenantId,
    role: input.role,
    scopes,
    ttlSeconds: Math.round((input.ttlDays ?? policy.defaultTtlDays) * 86_400),
    name: input.name,
    createdBy: creator(m),
    source: keySource(m),
  });
  return afterMint(tx, m, minted, "api_key.create", {});
}

export async function rotateKey(
  tx: TenantTx,
  m: Actor,
  id: string,
  opts: { overlapHours?: number; ttlDays?: number },
): Promise<KeyView & { secret: string }> {
  const old = await keyOr404(tx, id);
  await checkPower(m, old.role, old.scopes, id);
  if (old.replacedBy || !keyUsable(keyState(old)))
    throw new WardenError("conflict", "Only an active key that has not been rotated can be rotated");
  const policy = apiKeyPolicy();
  const overlapHours = opts.overlapHours ?? policy.defaultOverlapHours;
  if (overlapHours < 0 || overlapHours > policy.maxOverlapHours) {
    throw new WardenError("invalid_request", `The overlap must be between 0 and ${policy.maxOverlapHours} hours`, {
      issues: [{ path: "overlap_hours", message: "Outside the rotation policy" }],
    });
  }
  const minted = await mintApiKey(tx, {
    tenantId: m.tenantId,
    role: old.role,
    scopes: old.scopes,
    ttlSeconds: Math.round((opts.ttlDays ?? policy.defaultTtlDays) * 86_400),
    name: old.name,
    createdBy: creator(m),
    source: old.source as ApiKeySource,
    rotatedFrom: old.id,
  });
  const overlapUntil = new Date(Date.now() + overlapHours * 3_600_000);
  await tx.apiKey.update({ where: { id: old.id }, data: { replacedBy: minted.id, overlapUntil } });
  return afterMint(tx, m, minted, "api_key.rotate", {
    rotated_from: old.id,
    overlap_until: overlapUntil.toISOString(),
  });
}

export async function revokeKey(tx: TenantTx, m: Actor, id: string): Promise<KeyView> {
  const key = await keyOr404(tx, id);
  await checkPower(m, key.role, key.scopes, id);
  if (key.revokedAt) return toKeyView(key);
  const row = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await appendAudit(tx, {
    action: "api_key.revoke",
    outcome: "success",
    actor: actorRef(m),
    target: { type: "api_key", id },
  });
  return toKeyView(row);
}

async function afterMint(tx: TenantTx, m: Actor, minted: MintedKey, action: string, details: Record<string, unknown>) {
  const row = await tx.apiKey.findUniqueOrThrow({ where: { id: minted.id } });
  await appendAudit(tx, {
    action,
    outcome: "success",
    actor: actorRef(m),
    target: { type: "api_key", id: minted.id },
    details: {
      ...details,
      role: row.role,
      scopes: row.scopes,
      prefix: row.prefix,
      expires_at: row.expiresAt.toISOString(),
    },
  });
  return { ...toKeyView(row), secret: minted.secret };
}
