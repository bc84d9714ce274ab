// RFC 7643/7644 conformance of /scim/v2 through the real route handlers and a real SCIM token:
// discovery, filters, paging, projection, PATCH dialects, ETags, uniqueness, error bodies,
// content type, authentication and tenant isolation.
import { withTenant } from "@/lib/tenancy/with-tenant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDbForTests } from "@/lib/db";
import { mintToken, scim } from "../fixtures/scim/scim-client";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let A: string;
let B: string;
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ERR = "urn:ietf:params:scim:api:messages:2.0:Error";

async function newUser(userName: string, extra: Record<string, unknown> = {}) {
  const r = await scim(A, "POST", "/Users", {
    schemas: [USER],
    userName,
    name: { givenName: "Test", familyName: userName.split("@")[0] },
    emails: [{ value: userName, type: "work", primary: true }],
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.body;
}

const q = (filter: string, more = "") => `/Users?filter=${encodeURIComponent(filter)}${more}`;
const names = (r: { body: { Resources: { userName: string }[] } }) => r.body.Resources.map((u) => u.userName).sort();

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  A = await mintToken(t.db, "acme");
  B = await mintToken(t.db, "globex");
  await newUser("zoe.alpha@acme.test", { externalId: "ext-zoe", active: true });
  await newUser("yann.beta@acme.test", { externalId: "ext-yann", active: false });
  await newUser("Xavier.Gamma@Acme.test");
});

afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

