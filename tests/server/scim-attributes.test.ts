// SCIM keeps everything Okta and Entra send and answers as they expect: the full core User and
// enterprise extension stored and returned, filters over every attribute in /Schemas (value
// paths, Entra's suffix form, sortBy), PATCH on every kind of attribute (in order, atomically,
// readOnly refused), deactivated users still found by userName, 401 challenges, If-None-Match,
// concurrency, erasure of the stored document, and indexes behind the common lookups.
// Request bodies follow Okta's and Entra's public SCIM provisioning documentation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDbForTests } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { eraseSubject } from "@/lib/privacy/erasure";
import { USER_BINDING } from "@/lib/scim/attribute-map";
import { filterToSql, parseScimFilter } from "@/lib/scim/filter";
import { withTenant } from "@/lib/tenancy/with-tenant";
import * as G from "@/app/(console)/governance/actions";
import { mintToken, scim } from "../fixtures/scim/scim-client";
import { runAction, signedIn } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let A: string;
let acmeId: string;
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const q = (filter: string, more = "") => `/Users?filter=${encodeURIComponent(filter)}${more}`;
/** A SCIM PatchOp on one user, its operations applied in order. */
const patchUser = (id: string, ...Operations: object[]) =>
  scim(A, "PATCH", `/Users/${id}`, { schemas: [PATCH], Operations });
const userNames = (r: { body: { Resources: { userName: string }[] } }) =>
  r.body.Resources.map((u) => u.userName).sort();

/** Okta's "create user" with the full profile its SCIM 2.0 app template sends. */
function oktaProfile(userName: string, over: Record<string, unknown> = {}) {
  return {
    schemas: [USER, ENT],
    userName,
    name: {
      givenName: "Ada",
      middleName: "Byron",
      familyName: "Lovelace",
      honorificPrefix: "Dr.",
      formatted: "Dr. Ada Byron Lovelace",
    },
    nickName: "Countess",
    title: "Principal Analyst",
    displayName: "Ada Lovelace",
    userType: "Employee",
    preferredLanguage: "en-GB",
    locale: "en-GB",
    timezone: "Europe/London",
    emails: [
      { value: userName, type: "work", primary: true },
      { value: `home.${userName}`, type: "home" },
    ],
    phoneNumbers: [
      { value: "+44 20 7946 0001", type: "work" },
      { value: "+44 7700 900001", type: "mobile" },
    ],
    addresses: [
      {
        type: "work",
        streetAddress: "1 Analytical Row",
        locality: "London",
        postalCode: "EC1A 1AA",
        country: "GB",
        primary: true,
      },
    ],
    externalId: `00u-${userName}`,
    password: "Okta-sends-this-1!",
    active: true,
    [ENT]: {
      employeeNumber: "1815",
      costCenter: "CC-42",
      organization: "Acme",
      division: "Research",
      department: "Engines",
    },
    ...over,
  };
}

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  A = await mintToken(t.db, "acme");
  acmeId = await tenantIdBySlug(t.db, "acme");
});

afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

/** The stored row, read in the tenant's own transaction (RLS). */
const row = (id: string) => withTenant(acmeId, (tx) => tx.user.findUniqueOrThrow({ where: { id } }), { db: t.db });
/** The lower-cased e-mail lookup keys the users trigger keeps for a user. */
const emailKeys = (id: string) =>
  withTenant(
    acmeId,
    async (tx) => (await tx.userEmailKey.findMany({ where: { userId: id } })).map((k) => k.value).sort(),
    { db: t.db },
  );

