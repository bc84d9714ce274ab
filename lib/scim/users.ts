// SCIM Users: list, get, create, replace, patch, delete over Warden users, with audit entries,
// case-insensitive userName uniqueness, ETags, and the deactivation lifecycle. An erased
// person's address is refused on create and on an e-mail change (409 uniqueness, audited).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { assertNotErased } from "@/lib/privacy/erasure";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { USER_ATTRS } from "./attribute-map";
import { ScimError } from "./errors";
import { checkIfMatch, etag, readScimBody, type ScimResult } from "./handler";
import { revokeUserAccess } from "./lifecycle";
import { listQuery, listResponse, project } from "./list";
import { applyPatch, patchBody } from "./patch";
import { auditActorOf } from "./tokens";
import { scimBase, userColumns, userInclude, userInput, userToScim, type UserColumns, type UserInput, type UserRow } from "./user-resource";

async function loadUser(tx: TenantTx, id: string, lock = false): Promise<UserRow> {
  // FOR UPDATE serialises concurrent writes to one user, so If-Match compares a stable version.
  if (lock) await tx.$queryRaw`SELECT id FROM users WHERE id = ${id} FOR UPDATE`;
  const u = await tx.user.findUnique({ where: { id }, include: userInclude });
  if (!u) throw new ScimError(404, `User ${id} not found`);
  return u;
}

/** Case-insensitive uniqueness, made race-free by a transaction lock on the lower-cased name. */
async function assertUserNameFree(tx: TenantTx, actor: Actor, userName: string, exceptId?: string): Promise<void> {
  const key = `${actor.tenantId}:user:${userName.toLowerCase()}`;
  await tx.$queryRaw`SELECT 1 AS ok FROM (SELECT pg_advisory_xact_lock(hashtext(${key}))) AS l`;
  const clash = await tx.user.findFirst({ where: { email: { equals: userName, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  if (clash) throw new ScimError(409, `userName "${userName}" is already taken`, "uniqueness");
}

// Audit details carry no personal data (they are sealed into the chain): ids and flags only.
function audit(tx: TenantTx, actor: Actor, action: string, id: string, details?: Record<string, unknown>) {
  return appendAudit(tx, { action, outcome: "success", actor: auditActorOf(actor), target: { type: "user", id }, details, requestId: actor.requestId });
}

function answer(u: UserRow, url: URL, status: number, detail?: string): ScimResult {
  return { status, body: project(userToScim(u, scimBase(url)), url), headers: { etag: etag(u.version), location: `${scimBase(url)}/Users/${u.id}` }, resource: { type: "User", id: u.id }, detail };
}

export async function listUsers(tx: TenantTx, url: URL): Promise<ScimResult> {
  const q = listQuery(url, USER_ATTRS);
  const [total, rows] = await Promise.all([
    tx.user.count({ where: q.where }),
    q.take === 0 ? Promise.resolve([]) : tx.user.findMany({ where: q.where, include: userInclude, orderBy: q.orderBy, skip: q.skip, take: q.take }),
  ]);
  const base = scimBase(url);
  return { status: 200, body: listResponse(rows.map((u) => project(userToScim(u, base), url)), total, q.startIndex) };
}

export async function getUser(tx: TenantTx, url: URL, id: string): Promise<ScimResult> {
  return answer(await loadUser(tx, id), url, 200);
}

export async function createUser(tx: TenantTx, actor: Actor, req: Request, url: URL): Promise<ScimResult> {
  const cols = userColumns(userInput.parse(await readScimBody(req)));
  await assertUserNameFree(tx, actor, cols.email);
  await assertNotErased(tx, { tenantId: actor.tenantId, requestId: actor.requestId, actor: auditActorOf(actor) }, cols.email, "scim_create");
  const created = await tx.user.create({ data: { tenantId: actor.tenantId, ...cols, scimManaged: true, role: "viewer" } });
  await audit(tx, actor, "scim.user.create", created.id, { active: cols.active });
  return answer(await loadUser(tx, created.id), url, 201, `created ${cols.email}`);
}

/** The one write path for PUT and PATCH: columns in, lifecycle and audit out. */
async function writeUser(tx: TenantTx, actor: Actor, before: UserRow, cols: UserColumns, url: URL): Promise<ScimResult> {
  if (cols.email.toLowerCase() !== before.email.toLowerCase()) {
    await assertUserNameFree(tx, actor, cols.email, before.id);
    await assertNotErased(tx, { tenantId: actor.tenantId, requestId: actor.requestId, actor: auditActorOf(actor) }, cols.email, "scim_update", { type: "user", id: before.id });
  }
  await tx.user.update({ where: { id: before.id }, data: { ...cols, scimManaged: true, version: { increment: 1 } } });
  let action = "scim.user.update";
  let detail = `updated ${cols.email}`;
  if (before.active && !cols.active) {
    const revoked = await revokeUserAccess(tx, before.id);
    action = "scim.user.deactivate";
    detail = `deactivated ${cols.email}; sessions and ${revoked.apiKeysRevoked} API key(s) revoked`;
  } else if (!before.active && cols.active) {
    action = "scim.user.reactivate";
    detail = `reactivated ${cols.email}`;
  }
  await audit(tx, actor, action, before.id, { active: cols.active, userName_changed: cols.email !== before.email });
  return answer(await loadUser(tx, before.id), url, 200, detail);
}

export async function replaceUser(tx: TenantTx, actor: Actor, req: Request, url: URL, id: string): Promise<ScimResult> {
  const before = await loadUser(tx, id, true);
  checkIfMatch(req, before.version);
  const input = userInput.parse(await readScimBody(req));
  return writeUser(tx, actor, before, userColumns(input, beforeInput(before, url)), url);
}

export async function patchUser(tx: TenantTx, actor: Actor, req: Request, url: URL, id: string): Promise<ScimResult> {
  const before = await loadUser(tx, id, true);
  checkIfMatch(req, before.version);
  const ops = patchBody.parse(await readScimBody(req));
  const doc = userToScim(before, scimBase(url));
  const input = userInput.parse(applyPatch(doc, ops));
  return writeUser(tx, actor, before, userColumns(input, beforeInput(before, url)), url);
}

function beforeInput(u: UserRow, url: URL): UserInput {
  return userInput.parse(userToScim(u, scimBase(url)));
}

export async function deleteUser(tx: TenantTx, actor: Actor, req: Request, id: string): Promise<ScimResult> {
  const before = await loadUser(tx, id, true);
  checkIfMatch(req, before.version);
  await revokeUserAccess(tx, id);
  await tx.user.delete({ where: { id } });
  await audit(tx, actor, "scim.user.delete", id);
  return { status: 204, body: null, resource: { type: "User", id }, detail: `deleted ${before.email}` };
}
