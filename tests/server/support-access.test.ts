// Support access (ADR 0037) on the production path: the tenant admin is a real session cookie, the
// operator signs in as the platform IdP's callback admits one (completePlatformSignIn, a second
// factor) with the session cookie Auth.js writes, enters the tenant through the route and sends
// back the cookie it set. Entries written under a grant are checked in the tenant's own chain.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/v1/audit/route";
import { GET as verifyRoute } from "@/app/v1/audit/verify/route";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { POST as enterRoute } from "@/app/v1/platform/support-access/[id]/enter/route";
import { GET as operatorGrantsRoute } from "@/app/v1/platform/support-access/route";
import { DELETE as revokeRoute } from "@/app/v1/support-access/[id]/route";
import { GET as listRoute, POST as grantRoute } from "@/app/v1/support-access/route";
import { POST as createTeamRoute } from "@/app/v1/teams/route";
import { issueOperatorSessionCookie } from "@/lib/auth/sso/session-cookie";
import { setDbForTests } from "@/lib/db";
import { DEMO_OPERATOR_EMAIL } from "@/lib/idp-local/accounts";
import { completePlatformSignIn, grantOperator } from "@/lib/platform/operators";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { pointProcessDbAt, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const WARDEN = "http://127.0.0.1";
const browser = (cookie: string) => ({ cookie, origin: WARDEN, host: "127.0.0.1", "sec-fetch-site": "same-origin" });

let t: TestDatabase;
let acme: string;
let globex: string;
let admin: Caller;
let viewer: Caller;
let operatorId: string;
let operatorCookie: string;
let otherOperatorCookie: string;
const saved = process.env.WARDEN_PLATFORM_OPERATORS;

/** Grants as the Acme admin (through the route), answers the grant. */
async function grant(body: Record<string, unknown>) {
  const r = await call(grantRoute, "POST", "/v1/support-access", { headers: browser(admin.credentials.cookie), body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; status: string; role: string; expires_at: string };
}
/** The operator enters through the route; answers the cookie header the browser then sends. */
async function enter(grantId: string, cookie = operatorCookie): Promise<string> {
  const r = await call(enterRoute, "POST", `/v1/platform/support-access/${grantId}/enter`, {
    headers: browser(cookie),
    params: { id: grantId },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const set = r.headers.getSetCookie().find((c) => c.startsWith("warden-support="))!;
  expect(set).toMatch(/HttpOnly/);
  return `${cookie}; ${set.split(";")[0]}`;
}

beforeAll(async () => {
  process.env.WARDEN_PLATFORM_OPERATORS = DEMO_OPERATOR_EMAIL;
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  globex = await tenantIdBySlug(t.db, "globex");
  admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
  viewer = await signedIn(t.db, "acme", "carol.johnson@acme.test");
  const op = await completePlatformSignIn({
    sub: "op",
    email: DEMO_OPERATOR_EMAIL,
    email_verified: true,
    amr: ["pwd", "otp"],
  });
  if (!op.ok) throw new Error(op.reason);
  operatorId = op.operatorId;
  const c = await issueOperatorSessionCookie(op.operatorId, true);
  operatorCookie = `${c.name}=${c.value}`;
  const other = await grantOperator(
    { kind: "operator", subject: op.operatorId } as never,
    "second@platform.warden.test",
  );
  const c2 = await issueOperatorSessionCookie(other.id, true);
  otherOperatorCookie = `${c2.name}=${c2.value}`;
}, 120_000);

afterAll(async () => {
  await t?.drop();
  if (saved === undefined) delete process.env.WARDEN_PLATFORM_OPERATORS;
  else process.env.WARDEN_PLATFORM_OPERATORS = saved;
});

describe(`support access on ${TEST_DB_KIND}`, () => {
  it("an operator without a grant is refused on tenant routes (403), with a forged or unknown grant too", async () => {
    const plain = await call(meRoute, "GET", "/v1/auth/me", { headers: browser(operatorCookie) });
    expect(plain.status).toBe(403);
    expect(plain.body.error.type).toBe("user_not_authorized");
    const forged = await call(meRoute, "GET", "/v1/auth/me", {
      headers: browser(`${operatorCookie}; warden-support=${acme}.sup_doesnotexist`),
    });
    expect(forged.status).toBe(403);
    expect(
      (await call(operatorGrantsRoute, "GET", "/v1/platform/support-access", { headers: browser(operatorCookie) })).body
        .data,
    ).toEqual([]);
  });

  it("only an admin grants; the window is 1-72 hours; the operator must exist", async () => {
    const body = { operator_email: DEMO_OPERATOR_EMAIL, role: "read_only", hours: 2, reason: "Ticket 1: dashboard" };
    expect(
      (await call(grantRoute, "POST", "/v1/support-access", { headers: browser(viewer.credentials.cookie), body }))
        .status,
    ).toBe(403);
    expect(
      (
        await call(grantRoute, "POST", "/v1/support-access", {
          headers: browser(admin.credentials.cookie),
          body: { ...body, hours: 73 },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call(grantRoute, "POST", "/v1/support-access", {
          headers: browser(admin.credentials.cookie),
          body: { ...body, reason: "" },
        })
      ).status,
    ).toBe(400);
    const unknown = await call(grantRoute, "POST", "/v1/support-access", {
      headers: browser(admin.credentials.cookie),
      body: { ...body, operator_email: "nobody@platform.warden.test" },
    });
    expect(unknown.status).toBe(404);
  });

  it("read-only grant: the operator sees it in Platform, enters, reads, cannot write; entries are marked support in the tenant's chain", async () => {
    const g = await grant({
      operator_email: DEMO_OPERATOR_EMAIL,
      role: "read_only",
      hours: 2,
      reason: "Ticket 1: dashboard",
    });
    expect(g.status).toBe("active");
    const mine = await call(operatorGrantsRoute, "GET", "/v1/platform/support-access", {
      headers: browser(operatorCookie),
    });
    expect(mine.body.data).toEqual([expect.objectContaining({ id: g.id, tenant_slug: "acme", role: "read_only" })]);
    // Another operator cannot enter it.
    expect(
      (
        await call(enterRoute, "POST", `/v1/platform/support-access/${g.id}/enter`, {
          headers: browser(otherOperatorCookie),
          params: { id: g.id },
        })
      ).status,
    ).toBe(404);
    const cookie = await enter(g.id);
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers: browser(cookie) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      actor: { kind: "support", subject: g.id, auth_method: "support", email: DEMO_OPERATOR_EMAIL },
      role_name: "Support (read-only)",
      tenant: { slug: "acme" },
    });
    expect(me.body.permissions).not.toContain("teams.write");
    const audit = await call(auditRoute, "GET", "/v1/audit?limit=5", { headers: browser(cookie) });
    expect(audit.status).toBe(200);
    const write = await call(createTeamRoute, "POST", "/v1/teams", {
      headers: browser(cookie),
      body: { name: "Support team" },
    });
    expect(write.status).toBe(403);
    // The same operator's cookie pointed at another tenant with this grant: refused.
    const other = await call(meRoute, "GET", "/v1/auth/me", {
      headers: browser(`${operatorCookie}; warden-support=${globex}.${g.id}`),
    });
    expect(other.status).toBe(403);
    // Another operator presenting this grant: refused.
    expect(
      (
        await call(meRoute, "GET", "/v1/auth/me", {
          headers: browser(`${otherOperatorCookie}; warden-support=${acme}.${g.id}`),
        })
      ).status,
    ).toBe(403);
    const entered = await withTenant(
      acme,
      (tx) => tx.auditEntry.findFirstOrThrow({ where: { action: "support.enter" } }),
      { db: t.db },
    );
    expect(entered).toMatchObject({
      actorKind: "support",
      authMethod: "support",
      actorRef: g.id,
      details: { operator_id: operatorId, role: "read_only" },
    });
  });

  it("admin grant: the operator acts within the role; the change is a support entry in the chain, which still verifies", async () => {
    const g = await grant({
      operator_email: DEMO_OPERATOR_EMAIL,
      role: "admin",
      hours: 1,
      reason: "Ticket 2: fix the team setup",
    });
    const cookie = await enter(g.id);
    const created = await call(createTeamRoute, "POST", "/v1/teams", {
      headers: browser(cookie),
      body: { name: "Created by support" },
    });
    expect(created.status).toBe(201);
    // A cookie-authenticated write from another origin is refused, as for any console session.
    const cross = await call(createTeamRoute, "POST", "/v1/teams", {
      headers: { cookie, origin: "https://evil.example", host: "127.0.0.1" },
      body: { name: "CSRF" },
    });
    expect(cross.status).toBe(403);
    expect(cross.body.error.type).toBe("cross_origin_request");
    // Support access never manages support access itself.
    expect((await call(listRoute, "GET", "/v1/support-access", { headers: browser(cookie) })).status).toBe(403);
    const entry = await withTenant(
      acme,
      (tx) => tx.auditEntry.findFirstOrThrow({ where: { action: "team.create", targetId: created.body.id } }),
      { db: t.db },
    );
    expect(entry).toMatchObject({ actorKind: "support", authMethod: "support", actorRef: g.id });
    const verified = await call(verifyRoute, "GET", "/v1/audit/verify", { headers: browser(admin.credentials.cookie) });
    expect(verified.status).toBe(200);
    expect(verified.body.verified ?? verified.body.ok ?? verified.body.valid).toBe(true);

    // The tenant sees the grant and its use, and the entries in the audit explorer by grant.
    const list = await call(listRoute, "GET", "/v1/support-access", { headers: browser(admin.credentials.cookie) });
    const row = list.body.data.find((x: { id: string }) => x.id === g.id);
    expect(row).toMatchObject({
      status: "active",
      role: "admin",
      operator_email: DEMO_OPERATOR_EMAIL,
      uses: 2,
      last_used_at: expect.any(String),
    });
    const byGrant = await call(auditRoute, "GET", `/v1/audit?actor=${g.id}`, {
      headers: browser(admin.credentials.cookie),
    });
    expect(byGrant.body.data.map((e: { action: string }) => e.action).sort()).toEqual(["support.enter", "team.create"]);
    expect(byGrant.body.data[0]).toMatchObject({
      auth_method: "support",
      actor: { kind: "support", ref: g.id, email: DEMO_OPERATOR_EMAIL },
    });
  });

  it("revoke and expiry take effect on the next request", async () => {
    const g = await grant({ operator_email: DEMO_OPERATOR_EMAIL, role: "read_only", hours: 1, reason: "Ticket 3" });
    const cookie = await enter(g.id);
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: browser(cookie) })).status).toBe(200);
    const revoked = await call(revokeRoute, "DELETE", `/v1/support-access/${g.id}`, {
      headers: browser(admin.credentials.cookie),
      params: { id: g.id },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("revoked");
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: browser(cookie) })).status).toBe(403);
    expect(
      (
        await call(revokeRoute, "DELETE", `/v1/support-access/${g.id}`, {
          headers: browser(admin.credentials.cookie),
          params: { id: g.id },
        })
      ).status,
    ).toBe(409);

    const e = await grant({ operator_email: DEMO_OPERATOR_EMAIL, role: "read_only", hours: 1, reason: "Ticket 4" });
    const cookie2 = await enter(e.id);
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: browser(cookie2) })).status).toBe(200);
    // Time passes: the grant's window lies in the past (the table's CHECK keeps it at most 72 h).
    const past = Date.now() - 2 * 3_600_000;
    await withTenant(
      acme,
      (tx) =>
        tx.supportGrant.update({
          where: { id: e.id },
          data: { createdAt: new Date(past), expiresAt: new Date(past + 3_600_000) },
        }),
      { db: t.db },
    );
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: browser(cookie2) })).status).toBe(403);
    const mine = await call(operatorGrantsRoute, "GET", "/v1/platform/support-access", {
      headers: browser(operatorCookie),
    });
    expect(mine.body.data.map((x: { id: string }) => x.id)).not.toContain(e.id);
    const list = await call(listRoute, "GET", "/v1/support-access", { headers: browser(admin.credentials.cookie) });
    expect(list.body.data.find((x: { id: string }) => x.id === e.id).status).toBe("expired");
    const audit = await withTenant(
      acme,
      (tx) => tx.auditEntry.findMany({ where: { action: { in: ["support.grant", "support.revoke"] } } }),
      { db: t.db },
    );
    expect(audit.filter((a) => a.action === "support.revoke")).toHaveLength(1);
    expect(audit.filter((a) => a.action === "support.grant").length).toBeGreaterThanOrEqual(4);
  });
});
