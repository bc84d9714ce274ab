// Control-plane API keys through the real route handlers, with real secrets in a real
// Authorization header, on PGlite and PostgreSQL. Time is moved by editing timestamps through
// the owner connection, never by sleeping.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DELETE as revokeRoute } from "@/app/v1/auth/keys/[id]/route";
import { POST as rotateRoute } from "@/app/v1/auth/keys/[id]/rotate/route";
import { GET as listRoute, POST as createRoute } from "@/app/v1/auth/keys/route";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { bearerClientThrottle, bearerSubjectThrottle } from "@/lib/auth/throttle";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";
import { call } from "../helpers/call-route";

let t: TestDatabase;
let acme: string;
let globex: string;
const keys: Record<string, { id: string; secret: string }> = {};

async function mint(tenantId: string, role: string, scopes: string[] = []) {
  return withTenant(
    tenantId,
    (tx) =>
      mintApiKey(tx, {
        tenantId,
        role,
        scopes,
        ttlSeconds: 3600,
        name: `${role} test key`,
        createdBy: { kind: "system", subject: "test" },
        source: "api",
      }),
    { db: t.db },
  );
}

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  globex = await tenantIdBySlug(t.db, "globex");
  keys.acmeAdmin = await mint(acme, "admin");
  keys.acmeDev = await mint(acme, "developer");
  keys.acmeScoped = await mint(acme, "developer", ["dashboards.read"]);
  keys.globexAdmin = await mint(globex, "admin");
});

afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

beforeEach(() => {
  bearerClientThrottle.reset();
  bearerSubjectThrottle.reset();
});

const auth = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });

