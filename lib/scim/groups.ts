// SCIM Groups over Warden teams. Membership writes lock the team row (FOR UPDATE) and insert
// with ON CONFLICT DO NOTHING, so concurrent PATCHes that add different members all land.
// Membership changes re-derive roles through the group -> role mappings.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { GROUP_BINDING } from "./attribute-map";
import { ScimError } from "./errors";
import { checkIfMatch, notModified, readScimBody, resourceResult, type ScimResult } from "./protocol";
import { applyGroupRoles, auditRoleChanges } from "./lifecycle";
import { listPage, listQuery, listResponse, project } from "./list";
import { applyPatch, patchBody } from "./patch";
import { GROUP_RESOURCE, GROUP_SCHEMA } from "./schema";
import { scimBase } from "./user-resource";
import { canonicalDoc } from "./validate";

const groupInclude = {
  memberships: { select: { user: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
} as const;

interface GroupRow {
  id: string;
  name: string;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  memberships: { user: { id: string; name: string } }[];
}

interface GroupInput {
  displayName: string;
  externalId: string | null;
  members: string[];
}

/** A validated group document -> what Warden stores: the team's name, externalId, member ids. */
function groupInput(raw: unknown): GroupInput {
  const doc = canonicalDoc(GROUP_RESOURCE, raw);
  const members = (Array.isArray(doc.members) ? doc.members : []) as { value?: string; type?: string }[];
  for (const m of members) {
    if (!m.value) throw new ScimError(400, "members: every member needs a value (the user's id)", "invalidValue");
    if (m.type && m.type.toLowerCase() === "group")
      throw new ScimError(400, "members: groups cannot contain groups here", "invalidValue");
  }
  const displayName = String(doc.displayName).trim();
  if (displayName.length > 200) throw new ScimError(400, "displayName is longer than 200 characters", "invalidValue");
  return {
    displayName,
    externalId: typeof doc.externalId === "string" ? doc.externalId : null,
    members: members.map((m) => m.value!),
  };
}

export function groupToScim(g: GroupRow, base: string): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    displayName: g.name,
    members: g.memberships.map((m) => ({
      value: m.user.id,
      display: m.user.name,
      type: "User",
      $ref: `${base}/Users/${m.user.id}`,
    })),
    meta: {
      resourceType: "Group",
      created: g.createdAt.toISOString(),
      lastModified: g.updatedAt.toISOString(),
      location: `${base}/Groups/${g.id}`,
      version: `W/"${g.version}"`,
    },
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
  const clash = await tx.team.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new ScimError(409, `displayName "${name}" is already taken`, "uniqueness");
}

function answer(g: GroupRow, url: URL, status: number, detail?: string): ScimResult {
  const base = scimBase(url);
  return resourceResult("Group", g, base, project(GROUP_RESOURCE, groupToScim(g, base), url), status, detail);
}

export async function listGroups(tx: TenantTx, url: URL): Promise<ScimResult> {
  const q = listQuery(url, GROUP_BINDING, "t");
  const { total, page } = await listPage<GroupRow>(tx, q, (ids) =>
    tx.team.findMany({ where: { id: { in: ids } }, include: groupInclude }),
  );
  const base = scimBase(url);
  return {
    status: 200,
    body: listResponse(
      page.map((g) => project(GROUP_RESOURCE, groupToScim(g, base), url)),
      total,
      q.startIndex,
    ),
  };
}

export async function getGroup(tx: TenantTx, req: Request, url: URL, id: string): Promise<ScimResult> {
  const g = await loadGroup(tx, id);
  return notModified(req, g.version) ?? answer(g, url, 200);
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
    await tx.teamMembership.createMany({
      data: added.map((userId) => ({ tenantId: actor.tenantId, teamId, userId, source: "scim" })),
      skipDuplicates: true,
    });
  }
  if (removed.length) await tx.teamMembership.deleteMany({ where: { teamId, userId: { in: removed } } });
  return { added, removed };
}

async function writeGroup(
  tx: TenantTx,
  actor: Actor,
  before: GroupRow | null,
  raw: unknown,
  url: URL,
): Promise<ScimResult> {
  const input = groupInput(raw);
  if (!before || input.displayName.toLowerCase() !== before.name.toLowerCase())
    await assertNameFree(tx, actor, input.displayName, before?.id);
  const data = { name: input.displayName, externalId: input.externalId };
  const team = before
    ? await tx.team.update({ where: { id: before.id }, data: { ...data, version: { increment: 1 } } })
    : await tx.team.create({ data: { tenantId: actor.tenantId, ...data } });
  const current = before?.memberships.map((m) => m.user.id) ?? [];
  const { added, removed } = await syncMembers(tx, actor, team.id, current, input.members);
  const renamed = before !== null && before.name !== input.displayName;
  const roles = await applyGroupRoles(tx, renamed ? [...current, ...added] : [...added, ...removed]);
  await auditRoleChanges(tx, actor, roles);
  const action = before ? "scim.group.update" : "scim.group.create";
  await appendAudit(tx, {
    action,
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "team", id: team.id },
    details: { displayName: input.displayName, added, removed },
    requestId: actor.requestId,
  });
  const detail = `${before ? "updated" : "created"} ${input.displayName} (+${added.length} / -${removed.length} members)`;
  return answer(await loadGroup(tx, team.id), url, before ? 200 : 201, detail);
}

export async function createGroup(tx: TenantTx, actor: Actor, req: Request, url: URL): Promise<ScimResult> {
  return writeGroup(tx, actor, null, await readScimBody(req), url);
}

export async function replaceGroup(
  tx: TenantTx,
  actor: Actor,
  req: Request,
  url: URL,
  id: string,
): Promise<ScimResult> {
  const before = await loadGroup(tx, id, true);
  checkIfMatch(req, before.version);
  return writeGroup(tx, actor, before, await readScimBody(req), url);
}

export async function patchGroup(tx: TenantTx, actor: Actor, req: Request, url: URL, id: string): Promise<ScimResult> {
  const before = await loadGroup(tx, id, true);
  checkIfMatch(req, before.version);
  const ops = patchBody.parse(await readScimBody(req));
  return writeGroup(tx, actor, before, applyPatch(GROUP_RESOURCE, groupToScim(before, scimBase(url)), ops), url);
}

export async function deleteGroup(tx: TenantTx, actor: Actor, req: Request, id: string): Promise<ScimResult> {
  const before = await loadGroup(tx, id, true);
  checkIfMatch(req, before.version);
  await tx.team.delete({ where: { id } });
  await auditRoleChanges(
    tx,
    actor,
    await applyGroupRoles(
      tx,
      before.memberships.map((m) => m.user.id),
    ),
  );
  await appendAudit(tx, {
    action: "scim.group.delete",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "team", id },
    details: { displayName: before.name },
    requestId: actor.requestId,
  });
  return { status: 204, body: null, resource: { type: "Group", id }, detail: `deleted ${before.name}` };
}
