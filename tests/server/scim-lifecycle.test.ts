// SCIM lifecycle: deactivation revokes sessions and API keys in the same transaction,
// reactivation restores sign-in but not keys, group -> role mappings (highest wins), 50
// concurrent member adds to one group, and the SCIM token lifecycle (revoke, rotate, disable).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { GET as listTokensRoute } from "@/app/v1/scim/tokens/route";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { bearerClientThrottle, bearerSubjectThrottle } from "@/lib/auth/throttle";
import { setDbForTests } from "@/lib/db";
import { revokeUserAccess } from "@/lib/scim/lifecycle";
import { updateScimSettings } from "@/lib/scim/settings";
import { createScimToken, revokeScimToken, rotateScimToken } from "@/lib/scim/tokens";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { adminActor, mintToken, scim } from "../fixtures/scim/scim-client";
import { call } from "../helpers/call-route";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let token: string;
let acmeId: string;
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

/** A real key, minted the one way keys come into existence, on behalf of `userId`. */
async function addKey(tenantId: string, userId: string): Promise<{ id: string; secret: string }> {
  return withTenant(
    tenantId,
    (tx) =>
      mintApiKey(tx, {
        tenantId,
        role: "viewer",
        ttlSeconds: 3600,
        name: "ci",
        createdBy: { kind: "user", subject: userId },
        source: "api",
      }),
    { db: t.db },
  );
}

const keyRevoked = async (id: string, tenantId = acmeId) =>
  (await withTenant(tenantId, (tx) => tx.apiKey.findUniqueOrThrow({ where: { id } }), { db: t.db })).revokedAt !== null;

/** GET /v1/auth/me with the key as a bearer token: the status its next real call gets. */
async function callWithKey(secret: string): Promise<number> {
  bearerClientThrottle.reset();
  bearerSubjectThrottle.reset();
  return (await call(meRoute, "GET", "/v1/auth/me", { headers: { authorization: `Bearer ${secret}` } })).status;
}

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  token = await mintToken(t.db, "acme");
  acmeId = await tenantIdBySlug(t.db, "acme");
});

afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

