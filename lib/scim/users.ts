// SCIM Users: list, get, create, replace, patch, delete over Warden users, with audit entries,
// case-insensitive userName uniqueness, ETags, and the deactivation lifecycle. An erased
// person's address is refused as userName or as any e-mail value, on create and on change
// (409 uniqueness, audited).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertNotErased } from "@/lib/privacy/erasure";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { USER_BINDING } from "./attribute-map";
import { ScimError } from "./errors";
import { checkIfMatch, notModified, readScimBody, resourceResult, type ScimResult } from "./protocol";
import { revokeUserAccess } from "./lifecycle";
import { listPage, listQuery, listResponse, project } from "./list";
import { applyPatch, patchBody } from "./patch";
import { USER_RESOURCE } from "./schema";
import {
  currentDocument,
  documentOf,
  managerId,
  scimBase,
  userColumns,
  userInclude,
  userToScim,
  type UserColumns,
  type UserRow,
} from "./user-resource";
import { canonicalDoc, type Doc } from "./validate";

async function loadUser(tx: TenantTx, id: string, lock = false): Promise<UserRow> {
  // FOR UPDATE serialises concurrent writes to one user, so If-Match compares a stable version
  // and each PATCH starts from the document the previous one wrote.
  if (lock) await tx.$queryRaw`SELECT id FROM users WHERE id = ${id} FOR UPDATE`;
  const u = await tx.user.findUnique({ where: { id }, include: userInclude });
  if (!u) throw new ScimError(404, `User ${id} not found`);
  return u;
}

/** Display names of the managers the documents point at (one query for a page). */
async function managerNames(tx: TenantTx, rows: UserRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((u) => managerId(documentOf(u))).filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const found = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(found.map((m) => [m.id, m.name]));
}