describe(`SCIM attributes (${TEST_DB_KIND})`, () => {
  let ada: { id: string };
  let boss: { id: string };

  it("Okta create with the full profile: every core and enterprise attribute stored and returned; password never kept", async () => {
    boss = (
      await scim(
        A,
        "POST",
        "/Users",
        oktaProfile("charles.babbage@acme.test", { displayName: "Charles Babbage", title: "Director" }),
      )
    ).body;
    const sent = oktaProfile("ada.lovelace@acme.test");
    const created = await scim(A, "POST", "/Users", sent);
    expect(created.status).toBe(201);
    ada = created.body;
    // Every attribute Okta sent comes back as sent; only the password is never returned.
    const { password: _password, ...want } = sent;
    expect(created.body).toMatchObject(want);
    expect(created.body.password).toBeUndefined();
    const got = await scim(A, "GET", `/Users/${ada.id}`);
    expect(got.body).toMatchObject(want);
    const r = await row(ada.id);
    expect(r).toMatchObject({
      email: "ada.lovelace@acme.test",
      name: "Ada Lovelace",
      givenName: "Ada",
      familyName: "Lovelace",
      scimExternalId: "00u-ada.lovelace@acme.test",
      active: true,
    });
    expect(r.scimDocument).toMatchObject({ title: "Principal Analyst", [ENT]: { department: "Engines" } });
    expect(JSON.stringify(r)).not.toContain("Okta-sends-this");
    expect(await emailKeys(ada.id)).toEqual(["ada.lovelace@acme.test", "home.ada.lovelace@acme.test"]);
  });

  it("the provisioning log keeps each request and response body, the password redacted", async () => {
    const log = await withTenant(
      acmeId,
      (tx) => tx.scimEvent.findFirstOrThrow({ where: { resourceId: ada.id, method: "POST" } }),
      { db: t.db },
    );
    expect(log.requestBody).toMatchObject({
      userName: "ada.lovelace@acme.test",
      title: "Principal Analyst",
      password: "[redacted]",
    });
    expect(log.responseBody).toMatchObject({ id: ada.id, title: "Principal Analyst" });
    expect(JSON.stringify(log)).not.toContain("Okta-sends-this");
    const bad = await patchUser(
      ada.id,
      { op: "replace", path: "password", value: "Secret-2!" },
      { op: "replace", path: "id", value: "x" },
    );
    expect(bad.status).toBe(400);
    const failed = await withTenant(
      acmeId,
      (tx) =>
        tx.scimEvent.findFirstOrThrow({ where: { outcome: "failure", method: "PATCH" }, orderBy: { ts: "desc" } }),
      { db: t.db },
    );
    expect(failed.requestBody).toMatchObject({
      Operations: [{ path: "password", value: "[redacted]" }, { path: "id" }],
    });
    expect(failed.responseBody).toMatchObject({ status: "400", scimType: "mutability" });
    expect(JSON.stringify(failed)).not.toContain("Secret-2");
  });

  it("Okta PUT with name.middleName replaces the resource and keeps the new middle name", async () => {
    const body = oktaProfile("ada.lovelace@acme.test", {
      id: ada.id,
      name: { givenName: "Ada", middleName: "Augusta", familyName: "King" },
      title: "Analyst",
    });
    const put = await scim(A, "PUT", `/Users/${ada.id}`, body);
    expect(put.status).toBe(200);
    expect(put.body.name).toEqual({ givenName: "Ada", middleName: "Augusta", familyName: "King" });
    expect(put.body.title).toBe("Analyst");
    expect((await scim(A, "GET", `/Users/${ada.id}`)).body.name.middleName).toBe("Augusta");
    expect((await row(ada.id)).familyName).toBe("King");
  });

  it("Entra PATCH: capitalised ops, dotted keys, enterprise URN paths, manager as a bare id, in order", async () => {
    const r = await patchUser(
      ada.id,
      {
        op: "Replace",
        value: { "name.familyName": "Lovelace", title: "Chief Analyst", [`${ENT}:employeeNumber`]: "1816" },
      },
      { op: "Add", path: `${ENT}:manager`, value: boss.id },
      { op: "Add", path: 'phoneNumbers[type eq "fax"].value', value: "+44 20 7946 0009" },
      { op: "Replace", path: 'addresses[type eq "work"].locality', value: "Cambridge" },
      { op: "Remove", path: 'emails[type eq "home"]' },
      { op: "Replace", path: "nickName", value: "Enchantress" },
      { op: "Replace", path: "nickName", value: "Enchantress of Numbers" },
      { op: "Add", path: "urn:ietf:params:scim:schemas:core:2.0:User:userType", value: "Contractor" },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: { givenName: "Ada", middleName: "Augusta", familyName: "Lovelace" },
      title: "Chief Analyst",
      nickName: "Enchantress of Numbers",
      userType: "Contractor",
      emails: [{ value: "ada.lovelace@acme.test", type: "work", primary: true }],
      addresses: [{ type: "work", locality: "Cambridge", streetAddress: "1 Analytical Row" }],
      [ENT]: {
        employeeNumber: "1816",
        department: "Engines",
        manager: { value: boss.id, displayName: "Charles Babbage" },
      },
    });
    expect(r.body.phoneNumbers).toContainEqual({ type: "fax", value: "+44 20 7946 0009" });
    expect(r.body.emails).toHaveLength(1);
    const stored = (await row(ada.id)).scimDocument as Record<string, Record<string, unknown>>;
    expect(stored[ENT].manager).toEqual({ value: boss.id });
    // Remove clears one enterprise attribute and leaves the others.
    const rm = await patchUser(ada.id, { op: "Remove", path: `${ENT}:costCenter` });
    expect(rm.body[ENT].costCenter).toBeUndefined();
    expect(rm.body[ENT].employeeNumber).toBe("1816");
  });

  it("replacing the readOnly id is 400 mutability and changes nothing, even after valid earlier operations", async () => {
    const before = await scim(A, "GET", `/Users/${ada.id}`);
    const r = await patchUser(
      ada.id,
      { op: "replace", path: "title", value: "Should not stick" },
      { op: "replace", path: "id", value: "usr_hijack" },
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ scimType: "mutability", status: "400" });
    const after = await scim(A, "GET", `/Users/${ada.id}`);
    expect(after.body).toEqual(before.body);
    // A wrong type in a later operation also rolls back the earlier ones.
    const typed = await patchUser(
      ada.id,
      { op: "replace", path: "title", value: "Nope" },
      { op: "replace", path: "active", value: "maybe" },
    );
    expect(typed).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect((await scim(A, "GET", `/Users/${ada.id}`)).body.title).toBe("Chief Analyst");
  });

  it("filters over every attribute in /Schemas, value paths, Entra's suffix form, sortBy and projection", async () => {
    const only = (f: string) => scim(A, "GET", q(f)).then(userNames);
    expect(await only('title eq "chief analyst"')).toEqual(["ada.lovelace@acme.test"]);
    expect(await only('name.familyName eq "Lovelace" and name.middleName sw "aug"')).toEqual([
      "ada.lovelace@acme.test",
    ]);
    expect(await only('emails[type eq "work" and value eq "ADA.lovelace@acme.test"]')).toEqual([
      "ada.lovelace@acme.test",
    ]);
    expect(await only('emails[type eq "work"].value eq "ada.lovelace@acme.test"')).toEqual(["ada.lovelace@acme.test"]);
    // Entra's form means one element with both: Charles's home address is not his work one.
    expect(await only('emails[type eq "work"].value eq "home.charles.babbage@acme.test"')).toEqual([]);
    expect(await only('emails.value eq "home.charles.babbage@acme.test"')).toEqual(["charles.babbage@acme.test"]);
    expect(await only('phoneNumbers[type eq "fax"]')).toEqual(["ada.lovelace@acme.test"]);
    expect(await only('addresses.locality eq "London"')).toEqual(["charles.babbage@acme.test"]);
    expect(await only(`${ENT}:department eq "engines" and ${ENT}:manager.value eq "${boss.id}"`)).toEqual([
      "ada.lovelace@acme.test",
    ]);
    expect(await only(`${ENT}:manager eq "${boss.id}"`)).toEqual(["ada.lovelace@acme.test"]);
    expect(await only(`nickName pr and not (${ENT}:costCenter pr)`)).toEqual(["ada.lovelace@acme.test"]);
    expect(await only('userType ne "Employee" and title co "analyst"')).toEqual(["ada.lovelace@acme.test"]);
    // A demo user (never provisioned by SCIM) is filterable by its mirrored document too.
    expect(await only('displayName eq "Priya Nair" and emails[type eq "work"]')).toEqual(["priya.nair@acme.test"]);
    const sorted = await scim(
      A,
      "GET",
      q('title pr and userName ew "@acme.test"', "&sortBy=title&sortOrder=descending"),
    );
    expect(sorted.body.Resources.map((u: { title: string }) => u.title)).toEqual(["Director", "Chief Analyst"]);
    const proj = await scim(
      A,
      "GET",
      q(
        `userName eq "ada.lovelace@acme.test"`,
        `&attributes=${encodeURIComponent(`name.middleName,${ENT}:department`)}`,
      ),
    );
    expect(proj.body.Resources[0]).toEqual({
      schemas: [USER, ENT],
      id: ada.id,
      name: { middleName: "Augusta" },
      [ENT]: { department: "Engines" },
    });
    const ex = await scim(
      A,
      "GET",
      `/Users/${ada.id}?excludedAttributes=${encodeURIComponent(`phoneNumbers,${ENT}:manager,name.middleName`)}`,
    );
    expect(ex.body.phoneNumbers).toBeUndefined();
    expect(ex.body[ENT].manager).toBeUndefined();
    expect(ex.body.name).toEqual({ givenName: "Ada", familyName: "Lovelace" });
  });

  it("filter input is data, never SQL: quotes and unknown paths are answered, not executed", async () => {
    const inj = await scim(A, "GET", q(`title eq "x' OR '1'='1" or userName eq "a\\" OR 1=1 --"`));
    expect(inj.status).toBe(200);
    expect(inj.body.totalResults).toBe(0);
    for (const f of [
      'title" eq "x',
      "password pr",
      'name.nosuch eq "x"',
      'emails[value eq "a"][type eq "b"]',
      'meta.version eq "1"',
    ]) {
      const r = await scim(A, "GET", q(f));
      expect(r.status, f).toBe(400);
      expect(r.body.scimType, f).toBe("invalidFilter");
    }
  });

  it("Entra deactivation: active 'False', then the userName query still finds the user", async () => {
    const off = await patchUser(ada.id, { op: "Replace", path: "active", value: "False" });
    expect(off.body.active).toBe(false);
    const found = await scim(A, "GET", q('userName eq "ada.lovelace@acme.test"'));
    expect(found.body).toMatchObject({
      totalResults: 1,
      Resources: [{ id: ada.id, active: false, title: "Chief Analyst" }],
    });
    expect((await scim(A, "GET", q("active eq false and title pr"))).body.totalResults).toBe(1);
  });

  it("401 carries WWW-Authenticate: Bearer; If-None-Match with the current ETag answers 304", async () => {
    for (const tok of [null, "wscim_not-a-real-token"]) {
      const r = await scim(tok, "GET", "/Users");
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    }
    const cur = await scim(A, "GET", `/Users/${ada.id}`);
    const tag = cur.headers.get("etag")!;
    const same = await scim(A, "GET", `/Users/${ada.id}`, undefined, { "if-none-match": tag });
    expect(same.status).toBe(304);
    expect(same.body).toBeNull();
    expect(same.headers.get("etag")).toBe(tag);
    expect((await scim(A, "GET", `/Users/${ada.id}`, undefined, { "if-none-match": 'W/"0"' })).status).toBe(200);
    const g = await scim(A, "POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Analysts",
      externalId: "okta-grp-1",
      members: [{ value: ada.id, display: "ignored" }],
    });
    expect(g.body.members).toEqual([
      {
        value: ada.id,
        display: "Ada Lovelace",
        type: "User",
        $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${ada.id}$`)),
      },
    ]);
    expect(
      (await scim(A, "GET", `/Groups/${g.body.id}`, undefined, { "if-none-match": g.headers.get("etag")! })).status,
    ).toBe(304);
    expect(
      (
        await scim(
          A,
          "GET",
          `/Groups?filter=${encodeURIComponent('externalId eq "okta-grp-1" and members.display co "lovelace"')}`,
        )
      ).body.totalResults,
    ).toBe(1);
  });

  it("50 concurrent PATCHes on one user's attributes: none lost, every ETag distinct and advancing", async () => {
    const u = (await scim(A, "POST", "/Users", { schemas: [USER], userName: "busy.bee@acme.test" })).body;
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        patchUser(u.id, {
          op: "add",
          path: "phoneNumbers",
          value: [{ value: `+1 555 01${String(i).padStart(2, "0")}`, type: "work" }],
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    const tags = replies.map((r) => r.headers.get("etag"));
    expect(new Set(tags).size).toBe(50);
    expect(tags.map((x) => Number(/"(\d+)"/.exec(x!)![1])).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 2),
    );
    const after = await scim(A, "GET", `/Users/${u.id}`);
    expect(after.body.phoneNumbers).toHaveLength(50);
    expect(after.body.meta.version).toBe('W/"51"');
  });

  it("erasure removes the SCIM document's personal data and the provisioning log's details", async () => {
    const victim = (
      await scim(
        A,
        "POST",
        "/Users",
        oktaProfile("erase.me@acme.test", {
          displayName: "Erin Rasmussen",
          phoneNumbers: [{ value: "+44 7700 900777" }],
        }),
      )
    ).body;
    await withTenant(acmeId, (tx) => eraseSubject(tx, victim.id, "req_test_erasure"), { db: t.db });
    const r = await row(victim.id);
    const text = JSON.stringify(r);
    for (const needle of [
      "erase.me",
      "Erin",
      "900777",
      "Analytical Row",
      "1815",
      "Engines",
      "Principal Analyst",
      "00u-",
    ])
      expect(text).not.toContain(needle);
    expect(r.scimDocument).toMatchObject({
      userName: `erased-${victim.id}@erased.invalid`,
      displayName: "Erased person",
    });
    expect(await emailKeys(victim.id)).toEqual([`erased-${victim.id}@erased.invalid`]);
    const log = await withTenant(acmeId, (tx) => tx.scimEvent.findMany({ where: { resourceId: victim.id } }), {
      db: t.db,
    });
    expect(log.length).toBeGreaterThan(0);
    expect(JSON.stringify(log)).not.toContain("erase.me");
    expect(JSON.stringify(log)).not.toContain("900777");
    expect(log.every((e) => e.requestBody === null && e.responseBody === null)).toBe(true);
  });

  it("userName, externalId and emails.value lookups can use their indexes", async () => {
    // A directory of a few thousand people, so the planner's estimates tell the indexes apart.
    await withTenant(
      acmeId,
      (tx) =>
        tx.$executeRaw`INSERT INTO users (tenant_id, email, name, scim_external_id)
          SELECT ${acmeId}, 'bulk' || g || '@acme.test', 'Bulk ' || g, 'ext-' || g FROM generate_series(1, 3000) AS g`,
      { db: t.db, timeout: 60_000 },
    );
    await t.db.prisma.$executeRawUnsafe("ANALYZE users, user_email_keys");
    const plan = async (filter: string) =>
      withTenant(
        acmeId,
        async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
          const where = filterToSql(parseScimFilter(filter), USER_BINDING);
          const rows = await tx.$queryRaw<Record<string, string>[]>(
            Prisma.sql`EXPLAIN SELECT u.id FROM users u WHERE ${where}`,
          );
          return rows.map((r) => Object.values(r)[0]).join("\n");
        },
        { db: t.db },
      );
    expect(await plan('userName eq "Ada.Lovelace@acme.test"')).toContain("users_tenant_id_user_name_key_idx");
    expect(await plan('externalId eq "00u-ada.lovelace@acme.test"')).toContain("users_tenant_id_scim_external_id_idx");
    expect(await plan('emails.value eq "ada.lovelace@acme.test"')).toContain("user_email_keys_tenant_id_value_idx");
    expect(await plan('emails[type eq "work"].value eq "ada.lovelace@acme.test"')).toContain(
      "user_email_keys_tenant_id_value_idx",
    );
  });
  it("the console shows a person's provisioned attributes: title, department, manager, phones", async () => {
    const boss = (
      await scim(
        A,
        "POST",
        "/Users",
        oktaProfile("grace.hopper@acme.test", { displayName: "Grace Hopper", externalId: "00u-grace" }),
      )
    ).body;
    const body = oktaProfile("kathleen.booth@acme.test", { externalId: "00u-kathleen", title: "Staff Engineer" });
    (body[ENT] as Record<string, unknown>).manager = { value: boss.id, displayName: "Grace Hopper" };
    const created = await scim(A, "POST", "/Users", body);
    expect(created.status).toBe(201);
    const admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
    const out = await runAction(G.ownerDetailsAction, admin, { type: "user", id: created.body.id });
    expect(out.ok).toBe(true);
    expect(out.ok && out.data.profile).toEqual({
      title: "Staff Engineer",
      department: "Engines",
      division: "Research",
      organization: "Acme",
      cost_center: "CC-42",
      employee_number: "1815",
      manager: { id: boss.id, name: "Grace Hopper" },
      phones: [
        { value: "+44 20 7946 0001", type: "work" },
        { value: "+44 7700 900001", type: "mobile" },
      ],
      user_type: "Employee",
      locale: "en-GB",
      timezone: "Europe/London",
    });
    // A person the IdP did not provision has nothing to show.
    const bob = await withTenant(
      acmeId,
      (tx) => tx.user.findFirstOrThrow({ where: { email: "bob.martinez@acme.test" } }),
      { db: t.db },
    );
    const plain = await runAction(G.ownerDetailsAction, admin, { type: "user", id: bob.id });
    expect(plain.ok && plain.data.profile).toBeNull();
  });
});
