// An RFC 7643/7644 conformance run, one independent check per test, through the real /scim/v2
// handlers with a real token and request bodies shaped as Okta and Entra send them. Its pass
// count is the conformance figure quoted in ADR 0019 (run it with the command there).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDbForTests } from "@/lib/db";
import { mintToken, scim } from "../fixtures/scim/scim-client";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let A: string;
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

let seq = 0;
function profile(userName: string) {
  return {
    schemas: [USER, ENT],
    userName,
    externalId: `ext-${userName}`,
    name: {
      formatted: "Grace B. Hopper",
      givenName: "Grace",
      middleName: "Brewster",
      familyName: "Hopper",
      honorificPrefix: "Rear Admiral",
    },
    displayName: "Grace Hopper",
    nickName: "Amazing Grace",
    title: "Commodore",
    userType: "Employee",
    preferredLanguage: "en-US",
    locale: "en-US",
    timezone: "America/New_York",
    active: true,
    password: "t1meMachine!",
    emails: [
      { value: userName, type: "work", primary: true },
      { value: `home-${userName}`, type: "home" },
    ],
    phoneNumbers: [{ value: "+1 202 555 0100", type: "work" }],
    addresses: [
      {
        type: "work",
        streetAddress: "1 Navy Yard",
        locality: "Arlington",
        region: "VA",
        postalCode: "22202",
        country: "US",
        primary: true,
      },
    ],
    [ENT]: {
      employeeNumber: "1906",
      costCenter: "N-7",
      organization: "US Navy",
      division: "Computing",
      department: "Programming",
      manager: { value: "usr_manager_placeholder" },
    },
  };
}

/** A fresh user with the full profile; returns its SCIM id. */
async function fresh(): Promise<{ id: string; userName: string }> {
  const userName = `grace${++seq}@acme.test`;
  const r = await scim(A, "POST", "/Users", profile(userName));
  expect(r.status).toBe(201);
  return { id: r.body.id, userName };
}

const patch = (id: string, Operations: unknown[]) => scim(A, "PATCH", `/Users/${id}`, { schemas: [PATCH], Operations });
const list = (filter: string, more = "") => scim(A, "GET", `/Users?filter=${encodeURIComponent(filter)}${more}`);

let g: { id: string; userName: string };
let stored: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  A = await mintToken(t.db, "acme");
  g = await fresh();
  stored = (await scim(A, "GET", `/Users/${g.id}`)).body;
});

afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const returned: [string, (u: Record<string, any>) => unknown, unknown][] = [
  ["name.givenName", (u) => u.name?.givenName, "Grace"],
  ["name.familyName", (u) => u.name?.familyName, "Hopper"],
  ["name.middleName", (u) => u.name?.middleName, "Brewster"],
  ["name.formatted", (u) => u.name?.formatted, "Grace B. Hopper"],
  ["name.honorificPrefix", (u) => u.name?.honorificPrefix, "Rear Admiral"],
  ["displayName", (u) => u.displayName, "Grace Hopper"],
  ["nickName", (u) => u.nickName, "Amazing Grace"],
  ["title", (u) => u.title, "Commodore"],
  ["userType", (u) => u.userType, "Employee"],
  ["preferredLanguage", (u) => u.preferredLanguage, "en-US"],
  ["locale", (u) => u.locale, "en-US"],
  ["timezone", (u) => u.timezone, "America/New_York"],
  ["externalId", (u) => u.externalId, "ext-grace1@acme.test"],
  ["emails (work and home, with types)", (u) => u.emails?.map((e: { type: string }) => e.type), ["work", "home"]],
  ["phoneNumbers", (u) => u.phoneNumbers?.[0]?.value, "+1 202 555 0100"],
  ["addresses", (u) => u.addresses?.[0]?.locality, "Arlington"],
  ["enterprise employeeNumber", (u) => u[ENT]?.employeeNumber, "1906"],
  ["enterprise department", (u) => u[ENT]?.department, "Programming"],
  ["enterprise costCenter", (u) => u[ENT]?.costCenter, "N-7"],
  ["enterprise organization", (u) => u[ENT]?.organization, "US Navy"],
  ["enterprise division", (u) => u[ENT]?.division, "Computing"],
  ["enterprise manager.value", (u) => u[ENT]?.manager?.value, "usr_manager_placeholder"],
  ["schemas lists the enterprise extension", (u) => u.schemas?.includes(ENT), true],
  ["password is never returned", (u) => u.password, undefined],
];