/** Case-insensitive uniqueness, made race-free by a transaction lock on the lower-cased name. */
async function assertUserNameFree(tx: TenantTx, actor: Actor, userName: string, exceptId?: string): Promise<void> {
  const key = `${actor.tenantId}:user:${userName.toLowerCase()}`;
  await tx.$queryRaw`SELECT 1 AS ok FROM (SELECT pg_advisory_xact_lock(hashtext(${key}))) AS l`;
  const clash = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM users WHERE user_name_key = lower(${userName}::text) AND id <> ${exceptId ?? ""} LIMIT 1`;
  if (clash.length) throw new ScimError(409, `userName "${userName}" is already taken`, "uniqueness");
}

// Audit details carry no personal data (they are sealed into the chain): ids and flags only.
function audit(tx: TenantTx, actor: Actor, action: string, id: string, details?: Record<string, unknown>) {
  return appendAudit(tx, {
    action,
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "user", id },
    details,
    requestId: actor.requestId,
  });
}

async function answer(tx: TenantTx, u: UserRow, url: URL, status: number, detail?: string): Promise<ScimResult> {
  const base = scimBase(url);
  const body = project(USER_RESOURCE, userToScim(u, base, await managerNames(tx, [u])), url);
  return resourceResult("User", u, base, body, status, detail);
}

export async function listScimUsers(tx: TenantTx, url: URL): Promise<ScimResult> {
  const q = listQuery(url, USER_BINDING, "u");
  const { total, page } = await listPage<UserRow>(tx, q, (ids) =>
    tx.user.findMany({ where: { id: { in: ids } }, include: userInclude }),
  );
  const base = scimBase(url);
  const managers = await managerNames(tx, page);
  return {
    status: 200,
    body: listResponse(
      page.map((u) => project(USER_RESOURCE, userToScim(u, base, managers), url)),
      total,
      q.startIndex,
    ),
  };
}

export async function getScimUser(tx: TenantTx, req: Request, url: URL, id: string): Promise<ScimResult> {
  const u = await loadUser(tx, id);
  return notModified(req, u.version) ?? answer(tx, u, url, 200);
}

/** userName and every e-mail value, lower-cased: the addresses an erased person must not come back under. */
function addresses(doc: Doc): Set<string> {
  const emails = Array.isArray(doc.emails) ? (doc.emails as { value?: unknown }[]) : [];
  return new Set(
    [doc.userName, ...emails.map((e) => e.value)]
      .filter((v): v is string => typeof v === "string")
      .map((v) => v.trim().toLowerCase()),
  );
}

/** Refuses (409, audited) an erased person's address arriving as userName or as any e-mail value. */
async function assertNoErasedAddress(tx: TenantTx, actor: Actor, doc: Doc, before?: UserRow): Promise<void> {
  const known = before ? addresses(currentDocument(before)) : new Set<string>();
  const who = { tenantId: actor.tenantId, requestId: actor.requestId, actor: auditActor(actor) };
  for (const a of addresses(doc)) {
    if (known.has(a)) continue;
    if (before) await assertNotErased(tx, who, a, "scim_update", { type: "user", id: before.id });
    else await assertNotErased(tx, who, a, "scim_create");
  }
}

export async function createScimUser(tx: TenantTx, actor: Actor, req: Request, url: URL): Promise<ScimResult> {
  const cols = userColumns(canonicalDoc(USER_RESOURCE, await readScimBody(req)));
  await assertUserNameFree(tx, actor, cols.email);
  await assertNoErasedAddress(tx, actor, cols.scimDocument);
  const created = await tx.user.create({
    data: { tenantId: actor.tenantId, ...data(cols), scimManaged: true, role: "viewer" },
  });
  await audit(tx, actor, "scim.user.create", created.id, { active: cols.active });
  return answer(tx, await loadUser(tx, created.id), url, 201, `created ${cols.email}`);
}

function data(cols: UserColumns) {
  return { ...cols, scimDocument: cols.scimDocument as Prisma.InputJsonObject };
}

/** The one write path for PUT and PATCH: columns in, lifecycle and audit out. */
async function writeUser(
  tx: TenantTx,
  actor: Actor,
  before: UserRow,
  cols: UserColumns,
  url: URL,
): Promise<ScimResult> {
  if (cols.email.toLowerCase() !== before.email.toLowerCase())
    await assertUserNameFree(tx, actor, cols.email, before.id);
  await assertNoErasedAddress(tx, actor, cols.scimDocument, before);
  await tx.user.update({
    where: { id: before.id },
    data: { ...data(cols), scimManaged: true, version: { increment: 1 } },
  });
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
  return answer(tx, await loadUser(tx, before.id), url, 200, detail);
}

export async function replaceScimUser(
  tx: TenantTx,
  actor: Actor,
  req: Request,
  url: URL,
  id: string,
): Promise<ScimResult> {
  const before = await loadUser(tx, id, true);
  checkIfMatch(req, before.version);
  return writeUser(tx, actor, before, userColumns(canonicalDoc(USER_RESOURCE, await readScimBody(req))), url);
}

export async function patchScimUser(
  tx: TenantTx,
  actor: Actor,
  req: Request,
  url: URL,
  id: string,
): Promise<ScimResult> {
  const before = await loadUser(tx, id, true);
  checkIfMatch(req, before.version);
  const ops = patchBody.parse(await readScimBody(req));
  const patched = applyPatch(USER_RESOURCE, { id: before.id, ...currentDocument(before) }, ops);
  return writeUser(tx, actor, before, userColumns(canonicalDoc(USER_RESOURCE, patched)), url);
}

export async function deleteScimUser(tx: TenantTx, actor: Actor, req: Request, id: string): Promise<ScimResult> {
  const before = await loadUser(tx, id, true);
  checkIfMatch(req, before.version);
  await revokeUserAccess(tx, id);
  await tx.user.delete({ where: { id } });
  await audit(tx, actor, "scim.user.delete", id);
  return { status: 204, body: null, resource: { type: "User", id }, detail: `deleted ${before.email}` };
}
