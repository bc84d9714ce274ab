// Virtual keys: create (secret shown once), list, rotate (old key stays valid for an overlap
// window), revoke. Budgets and rate limits of the key are fields of the key in the API.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { limitsOf, limitsSchema, limitsViewShape, limitViewsByOwner, replaceLimits, type LimitsView } from "./limits";
import { assertOwnerInScope, keyScopeWhere } from "./scope";
import { newVirtualKeySecret } from "./vk-secret";

export const virtualKeyCreateSchema = z
  .object({
    name: z.string().min(1).max(120),
    user_id: z.string().optional().describe("Owner: exactly one of user_id, team_id, customer_id"),
    team_id: z.string().optional(),
    customer_id: z.string().optional(),
    allowed_providers: z
      .array(z.string().min(1))
      .default([])
      .describe('Providers the key may use ("*" = all; default none)'),
    allowed_models: z
      .array(z.string().min(1))
      .default([])
      .describe('Models the key may use, as model or provider/model ("*" = all; default none)'),
    expires_at: z.iso.datetime().optional(),
    ...limitsSchema.shape,
  })
  .refine((v) => [v.user_id, v.team_id, v.customer_id].filter(Boolean).length === 1, {
    message: "Exactly one of user_id, team_id, customer_id",
    path: ["user_id"],
  });

export type VirtualKeyCreate = z.input<typeof virtualKeyCreateSchema>;

/** What may change on a key: its owner and secret may not (rotate for a new secret). */
export const virtualKeyPatchSchema = z
  .object({
    name: z.string().min(1).max(120).optional(),
    allowed_providers: z.array(z.string().min(1)).optional(),
    allowed_models: z.array(z.string().min(1)).optional(),
    expires_at: z.iso.datetime().nullable().optional(),
    ...limitsSchema.shape,
  })
  .strict();

export const virtualKeyRotateSchema = z.object({
  overlap_seconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86400)
    .default(3600)
    .describe("How long the old secret keeps working (default 1 hour, at most 30 days)"),
});

/** Who changes keys: a team-scoped role only reaches the keys of its teams (lib/governance/scope.ts). */
type KeyActor = Pick<Actor, "tenantId" | "kind" | "subject" | "userId" | "authMethod" | "requestId" | "scope">;

const publicSelect = {
  id: true,
  name: true,
  prefix: true,
  userId: true,
  teamId: true,
  customerId: true,
  allowedProviders: true,
  allowedModels: true,
  expiresAt: true,
  revokedAt: true,
  rotatedFromId: true,
  overlapUntil: true,
  createdAt: true,
} as const;
type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  userId: string | null;
  teamId: string | null;
  customerId: string | null;
  allowedProviders: string[];
  allowedModels: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  rotatedFromId: string | null;
  overlapUntil: Date | null;
  createdAt: Date;
};

/** A virtual key as /v1 sends it (list items too); never its secret, which only create and rotate answer once. */
export const virtualKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the secret, to tell keys apart"),
  user_id: z.string().nullable().describe("Owner: exactly one of user_id, team_id, customer_id is set"),
  team_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  allowed_providers: z.array(z.string()).describe('Providers this key may use ("*" = all, [] = none)'),
  allowed_models: z
    .array(z.string())
    .describe('Models this key may use, as model or provider/model ("*" = all, [] = none)'),
  expires_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
  rotated_from_id: z.string().nullable().describe("The key this one replaced by rotation"),
  overlap_until: z.iso.datetime().nullable().describe("After a rotation: when this (old) secret stops working"),
  created_at: z.iso.datetime(),
  ...limitsViewShape,
});
export type VirtualKeyView = z.infer<typeof virtualKeyViewSchema>;
/** The answer of create and rotate: the key and its secret, shown this once. */
export const virtualKeyWithSecretSchema = virtualKeyViewSchema.extend({
  secret: z.string().describe("The key itself (wvk_…): shown once, send it as x-bf-vk"),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function keyView(k: KeyRow, limits: LimitsView): VirtualKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    user_id: k.userId,
    team_id: k.teamId,
    customer_id: k.customerId,
    allowed_providers: k.allowedProviders,
    allowed_models: k.allowedModels,
    expires_at: iso(k.expiresAt),
    revoked_at: iso(k.revokedAt),
    rotated_from_id: k.rotatedFromId,
    overlap_until: iso(k.overlapUntil),
    created_at: k.createdAt.toISOString(),
    ...limits,
  };
}