describe(`SCIM RFC 7643/7644 conformance run (${TEST_DB_KIND})`, () => {
  describe("discovery", () => {
    it("ServiceProviderConfig: patch, filter, sort and etag supported", async () => {
      const b = (await scim(A, "GET", "/ServiceProviderConfig")).body;
      expect([b.patch.supported, b.filter.supported, b.sort.supported, b.etag.supported]).toEqual([
        true,
        true,
        true,
        true,
      ]);
    });
    it("/Schemas serves the core User with the RFC 7643 §4.1 attributes", async () => {
      const user = (await scim(A, "GET", "/Schemas")).body.Resources.find((s: { id: string }) => s.id === USER);
      const names = user.attributes.map((a: { name: string }) => a.name);
      expect(names).toEqual(
        expect.arrayContaining([
          "userName",
          "name",
          "displayName",
          "nickName",
          "title",
          "userType",
          "preferredLanguage",
          "locale",
          "timezone",
          "active",
          "emails",
          "phoneNumbers",
          "addresses",
          "groups",
        ]),
      );
    });
    it("/Schemas serves the enterprise extension", async () => {
      const r = await scim(A, "GET", `/Schemas/${encodeURIComponent(ENT)}`);
      expect(r.status).toBe(200);
      expect(r.body.attributes.map((a: { name: string }) => a.name)).toEqual(
        expect.arrayContaining(["employeeNumber", "department", "manager"]),
      );
    });
    it("ResourceType User declares the enterprise extension", async () => {
      expect((await scim(A, "GET", "/ResourceTypes/User")).body.schemaExtensions).toEqual([
        { schema: ENT, required: false },
      ]);
    });
    it("/Schemas marks id-like readOnly attributes (groups) readOnly", async () => {
      const user = (await scim(A, "GET", "/Schemas")).body.Resources.find((s: { id: string }) => s.id === USER);
      expect(user.attributes.find((a: { name: string }) => a.name === "groups").mutability).toBe("readOnly");
    });
  });

  describe("create returns and stores every attribute sent", () => {
    for (const [name, get, want] of returned) it(name, () => expect(get(stored)).toEqual(want));
  });

  describe("replace (PUT)", () => {
    it("keeps a new name.middleName", async () => {
      const u = await fresh();
      const put = await scim(A, "PUT", `/Users/${u.id}`, {
        ...profile(u.userName),
        name: { givenName: "Grace", middleName: "Murray", familyName: "Hopper" },
      });
      expect((await scim(A, "GET", `/Users/${u.id}`)).body.name?.middleName).toBe("Murray");
      expect(put.status).toBe(200);
    });
    it("clears an attribute the new representation leaves out", async () => {
      const u = await fresh();
      const { title: _t, ...rest } = profile(u.userName);
      await scim(A, "PUT", `/Users/${u.id}`, rest);
      expect((await scim(A, "GET", `/Users/${u.id}`)).body.title).toBeUndefined();
    });
  });

  describe("filters", () => {
    const one = async (f: string) => (await list(f)).body?.Resources?.map((u: { id: string }) => u.id);
    it('title eq "commodore" (caseExact false)', async () =>
      expect(await one('title eq "commodore" and userName eq "grace1@acme.test"')).toEqual([g.id]));
    it("nickName co", async () =>
      expect(await one('nickName co "amazing" and userName eq "grace1@acme.test"')).toEqual([g.id]));
    it("name.familyName eq", async () =>
      expect(await one('name.familyName eq "Hopper" and userName eq "grace1@acme.test"')).toEqual([g.id]));
    it("name.middleName sw", async () =>
      expect(await one('name.middleName sw "brew" and userName eq "grace1@acme.test"')).toEqual([g.id]));
    it("userType eq", async () =>
      expect(await one('userType eq "Employee" and userName eq "grace1@acme.test"')).toEqual([g.id]));
    it('emails[type eq "work" and value eq …]', async () =>
      expect(await one('emails[type eq "work" and value eq "grace1@acme.test"]')).toEqual([g.id]));
    it('Entra emails[type eq "work"].value eq …', async () =>
      expect(await one('emails[type eq "work"].value eq "grace1@acme.test"')).toEqual([g.id]));
    it("emails.value eq (a home address)", async () =>
      expect(await one('emails.value eq "home-grace1@acme.test"')).toEqual([g.id]));
    it("phoneNumbers.value co", async () =>
      expect(await one('phoneNumbers.value co "555 0100" and userName eq "grace1@acme.test"')).toEqual([g.id]));
    it("addresses[locality eq …]", async () =>
      expect(await one('addresses[locality eq "Arlington"] and userName eq "grace1@acme.test"')).toEqual([g.id]));
    it("enterprise department eq", async () =>
      expect(await one(`${ENT}:department eq "Programming" and userName eq "grace1@acme.test"`)).toEqual([g.id]));
    it("enterprise manager.value eq", async () =>
      expect(await one(`${ENT}:manager.value eq "usr_manager_placeholder" and userName eq "grace1@acme.test"`)).toEqual(
        [g.id],
      ));
    it("preferredLanguage pr", async () =>
      expect(await one('preferredLanguage pr and userName eq "grace1@acme.test"')).toEqual([g.id]));
    it("sortBy title descending", async () => {
      const r = await list('userName sw "grace"', "&sortBy=title&sortOrder=descending&count=200");
      expect(r.status).toBe(200);
      const titles = r.body.Resources.map((u: { title?: string }) => u.title ?? "");
      expect(titles).toEqual([...titles].sort().reverse());
    });
  });

  describe("attributes and excludedAttributes", () => {
    it("attributes=title on a list", async () => {
      const r = await list('userName eq "grace1@acme.test"', "&attributes=title");
      expect(r.body.Resources[0]).toEqual({ schemas: expect.any(Array), id: g.id, title: "Commodore" });
    });
    it("attributes=<enterprise URN>:department on one user", async () => {
      const r = await scim(A, "GET", `/Users/${g.id}?attributes=${encodeURIComponent(`${ENT}:department`)}`);
      expect(r.body[ENT]).toEqual({ department: "Programming" });
    });
    it("excludedAttributes=phoneNumbers,name.middleName", async () => {
      const r = await scim(A, "GET", `/Users/${g.id}?excludedAttributes=phoneNumbers,name.middleName`);
      expect([r.body.phoneNumbers, r.body.name?.middleName, r.body.name?.givenName]).toEqual([
        undefined,
        undefined,
        "Grace",
      ]);
    });
  });

  describe("deactivation (RFC 7643 §4.1.1: an inactive user is still a resource)", () => {
    it('Entra active "False" then userName eq finds the user', async () => {
      const u = await fresh();
      await patch(u.id, [{ op: "Replace", path: "active", value: "False" }]);
      const r = await list(`userName eq "${u.userName}"`);
      expect(r.body.Resources.map((x: { id: string; active: boolean }) => [x.id, x.active])).toEqual([[u.id, false]]);
    });
    it("a deactivated user keeps its attributes", async () => {
      const u = await fresh();
      const r = await patch(u.id, [{ op: "replace", value: { active: false } }]);
      expect([r.body.active, r.body.title, r.body[ENT]?.department]).toEqual([false, "Commodore", "Programming"]);
    });
  });

  describe("PATCH", () => {
    it("Entra capitalised Replace of a single attribute", async () => {
      const u = await fresh();
      expect((await patch(u.id, [{ op: "Replace", path: "title", value: "Admiral" }])).body.title).toBe("Admiral");
    });
    it("no-path Add with a dotted key (name.middleName)", async () => {
      const u = await fresh();
      expect((await patch(u.id, [{ op: "Add", value: { "name.middleName": "M." } }])).body.name?.middleName).toBe("M.");
    });
    it("no-path Replace with an enterprise URN key", async () => {
      const u = await fresh();
      expect(
        (await patch(u.id, [{ op: "Replace", value: { [`${ENT}:employeeNumber`]: "2001" } }])).body[ENT]
          ?.employeeNumber,
      ).toBe("2001");
    });
    it("enterprise manager as a bare id string", async () => {
      const u = await fresh();
      expect((await patch(u.id, [{ op: "Add", path: `${ENT}:manager`, value: g.id }])).body[ENT]?.manager?.value).toBe(
        g.id,
      );
    });
    it('Replace emails[type eq "work"].value', async () => {
      const u = await fresh();
      const r = await patch(u.id, [
        { op: "Replace", path: 'emails[type eq "work"].value', value: `new-${u.userName}` },
      ]);
      expect(r.body.emails?.find((e: { type: string }) => e.type === "work")?.value).toBe(`new-${u.userName}`);
    });
    it("add a phoneNumbers value", async () => {
      const u = await fresh();
      expect(
        (
          await patch(u.id, [
            { op: "add", path: "phoneNumbers", value: [{ value: "+1 202 555 0199", type: "mobile" }] },
          ])
        ).body.phoneNumbers,
      ).toHaveLength(2);
    });
    it('remove emails[type eq "home"]', async () => {
      const u = await fresh();
      expect(
        (await patch(u.id, [{ op: "remove", path: 'emails[type eq "home"]' }])).body.emails?.map(
          (e: { type: string }) => e.type,
        ),
      ).toEqual(["work"]);
    });
    it("remove an enterprise attribute", async () => {
      const u = await fresh();
      const r = await patch(u.id, [{ op: "Remove", path: `${ENT}:division` }]);
      expect([r.status, r.body[ENT]?.division, r.body[ENT]?.department]).toEqual([200, undefined, "Programming"]);
    });
    it("replace the readOnly id: 400 mutability", async () => {
      const u = await fresh();
      const r = await patch(u.id, [{ op: "replace", path: "id", value: "usr_other" }]);
      expect([r.status, r.body.scimType]).toEqual([400, "mutability"]);
    });
    it("a refused operation changes nothing, earlier ones included", async () => {
      const u = await fresh();
      await patch(u.id, [
        { op: "replace", path: "title", value: "Changed" },
        { op: "replace", path: "id", value: "usr_other" },
      ]);
      const r = await scim(A, "GET", `/Users/${u.id}`);
      expect([r.body.title, r.body.meta.version]).toEqual(["Commodore", 'W/"1"']);
    });
  });

  describe("protocol", () => {
    it("401 without a token carries WWW-Authenticate: Bearer", async () => {
      expect((await scim(null, "GET", "/Users")).headers.get("www-authenticate")).toMatch(/^Bearer/);
    });
    it("401 with a bad token carries WWW-Authenticate: Bearer", async () => {
      expect((await scim("wscim_wrong", "GET", "/Users")).headers.get("www-authenticate")).toMatch(/^Bearer/);
    });
    it("If-None-Match with the current ETag answers 304 (User)", async () => {
      const r = await scim(A, "GET", `/Users/${g.id}`);
      expect(
        (await scim(A, "GET", `/Users/${g.id}`, undefined, { "if-none-match": r.headers.get("etag")! })).status,
      ).toBe(304);
    });
    it("If-None-Match with the current ETag answers 304 (Group)", async () => {
      const c = await scim(A, "POST", "/Groups", { schemas: [GROUP], displayName: `Conformance ${++seq}` });
      expect(
        (await scim(A, "GET", `/Groups/${c.body.id}`, undefined, { "if-none-match": c.headers.get("etag")! })).status,
      ).toBe(304);
    });
  });

  describe("groups", () => {
    it("externalId is stored and filterable", async () => {
      const c = await scim(A, "POST", "/Groups", {
        schemas: [GROUP],
        displayName: `Ext ${++seq}`,
        externalId: `okta-g-${seq}`,
      });
      expect(
        (await scim(A, "GET", `/Groups?filter=${encodeURIComponent(`externalId eq "okta-g-${seq}"`)}`)).body
          .Resources?.[0]?.id,
      ).toBe(c.body.id);
    });
    it("members carry value, display and $ref", async () => {
      const c = await scim(A, "POST", "/Groups", {
        schemas: [GROUP],
        displayName: `Members ${++seq}`,
        members: [{ value: g.id }],
      });
      expect(c.body.members).toEqual([
        expect.objectContaining({
          value: g.id,
          display: "Grace Hopper",
          $ref: expect.stringContaining(`/Users/${g.id}`),
        }),
      ]);
    });
  });
});