describe(`SCIM conformance (${TEST_DB_KIND})`, () => {
  it("discovery: ServiceProviderConfig (bulk unsupported, patch/filter/etag supported), Schemas, ResourceTypes", async () => {
    const spc = await scim(A, "GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.headers.get("content-type")).toBe("application/scim+json");
    expect(spc.body.bulk.supported).toBe(false);
    expect([spc.body.patch.supported, spc.body.filter.supported, spc.body.etag.supported]).toEqual([true, true, true]);
    expect((await scim(A, "GET", "/Schemas")).body.Resources.map((s: { name: string }) => s.name)).toEqual([
      "User",
      "Group",
      "EnterpriseUser",
    ]);
    expect((await scim(A, "GET", "/ResourceTypes")).body.totalResults).toBe(2);
    expect((await scim(A, "GET", `/Schemas/${encodeURIComponent(USER)}`)).body.name).toBe("User");
    expect((await scim(A, "GET", "/ResourceTypes/Group")).body.endpoint).toBe("/Groups");
    const bulk = await scim(A, "POST", "/Bulk", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      Operations: [],
    });
    expect(bulk).toMatchObject({ status: 501, body: { schemas: [ERR], status: "501" } });
  });

  it("unauthenticated and bad tokens get 401 in the SCIM error shape", async () => {
    for (const tok of [null, "wscim_not-a-real-token"]) {
      const r = await scim(tok, "GET", "/Users");
      expect(r.status).toBe(401);
      expect(r.headers.get("content-type")).toBe("application/scim+json");
      expect(r.body.schemas).toEqual([ERR]);
      expect(r.body.status).toBe("401");
    }
  });

  it("filters: eq is case-insensitive on userName, ne, co, sw, ew, pr, gt, and/or/not with grouping", async () => {
    expect(names(await scim(A, "GET", q('userName eq "ZOE.ALPHA@acme.test"')))).toEqual(["zoe.alpha@acme.test"]);
    expect(names(await scim(A, "GET", q('userName co "gamma"')))).toEqual(["Xavier.Gamma@Acme.test"]);
    expect(names(await scim(A, "GET", q('userName sw "yann"')))).toEqual(["yann.beta@acme.test"]);
    expect(names(await scim(A, "GET", q('emails.value ew "beta@acme.test"')))).toEqual(["yann.beta@acme.test"]);
    expect(names(await scim(A, "GET", q("externalId pr")))).toEqual(["yann.beta@acme.test", "zoe.alpha@acme.test"]);
    expect(names(await scim(A, "GET", q('externalId eq "EXT-zoe"')))).toEqual([]); // externalId is caseExact
    expect(names(await scim(A, "GET", q("externalId pr and not (active eq true)")))).toEqual(["yann.beta@acme.test"]);
    expect(
      names(await scim(A, "GET", q('(userName sw "zoe" or userName sw "yann") and externalId ne "ext-yann"'))),
    ).toEqual(["zoe.alpha@acme.test"]);
    expect(names(await scim(A, "GET", q('emails[type eq "work" and value co "xavier"]')))).toEqual([
      "Xavier.Gamma@Acme.test",
    ]);
    const seeded = await scim(
      A,
      "GET",
      q('meta.created gt "2000-01-01T00:00:00Z" and userName ew "@acme.test"', "&count=0"),
    );
    expect(seeded.body.totalResults).toBeGreaterThanOrEqual(18);
    expect(seeded.body.Resources).toEqual([]);
    expect(names(await scim(A, "GET", q('meta.created gt "2999-01-01T00:00:00Z"')))).toEqual([]);
  });

  it("bad filters and unknown attributes are 400 invalidFilter", async () => {
    for (const f of ["userName eq", 'nosuch eq "x"', 'userName zz "x"']) {
      const r = await scim(A, "GET", q(f));
      expect(r.status, f).toBe(400);
      expect(r.body.scimType).toBe("invalidFilter");
    }
  });

  it("pagination: startIndex/count with exact totalResults; sortBy", async () => {
    const all = await scim(A, "GET", "/Users?count=200&sortBy=userName");
    const total = all.body.totalResults;
    const sorted = all.body.Resources.map((u: { userName: string }) => u.userName);
    // userName is caseExact=false, so it sorts case-insensitively (RFC 7644 §3.4.2.3).
    const lower = (x: string) => x.toLowerCase();
    expect(sorted).toEqual(
      [...sorted].sort((x: string, y: string) => (lower(x) < lower(y) ? -1 : lower(x) > lower(y) ? 1 : 0)),
    );
    const page = await scim(A, "GET", "/Users?startIndex=3&count=4&sortBy=userName");
    expect(page.body).toMatchObject({ totalResults: total, startIndex: 3, itemsPerPage: 4 });
    expect(page.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(sorted.slice(2, 6));
  });

  it("attributes and excludedAttributes project the representation (id and schemas always)", async () => {
    const r = await scim(A, "GET", q('userName eq "zoe.alpha@acme.test"', "&attributes=userName,name.givenName"));
    expect(Object.keys(r.body.Resources[0]).sort()).toEqual(["id", "name", "schemas", "userName"]);
    expect(r.body.Resources[0].name).toEqual({ givenName: "Test" });
    const x = await scim(A, "GET", q('userName eq "zoe.alpha@acme.test"', "&excludedAttributes=emails,meta,groups"));
    expect(x.body.Resources[0].emails).toBeUndefined();
    expect(x.body.Resources[0].meta).toBeUndefined();
    expect(x.body.Resources[0].userName).toBe("zoe.alpha@acme.test");
  });

  it("meta, ETag and If-Match: 412 on a stale version", async () => {
    const u = await newUser("etag.user@acme.test");
    expect(u.meta).toMatchObject({ resourceType: "User", version: 'W/"1"' });
    expect(u.meta.location).toMatch(/\/scim\/v2\/Users\/usr_/);
    const op = { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "Etag One" }] };
    const ok = await scim(A, "PATCH", `/Users/${u.id}`, op, { "if-match": 'W/"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe('W/"2"');
    const stale = await scim(A, "PATCH", `/Users/${u.id}`, op, { "if-match": 'W/"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ schemas: [ERR], status: "412" });
  });

  it("userName uniqueness is case-insensitive: 409 uniqueness on POST and on rename", async () => {
    const dup = await scim(A, "POST", "/Users", { schemas: [USER], userName: "ZOE.Alpha@ACME.test" });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ schemas: [ERR], status: "409", scimType: "uniqueness", detail: expect.any(String) });
    const y = (await scim(A, "GET", q('userName eq "yann.beta@acme.test"'))).body.Resources[0];
    const rename = await scim(A, "PATCH", `/Users/${y.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: "userName", value: "XAVIER.gamma@acme.TEST" }],
    });
    expect(rename.status).toBe(409);
  });

  it("PATCH: no-path replace object, value paths, Entra capitalised ops and string booleans, remove", async () => {
    const u = await newUser("patchy@acme.test");
    const r1 = await scim(A, "PATCH", `/Users/${u.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Replace", value: { "name.givenName": "Patricia", active: "False" } },
        { op: "Add", path: 'emails[type eq "work"].value', value: "patricia@acme.test" },
      ],
    });
    expect(r1.status).toBe(200);
    // userName and emails are separate attributes (RFC 7643 §4.1): the e-mail changes, the userName stays.
    expect(r1.body).toMatchObject({ active: false, userName: "patchy@acme.test", name: { givenName: "Patricia" } });
    expect(r1.body.emails).toEqual([{ value: "patricia@acme.test", type: "work", primary: true }]);
    const r2 = await scim(A, "PATCH", `/Users/${u.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "replace", path: "active", value: "True" },
        { op: "remove", path: "name.familyName" },
      ],
    });
    expect(r2.body.active).toBe(true);
    expect(r2.body.name.familyName).toBeUndefined();
    const bad = await scim(A, "PATCH", `/Users/${u.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "frobnicate", path: "active", value: true }],
    });
    expect(bad).toMatchObject({ status: 400, body: { scimType: "invalidSyntax" } });
  });

  it("Groups: create with members, add and remove by value path, PUT replaces, DELETE 204 then 404", async () => {
    const zoe = (await scim(A, "GET", q('userName eq "zoe.alpha@acme.test"'))).body.Resources[0].id;
    const x = (await scim(A, "GET", q('userName co "xavier"'))).body.Resources[0].id;
    const g = await scim(A, "POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "SCIM Conformance",
      members: [{ value: zoe }],
    });
    expect(g.status).toBe(201);
    const add = await scim(A, "PATCH", `/Groups/${g.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "add", path: "members", value: [{ value: x }] }],
    });
    expect(add.body.members.map((m: { value: string }) => m.value).sort()).toEqual([zoe, x].sort());
    const rm = await scim(A, "PATCH", `/Groups/${g.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "remove", path: `members[value eq "${zoe}"]` }],
    });
    expect(rm.body.members.map((m: { value: string }) => m.value)).toEqual([x]);
    expect(
      (
        await scim(
          A,
          "GET",
          `/Groups?filter=${encodeURIComponent(`members[value eq "${x}"] and displayName eq "scim conformance"`)}`,
        )
      ).body.totalResults,
    ).toBe(1);
    expect((await scim(A, "POST", "/Groups", { schemas: [], displayName: "scim CONFORMANCE" })).status).toBe(409);
    const put = await scim(A, "PUT", `/Groups/${g.body.id}`, {
      schemas: [],
      displayName: "SCIM Conformance 2",
      members: [],
    });
    expect(put.body).toMatchObject({ displayName: "SCIM Conformance 2", members: [] });
    expect((await scim(A, "DELETE", `/Groups/${g.body.id}`)).status).toBe(204);
    const gone = await scim(A, "GET", `/Groups/${g.body.id}`);
    expect(gone).toMatchObject({ status: 404, body: { schemas: [ERR], status: "404" } });
  });

  it("PUT and DELETE users; malformed JSON is 400 invalidSyntax", async () => {
    const u = await newUser("put.me@acme.test");
    const put = await scim(A, "PUT", `/Users/${u.id}`, {
      schemas: [USER],
      userName: "put.me@acme.test",
      displayName: "Put Me",
      active: true,
    });
    expect(put.body.displayName).toBe("Put Me");
    expect((await scim(A, "DELETE", `/Users/${u.id}`)).status).toBe(204);
    expect((await scim(A, "GET", `/Users/${u.id}`)).status).toBe(404);
    const req = await scim(A, "POST", "/Users", undefined, { "content-type": "application/scim+json" });
    expect(req.status).toBe(400);
  });

  it("a token of tenant B never sees tenant A's users, by list, filter or id", async () => {
    const zoe = (await scim(A, "GET", q('userName eq "zoe.alpha@acme.test"'))).body.Resources[0];
    const list = await scim(B, "GET", "/Users?count=200");
    expect(list.body.Resources.every((u: { userName: string }) => !u.userName.endsWith("@acme.test"))).toBe(true);
    expect((await scim(B, "GET", q('userName eq "zoe.alpha@acme.test"'))).body.totalResults).toBe(0);
    expect((await scim(B, "GET", `/Users/${zoe.id}`)).status).toBe(404);
    expect(
      (
        await scim(B, "PATCH", `/Users/${zoe.id}`, {
          schemas: [PATCH],
          Operations: [{ op: "replace", path: "active", value: false }],
        })
      ).status,
    ).toBe(404);
    // A payload naming tenant A changes nothing: the tenant comes from the token.
    const c = await scim(B, "POST", "/Users", {
      schemas: [USER],
      userName: "spoof@globex.test",
      tenant_id: zoe.id,
      tenantId: "acme",
    });
    expect(c.status).toBe(201);
    expect((await scim(A, "GET", q('userName eq "spoof@globex.test"'))).body.totalResults).toBe(0);
  });

  it("mutations and failures land in the provisioning log", async () => {
    const acme = { id: await tenantIdBySlug(t.db, "acme") };
    const rows = await withTenant(
      acme.id,
      (tx) => tx.scimEvent.findMany({ where: { tenantId: acme.id, tokenId: { not: null } } }),
      { db: t.db },
    );
    expect(rows.some((r) => r.status === 409 && r.outcome === "failure")).toBe(true);
    expect(rows.some((r) => r.method === "PATCH" && r.outcome === "success")).toBe(true);
  });
});
