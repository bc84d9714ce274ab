// An erased person cannot be created again: after erasure through /v1/privacy, re-creating the
// address through the admin path (/v1/users, the console's createUser) and through SCIM (POST
// /Users, and PUT / PATCH moving another user onto it) is refused with 409 (SCIM: its own error
// shape, scimType "uniqueness") and audited as privacy.erased_subject.refused after the rollback.
// The comparison is on the normalised address (case, surrounding spaces); other addresses work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as approve from "@/app/v1/privacy/requests/[id]/approve/route";
import * as complete from "@/app/v1/privacy/requests/[id]/complete/route";
import * as requests from "@/app/v1/privacy/requests/route";
import { POST as usersPOST } from "@/app/v1/users/route";
import { setDbForTests } from "@/lib/db";
import type { DeclaredHandler } from "@/lib/http/route";
import { erasedSubjectFor, isErased } from "@/lib/audit/erased-subjects";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { mintToken, scim } from "../fixtures/scim/scim-client";
import { pointProcessDbAt, requestAs, signedIn, statusAndJson, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERASED = "erin.erased@acme.test";

let t: TestDatabase;
let acme: string;
let alice: Caller;
let token: string;
let erasureRequestId: string;

const invoke = (h: DeclaredHandler, method: string, path: string, body?: unknown, params?: Record<string, string>) =>
  requestAs(h, alice, method, path, body, params).then(statusAndJson);

const inAcme = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant(acme, fn, { db: t.db });
const refusals = () =>
  inAcme((tx) =>
    tx.auditEntry.findMany({ where: { action: "privacy.erased_subject.refused" }, orderBy: { seq: "asc" } }),
  );
const usersWith = (email: string) =>
  inAcme((tx) => tx.user.count({ where: { email: { equals: email.trim(), mode: "insensitive" } } }));

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  alice = await signedIn(t.db, "acme", "alice.chen@acme.test");
  token = await mintToken(t.db, "acme");
  // Erin exists, then is erased through the real workflow.
  const erin = await invoke(usersPOST, "POST", "/v1/users", { email: ERASED, name: "Erin Erased", role: "viewer" });
  expect(erin.status).toBe(201);
  const r = await invoke(requests.POST, "POST", "/v1/privacy/requests", { kind: "erasure", user_id: erin.body.id });
  expect(r.status).toBe(201);
  erasureRequestId = r.body.id;
  expect(
    (await invoke(approve.POST, "POST", `/v1/privacy/requests/${r.body.id}/approve`, undefined, { id: r.body.id }))
      .status,
  ).toBe(200);
  expect(
    (await invoke(complete.POST, "POST", `/v1/privacy/requests/${r.body.id}/complete`, undefined, { id: r.body.id }))
      .status,
  ).toBe(200);
  expect(await usersWith(ERASED)).toBe(0);
}, 180_000);

afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

describe(`an erased person is not created again (${TEST_DB_KIND})`, () => {
  it("the one check compares the normalised address: case and surrounding spaces do not matter", async () => {
    expect(await inAcme((tx) => erasedSubjectFor(tx, `  ${ERASED.toUpperCase()}  `))).toMatchObject({
      requestId: erasureRequestId,
    });
    expect(await inAcme((tx) => isErased(tx, "Erin.Erased@ACME.test"))).toBe(true);
    expect(await inAcme((tx) => isErased(tx, "erin.erased2@acme.test"))).toBe(false);
    // The list is per tenant (keyed by the tenant's own audit key).
    const globex = await tenantIdBySlug(t.db, "globex");
    expect(await withTenant(globex, (tx) => isErased(tx, ERASED), { db: t.db })).toBe(false);
  });

  it("the admin path (/v1/users) refuses the address with 409 and audits the refusal; a different address works", async () => {
    const before = (await refusals()).length;
    const r = await invoke(usersPOST, "POST", "/v1/users", {
      email: "Erin.Erased@ACME.test",
      name: "Erin Again",
      role: "viewer",
    });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ type: "conflict", message: expect.stringContaining("erased") });
    expect(await usersWith(ERASED)).toBe(0);
    const audit = await refusals();
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)).toMatchObject({
      outcome: "denied",
      actorRef: alice.userId,
      targetType: "privacy_request",
      targetId: erasureRequestId,
    });
    expect(audit.at(-1)!.details).toEqual({ via: "users_api", erasure_request_id: erasureRequestId });
    expect(
      JSON.stringify(audit.at(-1), (_k, v) => (typeof v === "bigint" ? String(v) : v)).toLowerCase(),
    ).not.toContain("erin");

    const other = await invoke(usersPOST, "POST", "/v1/users", {
      email: "erin.new@acme.test",
      name: "Erin New",
      role: "viewer",
    });
    expect(other.status).toBe(201);
    expect(await refusals()).toHaveLength(before + 1);
  });

  it("SCIM POST /Users refuses the address (any case, padded) with the RFC 7644 409 uniqueness error, audited; another address is created", async () => {
    const before = (await refusals()).length;
    const r = await scim(token, "POST", "/Users", {
      schemas: [USER],
      userName: `  ${ERASED.toUpperCase()} `,
      active: true,
    });
    expect(r.status).toBe(409);
    expect(r.headers.get("content-type")).toContain("application/scim+json");
    expect(r.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "409",
      scimType: "uniqueness",
      detail: expect.stringContaining("erased"),
    });
    expect(await usersWith(ERASED)).toBe(0);
    const audit = await refusals();
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)).toMatchObject({ outcome: "denied", actorKind: "scim" });
    expect(audit.at(-1)!.details).toEqual({ via: "scim_create", erasure_request_id: erasureRequestId });

    const ok = await scim(token, "POST", "/Users", { schemas: [USER], userName: "erin.scim@acme.test", active: true });
    expect(ok.status).toBe(201);
  });

  it("SCIM PUT and PATCH cannot move another user onto the address; the user keeps their e-mail", async () => {
    const u = (
      await scim(token, "POST", "/Users", { schemas: [USER], userName: "frank.mover@acme.test", active: true })
    ).body;
    const before = (await refusals()).length;
    const put = await scim(token, "PUT", `/Users/${u.id}`, { schemas: [USER], userName: ERASED, active: true });
    expect([put.status, put.body.scimType]).toEqual([409, "uniqueness"]);
    const patch = await scim(token, "PATCH", `/Users/${u.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: "userName", value: "ERIN.erased@acme.test" }],
    });
    expect([patch.status, patch.body.scimType]).toEqual([409, "uniqueness"]);
    // Entra's way: only the work e-mail changes; an erased address is refused there too.
    const mail = await scim(token, "PATCH", `/Users/${u.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: ERASED }],
    });
    expect(mail.status).toBe(409);
    const row = await inAcme((tx) => tx.user.findUniqueOrThrow({ where: { id: u.id } }));
    expect(row.email).toBe("frank.mover@acme.test");
    const audit = (await refusals()).slice(before);
    expect(audit.map((a) => [a.targetType, a.targetId, (a.details as { via: string }).via])).toEqual([
      ["user", u.id, "scim_update"],
      ["user", u.id, "scim_update"],
      ["user", u.id, "scim_update"],
    ]);
    // A change to a different address still works.
    const fine = await scim(token, "PATCH", `/Users/${u.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: "userName", value: "frank.moved@acme.test" }],
    });
    expect([fine.status, fine.body.userName]).toEqual([200, "frank.moved@acme.test"]);
  });
});