describe(`API keys (${TEST_DB_KIND})`, () => {
  it("a new key works, and the secret is stored only as a hash", async () => {
    const created = await call(createRoute, "POST", "/v1/auth/keys", {
      headers: auth(keys.acmeAdmin),
      body: { name: "CI deploy", role: "developer", ttl_days: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^wdn_[A-Za-z0-9_-]{43}$/);
    expect(created.body.secret.startsWith(created.body.prefix)).toBe(true);
    expect(created.body).toMatchObject({ role: "developer", state: "active", source: "api" });
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers: auth(created.body) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      role: "developer",
      actor: { auth_method: "api_key", subject: created.body.id },
      tenant: { slug: "acme", name: "Acme Corporation" },
    });
    const row = await withTenant(acme, (tx) => tx.apiKey.findUniqueOrThrow({ where: { id: created.body.id } }), {
      db: t.db,
    });
    expect(JSON.stringify(row)).not.toContain(created.body.secret);
    const listed = await call(listRoute, "GET", "/v1/auth/keys?limit=200", { headers: auth(keys.acmeAdmin) });
    expect(listed.body.data.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toMatch(/secret/);
  });

  it("records last use at most once a minute", async () => {
    await call(meRoute, "GET", "/v1/auth/me", { headers: auth(keys.acmeDev) });
    const first = (
      await withTenant(acme, (tx) => tx.apiKey.findUniqueOrThrow({ where: { id: keys.acmeDev.id } }), { db: t.db })
    ).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await call(meRoute, "GET", "/v1/auth/me", { headers: auth(keys.acmeDev) });
    const second = (
      await withTenant(acme, (tx) => tx.apiKey.findUniqueOrThrow({ where: { id: keys.acmeDev.id } }), { db: t.db })
    ).lastUsedAt;
    expect(second?.getTime()).toBe(first?.getTime());
  });

  it("after rotation the old key works during the overlap, then fails; the new one keeps working", async () => {
    const k = await mint(acme, "developer");
    const rotated = await call(rotateRoute, "POST", `/v1/auth/keys/${k.id}/rotate`, {
      headers: auth(keys.acmeAdmin),
      params: { id: k.id },
      body: { overlap_hours: 2 },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ rotated_from: k.id, role: "developer" });
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: auth(k) })).status).toBe(200);
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: auth(rotated.body) })).status).toBe(200);
    const old = await withTenant(acme, (tx) => tx.apiKey.findUniqueOrThrow({ where: { id: k.id } }), { db: t.db });
    expect(old.replacedBy).toBe(rotated.body.id);
    await withTenant(
      acme,
      (tx) => tx.apiKey.update({ where: { id: k.id }, data: { overlapUntil: new Date(Date.now() - 1000) } }),
      { db: t.db },
    );
    const after = await call(meRoute, "GET", "/v1/auth/me", { headers: auth(k) });
    expect(after.status).toBe(401);
    expect(after.body.error.type).toBe("invalid_credentials");
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: auth(rotated.body) })).status).toBe(200);
    const again = await call(rotateRoute, "POST", `/v1/auth/keys/${k.id}/rotate`, {
      headers: auth(keys.acmeAdmin),
      params: { id: k.id },
    });
    expect(again.status).toBe(409);
  });

  it("refuses an overlap longer than the policy allows", async () => {
    const k = await mint(acme, "viewer");
    const res = await call(rotateRoute, "POST", `/v1/auth/keys/${k.id}/rotate`, {
      headers: auth(keys.acmeAdmin),
      params: { id: k.id },
      body: { overlap_hours: 48 },
    });
    expect(res.status).toBe(400);
  });

  it("revoked and expired keys get 401 invalid_credentials", async () => {
    const k = await mint(acme, "viewer");
    const revoked = await call(revokeRoute, "DELETE", `/v1/auth/keys/${k.id}`, {
      headers: auth(keys.acmeAdmin),
      params: { id: k.id },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe("revoked");
    const r1 = await call(meRoute, "GET", "/v1/auth/me", { headers: auth(k) });
    expect([r1.status, r1.body.error.type]).toEqual([401, "invalid_credentials"]);
    const e = await mint(acme, "viewer");
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: auth(e) })).status).toBe(200);
    await withTenant(
      acme,
      (tx) => tx.apiKey.update({ where: { id: e.id }, data: { expiresAt: new Date(Date.now() - 1000) } }),
      { db: t.db },
    );
    const r2 = await call(meRoute, "GET", "/v1/auth/me", { headers: auth(e) });
    expect([r2.status, r2.body.error.type]).toEqual([401, "invalid_credentials"]);
  });

  it("an unknown or malformed key gets 401", async () => {
    const r = await call(meRoute, "GET", "/v1/auth/me", { headers: { authorization: `Bearer wdn_${"A".repeat(43)}` } });
    expect([r.status, r.body.error.type]).toEqual([401, "invalid_credentials"]);
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: { authorization: "Bearer wdn_short" } })).status).toBe(
      401,
    );
  });

  it("a tenant-B key asking for a tenant-A key id gets 404, like a missing id", async () => {
    const target = keys.acmeDev.id;
    const del = await call(revokeRoute, "DELETE", `/v1/auth/keys/${target}`, {
      headers: auth(keys.globexAdmin),
      params: { id: target },
    });
    expect([del.status, del.body.error.type]).toEqual([404, "not_found"]);
    const rot = await call(rotateRoute, "POST", `/v1/auth/keys/${target}/rotate`, {
      headers: auth(keys.globexAdmin),
      params: { id: target },
    });
    expect(rot.status).toBe(404);
    const missing = await call(revokeRoute, "DELETE", "/v1/auth/keys/key_doesnotexist", {
      headers: auth(keys.globexAdmin),
      params: { id: "key_doesnotexist" },
    });
    expect(missing.body.error).toMatchObject({ type: "not_found", message: del.body.error.message });
    const list = await call(listRoute, "GET", "/v1/auth/keys?limit=200", { headers: auth(keys.globexAdmin) });
    expect(list.body.data.map((k: { id: string }) => k.id)).not.toContain(target);
    expect(
      (await withTenant(acme, (tx) => tx.apiKey.findUniqueOrThrow({ where: { id: target } }), { db: t.db })).revokedAt,
    ).toBeNull();
  });

  it("a developer cannot mint, rotate or revoke an admin key (403), and scopes cannot widen a role (400)", async () => {
    const up = await call(createRoute, "POST", "/v1/auth/keys", {
      headers: auth(keys.acmeDev),
      body: { name: "escalate", role: "admin" },
    });
    expect([up.status, up.body.error.type]).toEqual([403, "user_not_authorized"]);
    const rot = await call(rotateRoute, "POST", `/v1/auth/keys/${keys.acmeAdmin.id}/rotate`, {
      headers: auth(keys.acmeDev),
      params: { id: keys.acmeAdmin.id },
    });
    expect(rot.status).toBe(403);
    const del = await call(revokeRoute, "DELETE", `/v1/auth/keys/${keys.acmeAdmin.id}`, {
      headers: auth(keys.acmeDev),
      params: { id: keys.acmeAdmin.id },
    });
    expect(del.status).toBe(403);
    const own = await call(createRoute, "POST", "/v1/auth/keys", {
      headers: auth(keys.acmeDev),
      body: { name: "mine", role: "developer", scopes: ["usage.read"] },
    });
    expect(own.status).toBe(201);
    const widen = await call(createRoute, "POST", "/v1/auth/keys", {
      headers: auth(keys.acmeAdmin),
      body: { name: "wide", role: "viewer", scopes: ["users.write"] },
    });
    expect([widen.status, widen.body.error.type]).toEqual([400, "invalid_request"]);
    const count = await withTenant(acme, (tx) => tx.apiKey.count({ where: { role: "admin", name: "escalate" } }), {
      db: t.db,
    });
    expect(count).toBe(0);
  });

  it("a scoped key carries only its scopes, and cannot mint a key wider than itself", async () => {
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers: auth(keys.acmeScoped) });
    expect(me.body.permissions).toEqual(["dashboards.read"]);
    const list = await call(listRoute, "GET", "/v1/auth/keys", { headers: auth(keys.acmeScoped) });
    expect(list.status).toBe(403);
  });

  it("answers 400 for a bad body and paginates the list", async () => {
    const bad = await call(createRoute, "POST", "/v1/auth/keys", {
      headers: auth(keys.acmeAdmin),
      body: { role: "developer" },
    });
    expect([bad.status, bad.body.error.type]).toEqual([400, "invalid_request"]);
    const page = await call(listRoute, "GET", "/v1/auth/keys?limit=1", { headers: auth(keys.acmeAdmin) });
    expect(page.body.data).toHaveLength(1);
    const next = await call(listRoute, "GET", `/v1/auth/keys?limit=1&cursor=${page.body.next_cursor}`, {
      headers: auth(keys.acmeAdmin),
    });
    expect(next.body.data[0].id).not.toBe(page.body.data[0].id);
  });
});
