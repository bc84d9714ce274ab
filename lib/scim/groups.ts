// SCIM Groups over Warden teams. Membership writes lock the team row (FOR UPDATE) and insert
// with ON CONFLICT DO NOTHING, so concurrent PATCHes that add different members all land.
// Membership changes re-derive roles through the group -> role mappings.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { GROUP_ATTRS, GROUP_SCHEMA } from "./attribute-map";
import { ScimError } from "./errors";
import { checkIfMatch, etag, readScimBody, type ScimResult } from "./handler";
import { applyGroupRoles, auditRoleChanges } from "./lifecycle";
import { listQuery, listResponse, project } from "./list";
import { applyPatch, patchBody } from "./patch";
import { auditActorOf } from "./tokens";
import { scimBase } from "./user-resource";

const groupInclude = { memberships: { select: { user: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } } } as const;

interface GroupRow {
  id: string;
  name: string;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  memberships: { user: { id: string; name: string } }[];
}

const groupInput = z
  .object({
    displayName: z.string().trim().min(1).max(200),
    externalId: z.string().trim().max(255).nullish(),
    members: z.array(z.object({ value: z.string().min(1) }).loose()).nullish(),
  })
  .loose();

export function groupToScim(g: GroupRow, base: string): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    displayName: g.name,
    members: g.memberships.map((m) => ({ value: m.user.id, display: m.user.name, type: "User", $ref: `${base}/Users/${m.user.id}` })),
    meta: { resourceType: "Group", created: g.createdAt.toISOString(), lastModified: g.updatedAt.toISOString(), location: `${base}/Groups/${g.id}`, version: `W/"${g.version}"` },
  };
}

async function loadGroup(tx: TenantTx, id: string, lock = false): Promise<GroupRow> {
  if (lock) await tx.$queryRaw`SELECT id FROM teams WHERE id = ${id} FOR UPDATE`;
  const g = await tx.team.findUnique({ where: { id }, include: groupInclude });
  if (!g) throw new ScimError(404, `Group ${id} not found`);
  return g;
}

async function assertNameFree(tx: TenantTx, actor: Actor, name: string, exceptId?: string): Promise<void> {
  const key = `${actor.tenantId}:group:${name.toLowerCase()}`;
  await tx.$queryRaw`SELECT 1 AS ok FROM (SELECT pg_advisory_xact_lock(hashtext(${key}))) AS l`;
  const clash = await tx.team.findFirst({ where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  if (clash) throw new ScimError(409, `displayName "${name}" is already taken`, "uniqueness");
}

function answer(g: GroupRow, url: URL, status: number, detail?: string): ScimResult {
  const base = scimBase(url);
  return { status, body: project(groupToScim(g, base), url), headers: { etag: etag(g.version), location: `${base}/Groups/${g.id}` }, resource: { type: "Group", id: g.id }, detail };
}

export async function listGroups(tx: TenantTx, url: URL): Promise<ScimResult> {
  const q = listQuery(url, GROUP_ATTRS);
  const [total, rows] = await Promise.all([
    tx.team.count({ where: q.where }),
    q.take === 0 ? Promise.resolve([]) : tx.team.findMany({ where: q.where, include: groupInclude, orderBy: q.orderBy, skip: q.skip, take: q.take }),
  ]);
  const base = scimBase(url);
  return { status: 200, body: listResponse(rows.map((g) => project(groupToScim(g, base), url)), total, q.startIndex) };
}

export async function getGroup(tx: TenantTx, url: URL, id: string): Promise<ScimResult> {
  return answer(await loadGroup(tx, id), url, 200);
}

/** Sets the membership to `wanted`; returns who was added and removed. */
async function syncMembers(tx: TenantTx, actor: Actor, teamId: string, current: string[], wanted: string[]) {
  const have = new Set(current);
  const want = new Set(wanted);
  const added = [...want].filter((id) => !have.has(id));
  const removed = [...have].filter((id) => !want.has(id));
  if (added.length) {
    const found = await tx.user.count({ where: { id: { in: added } } });
    if (found !== added.length) throw new ScimError(400, "A member does not exist in this tenant", "invalidValue");
    await tx.teamMembership.createMany({ data: added.map((userId) => ({ tenantId: actor.tenantId, teamId, userId, source: "scim" })), skipDuplicates: true });
  }
  if (removed.length) await tx.teamMembership.deleteMany({ where: { teamId, userId: { in: removed } } });
  return { added, removed };
}

async function writeGroup(tx: TenantTx, actor: Actor, before: GroupRow | null, raw: unknown, url: URL): Promise<ScimResult> {
  const input = groupInput.parse(raw);
  if (!before || input.displayName.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(tx, actor, input.displayName, before?.id);
  const data = { name: input.displayName, externalId: input.externalId ?? null };
  const team = before
    ? await tx.team.update({ where: { id: before.id }, data: { ...data, version: { increment: 1 } } })
    : await tx.team.create({ data: { tenantId: actor.tenantId, ...data } });
  const current = before?.memberships.map((m) => m.user.id) ?? [];
  const { added, removed } = await syncMembers(tx, actor, team.id, current, (input.members ?? []).map((m) => m.value));
  const renamed = before !== null && before.name !== input.displayName;
  const roles = await applyGroupRoles(tx, renamed ? [...current, ...added] : [...added, ...removed]);
  await auditRoleChanges(tx, actor, roles);
  const action = before ? "scim.group.update" : "scim.group.create";
  await appendAudit(tx, { action, outcome: "success", actor: auditActorOf(actor), target: { type: "team", id: team.id }, details: { displayName: input.displayName, added, removed }, requestId: actor.requestId });
  const detail = `${before ? "updated" : "created"} ${input.displayName} (+${added.length} / -${removed.length} members)`;
  return answer(await loadGroup(tx, team.id), url, before ? 200 : 201, detail);
}

export async function createGroup(tx: TenantTx, actor: Actor, req: Request, url: URL): Promise<ScimResult> {
  return writeGroup(tx, actor, null, await readScimBody(req), url);
}

export async function replaceGroup(tx: TenantTx, actor: Actor, req: Request, url: URL, id: string): Promise<ScimResult> {
  const before = await loadGroup(tx, id, true);
  checkIfMatch(req, before.version);
  return writeGroup(tx, actor, before, await readScimBody(req), url);
}

export async function patchGroup(tx: TenantTx, actor: Actor, req: Request, url: URL, id: string): Promise<ScimResult> {
  const before = await loadGroup(tx, id, true);
  checkIfMatch(req, before.version);
  const ops = patchBody.parse(await readScimBody(req));
  return writeGroup(tx, actor, before, applyPatch(groupToScim(before, scimBase(url)), ops), url);
}

export async function deleteGroup(tx: TenantTx, actor: Actor, req: Request, id: string): Promise<ScimResult> {
  const before = await loadGroup(tx, id, true);
  checkIfMatch(req, before.version);
  await tx.team.delete({ where: { id } });
  await auditRoleChanges(tx, actor, await applyGroupRoles(tx, before.memberships.map((m) => m.user.id)));
  await appendAudit(tx, { action: "scim.group.delete", outcome: "success", actor: auditActorOf(actor), target: { type: "team", id }, details: { displayName: before.name }, requestId: actor.requestId });
  return { status: 204, body: null, resource: { type: "Group", id }, detail: `deleted ${before.name}` };
}