export async function createVirtualKey(tx: TenantTx, actor: KeyActor, input: VirtualKeyCreate, now = new Date()) {
  const v = virtualKeyCreateSchema.parse(input);
  // The owner must be in this tenant and, for a team-scoped role, inside its teams.
  if (v.user_id) await assertOwnerInScope(tx, actor, "user", v.user_id);
  else if (v.team_id) await assertOwnerInScope(tx, actor, "team", v.team_id);
  else if (v.customer_id) await assertOwnerInScope(tx, actor, "customer", v.customer_id);
  const s = newVirtualKeySecret();
  const key = await tx.virtualKey
    .create({
      data: {
        tenantId: actor.tenantId,
        name: v.name,
        prefix: s.prefix,
        secretHash: s.hash,
        userId: v.user_id ?? null,
        teamId: v.team_id ?? null,
        customerId: v.customer_id ?? null,
        allowedProviders: v.allowed_providers,
        allowedModels: v.allowed_models,
        expiresAt: v.expires_at ? new Date(v.expires_at) : null,
      },
      select: publicSelect,
    })
    .catch((e: { code?: string }) => {
      // A foreign key miss means the owner is not in this tenant: same answer as a missing id.
      if (e?.code === "P2003" || /foreign key/i.test(String(e)))
        throw new WardenError("not_found", "The owner does not exist");
      throw e;
    });
  await replaceLimits(tx, "virtual_key", key.id, v, now);
  await appendAudit(tx, {
    action: "virtual_key.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "virtual_key", id: key.id },
    details: { name: v.name },
    requestId: actor.requestId,
  });
  return { ...keyView(key, await limitsOf(tx, key.id, now)), secret: s.token };
}

export async function rotateVirtualKey(
  tx: TenantTx,
  actor: KeyActor,
  id: string,
  overlapSeconds = 3600,
  now = new Date(),
) {
  const old = await tx.virtualKey.findFirst({ where: { AND: [{ id }, keyScopeWhere(actor)] } });
  if (!old || old.revokedAt) throw new WardenError("not_found", "Virtual key not found");
  const s = newVirtualKeySecret();
  const overlapUntil = new Date(now.getTime() + overlapSeconds * 1000);
  await tx.virtualKey.update({ where: { id }, data: { overlapUntil } });
  const key = await tx.virtualKey.create({
    data: {
      tenantId: actor.tenantId,
      name: old.name,
      prefix: s.prefix,
      secretHash: s.hash,
      userId: old.userId,
      teamId: old.teamId,
      customerId: old.customerId,
      allowedProviders: old.allowedProviders,
      allowedModels: old.allowedModels,
      expiresAt: old.expiresAt,
      rotatedFromId: old.id,
    },
    select: publicSelect,
  });
  // The key's limits move to the new key: one key's budget is not doubled by rotating it.
  await tx.budget.updateMany({ where: { ownerType: "virtual_key", ownerId: id }, data: { ownerId: key.id } });
  await tx.rateLimit.updateMany({ where: { ownerType: "virtual_key", ownerId: id }, data: { ownerId: key.id } });
  await appendAudit(tx, {
    action: "virtual_key.rotate",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "virtual_key", id: key.id },
    details: { rotated_from: id, overlap_until: overlapUntil.toISOString() },
    requestId: actor.requestId,
  });
  return { ...keyView(key, await limitsOf(tx, key.id, now)), secret: s.token };
}

export async function revokeVirtualKey(tx: TenantTx, actor: KeyActor, id: string, now = new Date()) {
  const n = await tx.virtualKey.updateMany({
    where: { AND: [{ id, revokedAt: null }, keyScopeWhere(actor)] },
    data: { revokedAt: now },
  });
  if (n.count === 0) throw new WardenError("not_found", "Virtual key not found");
  await appendAudit(tx, {
    action: "virtual_key.revoke",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "virtual_key", id },
    requestId: actor.requestId,
  });
}

export async function getVirtualKey(tx: TenantTx, actor: Pick<Actor, "scope">, id: string): Promise<VirtualKeyView> {
  const k = await tx.virtualKey.findFirst({ where: { AND: [{ id }, keyScopeWhere(actor)] }, select: publicSelect });
  if (!k) throw new WardenError("not_found", "Virtual key not found");
  return keyView(k, await limitsOf(tx, k.id));
}

export async function updateVirtualKey(
  tx: TenantTx,
  actor: KeyActor,
  id: string,
  input: z.infer<typeof virtualKeyPatchSchema>,
  now = new Date(),
) {
  const v = virtualKeyPatchSchema.parse(input);
  const n = await tx.virtualKey.updateMany({
    where: { AND: [{ id, revokedAt: null }, keyScopeWhere(actor)] },
    data: {
      name: v.name,
      allowedProviders: v.allowed_providers,
      allowedModels: v.allowed_models,
      ...(v.expires_at !== undefined ? { expiresAt: v.expires_at ? new Date(v.expires_at) : null } : {}),
    },
  });
  if (n.count === 0) throw new WardenError("not_found", "Virtual key not found");
  await replaceLimits(tx, "virtual_key", id, v, now);
  await appendAudit(tx, {
    action: "virtual_key.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "virtual_key", id },
    details: { changes: input },
    requestId: actor.requestId,
  });
  return getVirtualKey(tx, actor, id);
}

export async function listVirtualKeys(tx: TenantTx, actor: Pick<Actor, "scope">, page: Page) {
  const out = pageOf(
    await tx.virtualKey.findMany({ select: publicSelect, ...pageArgs(page, keyScopeWhere(actor)) }),
    page,
  );
  const limits = await limitViewsByOwner(
    tx,
    out.data.map((k) => k.id),
  );
  return { ...out, data: out.data.map((k) => keyView(k, limits.get(k.id)!)) };
}