describe(`SCIM lifecycle (${TEST_DB_KIND})`, () => {
  it("active:false revokes sessions and the user's live API keys at once; reactivation restores sign-in, not keys", async () => {
    const u = (await scim(token, "POST", "/Users", { schemas: [USER], userName: "leaver@acme.test", active: true }))
      .body;
    const other = await withTenant(
      acmeId,
      (tx) => tx.user.findFirstOrThrow({ where: { tenantId: acmeId, email: "bob.martinez@acme.test" } }),
      { db: t.db },
    );
    const leaverKey = await addKey(acmeId, u.id);
    const bobKey = await addKey(acmeId, other.id);
    expect(await callWithKey(leaverKey.secret)).toBe(200);
    // Okta's dialect: no path, the attribute inside the value.
    const off = await scim(token, "PATCH", `/Users/${u.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(off.status).toBe(200);
    expect(await callWithKey(leaverKey.secret)).toBe(401);
    expect(await callWithKey(bobKey.secret)).toBe(200);
    const row = await withTenant(acmeId, (tx) => tx.user.findUniqueOrThrow({ where: { id: u.id } }), { db: t.db });
    expect(row.active).toBe(false);
    expect(row.sessionsRevokedAt).not.toBeNull();
    expect(await keyRevoked(leaverKey.id)).toBe(true);
    expect(await keyRevoked(bobKey.id)).toBe(false);
    const on = await scim(token, "PATCH", `/Users/${u.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: "active", value: "True" }],
    });
    expect(on.body.active).toBe(true);
    expect(await keyRevoked(leaverKey.id)).toBe(true);
    expect(await callWithKey(leaverKey.secret)).toBe(401);
    // Audited in the same transactions, by the SCIM token, without personal data in the chain.
    const audit = await withTenant(
      acmeId,
      (tx) => tx.auditEntry.findMany({ where: { tenantId: acmeId, targetId: u.id }, orderBy: { seq: "asc" } }),
      { db: t.db },
    );
    expect(audit.map((a) => a.action)).toEqual(["scim.user.create", "scim.user.deactivate", "scim.user.reactivate"]);
    expect(audit.every((a) => a.actorKind === "scim" && !JSON.stringify(a.details).includes("leaver@"))).toBe(true);
  });

  it("defence in depth: a key whose creating user is inactive is refused even while unrevoked", async () => {
    const user = await withTenant(
      acmeId,
      (tx) => tx.user.create({ data: { tenantId: acmeId, email: "dormant@acme.test", name: "Dormant" } }),
      { db: t.db },
    );
    const key = await addKey(acmeId, user.id);
    expect(await callWithKey(key.secret)).toBe(200);
    // Deactivated behind the API's back: no revocation ran, the key row is still live.
    await withTenant(acmeId, (tx) => tx.user.update({ where: { id: user.id }, data: { active: false } }), { db: t.db });
    expect(await keyRevoked(key.id)).toBe(false);
    expect(await callWithKey(key.secret)).toBe(401);
    await withTenant(acmeId, (tx) => tx.user.update({ where: { id: user.id }, data: { active: true } }), { db: t.db });
    expect(await callWithKey(key.secret)).toBe(200);
  });

  it("revokeUserAccess is tenant-bound: it cannot touch another tenant's keys", async () => {
    const globex = { id: await tenantIdBySlug(t.db, "globex") };
    const gUser = await withTenant(globex.id, (tx) => tx.user.findFirstOrThrow({ where: { tenantId: globex.id } }), {
      db: t.db,
    });
    const aUser = await withTenant(
      acmeId,
      (tx) => tx.user.findFirstOrThrow({ where: { tenantId: acmeId, email: "priya.nair@acme.test" } }),
      { db: t.db },
    );
    const globexKey = await addKey(globex.id, aUser.id); // same created_by value, other tenant
    const priyaKey = await addKey(acmeId, aUser.id);
    const out = await withTenant(acmeId, (tx) => revokeUserAccess(tx, aUser.id), { db: t.db });
    expect(out.apiKeysRevoked).toBe(1);
    expect(await keyRevoked(priyaKey.id)).toBe(true);
    expect(await keyRevoked(globexKey.id, globex.id)).toBe(false);
    expect(gUser.tenantId).toBe(globex.id);
  });

  it("group -> role mappings: membership sets the role, several groups -> the highest, leaving falls back", async () => {
    await withTenant(
      acmeId,
      (tx) =>
        updateScimSettings(tx, adminActor(acmeId, "acme"), {
          group_role_mappings: [
            { group: "SCIM Admins", role: "admin" },
            { group: "SCIM Devs", role: "developer" },
          ],
        }),
      { db: t.db },
    );
    const u = (await scim(token, "POST", "/Users", { schemas: [USER], userName: "mapped@acme.test" })).body;
    const admins = (await scim(token, "POST", "/Groups", { schemas: [], displayName: "SCIM Admins" })).body;
    const devs = (
      await scim(token, "POST", "/Groups", { schemas: [], displayName: "scim devs", members: [{ value: u.id }] })
    ).body;
    const role = async () =>
      (await withTenant(acmeId, (tx) => tx.user.findUniqueOrThrow({ where: { id: u.id } }), { db: t.db })).role;
    expect(await role()).toBe("developer");
    await scim(token, "PATCH", `/Groups/${admins.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "Add", path: "members", value: [{ value: u.id }] }],
    });
    expect(await role()).toBe("admin");
    await scim(token, "PATCH", `/Groups/${admins.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "Remove", path: "members", value: [{ value: u.id }] }],
    });
    expect(await role()).toBe("developer");
    await scim(token, "DELETE", `/Groups/${devs.id}`);
    expect(await role()).toBe("viewer");
    const assigns = await withTenant(
      acmeId,
      (tx) =>
        tx.auditEntry.findMany({
          where: { tenantId: acmeId, action: "role.assign", targetId: u.id },
          orderBy: { seq: "asc" },
        }),
      { db: t.db },
    );
    expect(assigns.map((a) => (a.details as { to: string }).to)).toEqual(["developer", "admin", "developer", "viewer"]);
  });

  it("50 concurrent PATCH requests adding different members to one group leave all 50", async () => {
    const ids = await withTenant(
      acmeId,
      async (tx) => {
        const out: string[] = [];
        for (let i = 0; i < 50; i++)
          out.push(
            (await tx.user.create({ data: { tenantId: acmeId, email: `burst${i}@acme.test`, name: `Burst ${i}` } })).id,
          );
        return out;
      },
      { db: t.db, timeout: 60_000 },
    );
    const g = (await scim(token, "POST", "/Groups", { schemas: [], displayName: "Burst" })).body;
    const replies = await Promise.all(
      ids.map((id) =>
        scim(token, "PATCH", `/Groups/${g.id}`, {
          schemas: [PATCH],
          Operations: [{ op: "add", path: "members", value: [{ value: id }] }],
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(ids.map(() => 200));
    const after = await scim(token, "GET", `/Groups/${g.id}`);
    expect(after.body.members.map((m: { value: string }) => m.value).sort()).toEqual([...ids].sort());
    expect(after.body.meta.version).toBe('W/"51"');
  });

  it("tokens: revoked and rotated-out tokens get 401, the new one works, disabling SCIM refuses with 403", async () => {
    const admin = adminActor(acmeId, "acme");
    const a = await withTenant(acmeId, (tx) => createScimToken(tx, admin, "rotate me"), { db: t.db });
    expect((await scim(a.token, "GET", "/Users?count=1")).status).toBe(200);
    const row = await withTenant(acmeId, (tx) => tx.scimToken.findUniqueOrThrow({ where: { id: a.id } }), { db: t.db });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.tokenHash).not.toContain(a.token.slice(6, 20));
    const b = await withTenant(acmeId, (tx) => rotateScimToken(tx, admin, a.id), { db: t.db });
    expect((await scim(a.token, "GET", "/Users?count=1")).status).toBe(401);
    expect((await scim(b.token, "GET", "/Users?count=1")).status).toBe(200);
    await withTenant(acmeId, (tx) => revokeScimToken(tx, admin, b.id), { db: t.db });
    expect((await scim(b.token, "GET", "/Users?count=1")).status).toBe(401);
    await withTenant(acmeId, (tx) => updateScimSettings(tx, admin, { enabled: false }), { db: t.db });
    const off = await scim(token, "GET", "/Users?count=1");
    expect(off.status).toBe(403);
    expect(off.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    await withTenant(acmeId, (tx) => updateScimSettings(tx, admin, { enabled: true }), { db: t.db });
  });

  it("/v1/scim/tokens uses the Warden error shape and refuses anonymous callers", async () => {
    const res = await listTokensRoute(new Request("http://warden.test/v1/scim/tokens"), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.type).toBe("authentication_required");
  });
});
