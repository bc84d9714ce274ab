// SCIM bearer tokens: `wscim_` + 256-bit secrets (lib/crypto/tokens.ts), shown once, stored as
// SHA-256, revocable and rotatable.
// The tenant of every SCIM request is the tenant of the token row that matched.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { mintToken } from "@/lib/crypto/tokens";
import { WardenError } from "@/lib/errors";
import { keysetArgs, keysetOf, type Page } from "@/lib/paging";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export const SCIM_TOKEN_PREFIX = "wscim_";

export const scimTokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("The secret's first characters, to recognise it"),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "ScimToken" });
export type ScimTokenView = z.infer<typeof scimTokenView>;

export const createdScimTokenView = scimTokenView
  .extend({ token: z.string().describe("The secret itself (wscim_…): returned once, never stored") })
  .meta({ id: "CreatedScimToken" });
export type CreatedScimToken = z.infer<typeof createdScimTokenView>;

type Row = {
  id: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function view(r: Row): ScimTokenView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    last_used_at: r.lastUsedAt?.toISOString() ?? null,
    revoked_at: r.revokedAt?.toISOString() ?? null,
  };
}

/** SCIM tokens (revoked ones too), newest first, one page. */
export async function listScimTokens(
  tx: TenantTx,
  page: Page,
): Promise<{ data: ScimTokenView[]; next_cursor: string | null }> {
  const rows = await tx.scimToken.findMany(keysetArgs(page, "createdAt"));
  const out = keysetOf(rows, page, (r) => r.createdAt);
  return { data: out.data.map(view), next_cursor: out.next_cursor };
}

export async function createScimToken(tx: TenantTx, actor: Actor, name: string): Promise<CreatedScimToken> {
  const { token, prefix, hash } = mintToken(SCIM_TOKEN_PREFIX, 12);
  const row = await tx.scimToken.create({
    data: { tenantId: actor.tenantId, name, prefix, tokenHash: hash, createdBy: actor.userId ?? actor.subject },
  });
  await appendAudit(tx, {
    action: "scim.token.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "scim_token", id: row.id },
    details: { name },
    requestId: actor.requestId,
  });
  return { ...view(row), token };
}

export async function revokeScimToken(tx: TenantTx, actor: Actor, id: string): Promise<ScimTokenView> {
  const row = await tx.scimToken.findUnique({ where: { id } });
  if (!row) throw new WardenError("not_found", "No such SCIM token");
  if (row.revokedAt) return view(row);
  const out = await tx.scimToken.update({ where: { id }, data: { revokedAt: new Date() } });
  await appendAudit(tx, {
    action: "scim.token.revoke",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "scim_token", id },
    requestId: actor.requestId,
  });
  return view(out);
}

/** Rotation: a new token with the same name, and the old one revoked in the same transaction. */
export async function rotateScimToken(tx: TenantTx, actor: Actor, id: string): Promise<CreatedScimToken> {
  const old = await tx.scimToken.findUnique({ where: { id } });
  if (!old || old.revokedAt) throw new WardenError("not_found", "No such active SCIM token");
  await tx.scimToken.update({ where: { id }, data: { revokedAt: new Date() } });
  const created = await createScimToken(tx, actor, old.name);
  await appendAudit(tx, {
    action: "scim.token.rotate",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "scim_token", id },
    details: { replaced_by: created.id },
    requestId: actor.requestId,
  });
  return created;
}
