// Server-side console sessions (ADR 0031) on the production path: every caller holds a real
// signed session cookie whose record was started by the function every sign-in uses, and each
// request goes through the one resolver. A session ended through /v1 (by its owner, by an
// admin's "sign out everywhere", by signing out) stops the NEXT request with that cookie (401
// invalid_credentials); so do the tenant's idle timeout and absolute lifetime (time moved by
// rewriting the record's timestamps as the schema owner). Nobody ends another person's session
// (404), and every end leaves an audit entry in the tenant's chain.
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import * as policyRoute from "@/app/v1/auth/session-policy/route";
import { DELETE as endRoute } from "@/app/v1/sessions/[id]/route";
import { GET as listRoute } from "@/app/v1/sessions/route";
import { PATCH as userPatchRoute } from "@/app/v1/users/[id]/route";
import { POST as revokeRoute } from "@/app/v1/users/[id]/sessions/revoke/route";
import { GET as userSessionsRoute } from "@/app/v1/users/[id]/sessions/route";
import { buildAuthConfig } from "@/lib/auth/sso/config";
import { sessionCookieName } from "@/lib/auth/sso/session-cookie";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pointProcessDbAt, requestAs, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
const BOB = "bob.martinez@acme.test";
const CAROL = "carol.johnson@acme.test";
const ALICE = "alice.chen@acme.test";
const HANNAH = "hannah.schmidt@acme.test";

type Signed = Caller & { sessionId: string };
const signIn = (email: string, ua?: string): Promise<Signed> =>
  signedIn(t.db, "acme", email, ua ? { userAgent: ua } : {});

/** GET /v1/auth/me with this caller's cookie: the next request of that browser. */
async function next(who: Caller): Promise<{ status: number; type?: string; message?: string }> {
  const res = await requestAs(meRoute, who, "GET", "/v1/auth/me");
  const body = (await res.json()) as { error?: { type: string; message: string } };
  return { status: res.status, type: body.error?.type, message: body.error?.message };
}

const record = (id: string) =>
  withTenant(acme, (tx) => tx.consoleSession.findUniqueOrThrow({ where: { id } }), { db: t.db });
const endAudits = (sid: string, action = "auth.session_end") =>
  withTenant(
    acme,
    async (tx) =>
      (await tx.auditEntry.findMany({ where: { action }, orderBy: { seq: "asc" } })).filter(
        (e) => (e.details as { sid?: string }).sid === sid,
      ),
    { db: t.db },
  );
/** Moves a session's clock as the schema owner (the app role has no reason to rewrite history). */
const backdate = (sid: string, column: "last_seen_at" | "created_at", minutes: number) =>
  t.asOwner((tx) =>
    tx.$executeRawUnsafe(
      `UPDATE console_sessions SET ${column} = now() - make_interval(secs => $2::double precision) WHERE id = $1`,
      sid,
      minutes * 60,
    ),
  );

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  acme = (await signIn(ALICE)).tenantId;
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe(`console sessions (${TEST_DB_KIND})`, () => {
  it("lists the caller's own live sessions with device, address, method and this-session marker", async () => {
    const a = await signIn(
      CAROL,
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    );
    const b = await signIn(
      CAROL,
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0",
    );
    const res = await requestAs(listRoute, a, "GET", "/v1/sessions");
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as {
      data: {
        id: string;
        current: boolean;
        device_label: string;
        ip: string;
        method: string;
        provider: string;
        user_id: string;
      }[];
    };
    const mine = data.filter((s) => s.id === a.sessionId || s.id === b.sessionId);
    expect(mine).toHaveLength(2);
    expect(data.every((s) => s.user_id === a.userId)).toBe(true);
    expect(mine.find((s) => s.id === a.sessionId)).toMatchObject({
      current: true,
      device_label: "Chrome on Linux",
      ip: "203.0.113.7",
      method: "oidc",
      provider: "Test IdP",
    });
    expect(mine.find((s) => s.id === b.sessionId)).toMatchObject({ current: false, device_label: "Firefox on macOS" });
  });

  it("a session its owner ends stops that browser's next request; the other session keeps working; audited", async () => {
    const a = await signIn(BOB);
    const b = await signIn(BOB);
    expect((await next(b)).status).toBe(200);
    const res = await requestAs(endRoute, a, "DELETE", `/v1/sessions/${b.sessionId}`, undefined, { id: b.sessionId });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ended: 1 });
    expect(await next(b)).toMatchObject({
      status: 401,
      type: "invalid_credentials",
      message: "The session was ended; sign in again",
    });
    expect((await next(a)).status).toBe(200);
    expect(await record(b.sessionId)).toMatchObject({ endReason: "ended_by_user", endedBy: a.userId });
    const audits = await endAudits(b.sessionId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorRef: a.userId,
      targetType: "user",
      targetId: b.userId,
      details: { sid: b.sessionId, reason: "ended_by_user" },
    });
    // Ending it again ends nothing and writes nothing.
    const again = await requestAs(endRoute, a, "DELETE", `/v1/sessions/${b.sessionId}`, undefined, { id: b.sessionId });
    expect(await again.json()).toEqual({ ended: 0 });
    expect(await endAudits(b.sessionId)).toHaveLength(1);
  });

  it("the current session may end itself: its next request must sign in", async () => {
    const a = await signIn(BOB);
    expect(
      (await requestAs(endRoute, a, "DELETE", `/v1/sessions/${a.sessionId}`, undefined, { id: a.sessionId })).status,
    ).toBe(200);
    expect((await next(a)).status).toBe(401);
  });

  it("nobody ends another person's session (404, like an unknown id); that session keeps working", async () => {
    const bob = await signIn(BOB);
    const carol = await signIn(CAROL);
    const admin = await signIn(ALICE);
    for (const who of [carol, admin]) {
      const res = await requestAs(endRoute, who, "DELETE", `/v1/sessions/${bob.sessionId}`, undefined, {
        id: bob.sessionId,
      });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe("not_found");
    }
    expect(
      (await requestAs(endRoute, carol, "DELETE", "/v1/sessions/not-a-session", undefined, { id: "not-a-session" }))
        .status,
    ).toBe(404);
    expect((await next(bob)).status).toBe(200);
    expect((await record(bob.sessionId)).endedAt).toBeNull();
  });

  it("admin: sees a person's sessions and signs them out everywhere; each end audited; others may not", async () => {
    const admin = await signIn(ALICE);
    const b1 = await signIn(CAROL);
    const b2 = await signIn(CAROL);
    const listed = await requestAs(userSessionsRoute, admin, "GET", `/v1/users/${b1.userId}/sessions`, undefined, {
      id: b1.userId,
    });
    expect(listed.status).toBe(200);
    const ids = ((await listed.json()) as { data: { id: string; current: boolean }[] }).data;
    expect(ids.map((s) => s.id)).toEqual(expect.arrayContaining([b1.sessionId, b2.sessionId]));
    expect(ids.every((s) => !s.current)).toBe(true);
    const live = ids.length;

    // users.read (hannah) and a viewer may not; nor may they list.
    for (const who of [await signIn(HANNAH), b1]) {
      expect(
        (
          await requestAs(revokeRoute, who, "POST", `/v1/users/${b1.userId}/sessions/revoke`, undefined, {
            id: b1.userId,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await requestAs(userSessionsRoute, who, "GET", `/v1/users/${b1.userId}/sessions`, undefined, {
            id: b1.userId,
          })
        ).status,
      ).toBe(403);
    }
    expect((await next(b1)).status).toBe(200);

    const res = await requestAs(revokeRoute, admin, "POST", `/v1/users/${b1.userId}/sessions/revoke`, undefined, {
      id: b1.userId,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ended: live });
    for (const s of [b1, b2]) {
      expect(await next(s)).toMatchObject({ status: 401, type: "invalid_credentials" });
      expect(await record(s.sessionId)).toMatchObject({ endReason: "ended_by_admin", endedBy: admin.userId });
      expect(await endAudits(s.sessionId)).toMatchObject([
        { actorRef: admin.userId, details: { reason: "ended_by_admin" } },
      ]);
    }
    expect((await next(admin)).status).toBe(200);
    const after = await requestAs(userSessionsRoute, admin, "GET", `/v1/users/${b1.userId}/sessions`, undefined, {
      id: b1.userId,
    });
    expect(((await after.json()) as { data: unknown[] }).data).toEqual([]);
    expect(
      (
        await requestAs(revokeRoute, admin, "POST", "/v1/users/usr_nobody/sessions/revoke", undefined, {
          id: "usr_nobody",
        })
      ).status,
    ).toBe(404);
  });

  it("idle past the tenant's idle timeout: refused and ended as idle, once", async () => {
    const s = await signIn(BOB);
    await backdate(s.sessionId, "last_seen_at", 59); // default idle timeout: 60 minutes
    expect((await next(s)).status).toBe(200);
    await backdate(s.sessionId, "last_seen_at", 61);
    expect(await next(s)).toMatchObject({
      status: 401,
      type: "invalid_credentials",
      message: "The session ended after a period of inactivity; sign in again",
    });
    expect(await record(s.sessionId)).toMatchObject({ endReason: "idle", endedBy: null });
    expect((await next(s)).status).toBe(401);
    expect(await endAudits(s.sessionId)).toMatchObject([{ actorRef: "system", details: { reason: "idle" } }]);
  });

  it("last_seen_at moves at most once a minute, and only forward", async () => {
    const s = await signIn(BOB);
    await backdate(s.sessionId, "last_seen_at", 0.5);
    const fresh = (await record(s.sessionId)).lastSeenAt;
    expect((await next(s)).status).toBe(200);
    expect((await record(s.sessionId)).lastSeenAt).toEqual(fresh);
    await backdate(s.sessionId, "last_seen_at", 5);
    const stale = (await record(s.sessionId)).lastSeenAt;
    const before = Date.now();
    expect((await next(s)).status).toBe(200);
    const touched = (await record(s.sessionId)).lastSeenAt;
    expect(touched.getTime()).toBeGreaterThan(stale.getTime() + 4 * 60_000);
    expect(touched.getTime()).toBeGreaterThanOrEqual(before - 5_000);
  });

  it("session policy: admins change it through /v1 (validated, audited); a lower lifetime ends older sessions", async () => {
    const admin = await signIn(ALICE);
    const viewer = await signIn(CAROL);
    const get = await requestAs(policyRoute.GET, admin, "GET", "/v1/auth/session-policy");
    expect(await get.json()).toEqual({
      idle_timeout_minutes: 60,
      absolute_lifetime_minutes: 480,
      refresh_interval_minutes: 5,
    });
    expect(
      (await requestAs(policyRoute.PATCH, viewer, "PATCH", "/v1/auth/session-policy", { idle_timeout_minutes: 30 }))
        .status,
    ).toBe(403);
    for (const bad of [
      { idle_timeout_minutes: 2 },
      { absolute_lifetime_minutes: 5000 },
      { idle_timeout_minutes: "soon" },
      { lifetime: 3 },
      { refresh_interval_minutes: 0 },
      { refresh_interval_minutes: 61 },
    ]) {
      const res = await requestAs(policyRoute.PATCH, admin, "PATCH", "/v1/auth/session-policy", bad);
      expect(res.status).toBe(400);
    }

    const older = await signIn(BOB);
    await backdate(older.sessionId, "created_at", 20);
    const younger = await signIn(BOB);
    expect((await next(older)).status).toBe(200);
    const res = await requestAs(policyRoute.PATCH, admin, "PATCH", "/v1/auth/session-policy", {
      absolute_lifetime_minutes: 15,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      idle_timeout_minutes: 60,
      absolute_lifetime_minutes: 15,
      refresh_interval_minutes: 5,
    });
    const audit = await withTenant(
      acme,
      (tx) => tx.auditEntry.findFirst({ where: { action: "tenant.session_policy.update" }, orderBy: { seq: "desc" } }),
      { db: t.db },
    );
    expect(audit?.details).toMatchObject({
      absolute_lifetime_minutes: 15,
      previous: { absolute_lifetime_minutes: 480 },
    });

    expect(await next(older)).toMatchObject({
      status: 401,
      type: "invalid_credentials",
      message: "The session reached its maximum lifetime; sign in again",
    });
    expect(await record(older.sessionId)).toMatchObject({ endReason: "expired" });
    expect(await endAudits(older.sessionId)).toMatchObject([{ details: { reason: "expired" } }]);
    expect((await next(younger)).status).toBe(200);

    // A small idle timeout applies to open sessions too.
    await requestAs(policyRoute.PATCH, admin, "PATCH", "/v1/auth/session-policy", {
      idle_timeout_minutes: 5,
      absolute_lifetime_minutes: 480,
    });
    await backdate(younger.sessionId, "last_seen_at", 6);
    expect((await next(younger)).status).toBe(401);
    await requestAs(policyRoute.PATCH, admin, "PATCH", "/v1/auth/session-policy", { idle_timeout_minutes: 60 });
  });

  it("past the lifetime it started with, even when the tenant later allows longer", async () => {
    const s = await signIn(BOB);
    await t.asOwner((tx) =>
      tx.$executeRawUnsafe(
        `UPDATE console_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`,
        s.sessionId,
      ),
    );
    expect((await next(s)).status).toBe(401);
    expect((await record(s.sessionId)).endReason).toBe("expired");
  });

  it("a cookie whose sid names no record is refused (a cookie signed with the real secret, no record)", async () => {
    const bob = await signIn(BOB);
    const name = sessionCookieName();
    const value = await encode({
      token: {
        sub: bob.userId,
        uid: bob.userId,
        tenantId: acme,
        sid: crypto.randomUUID(),
        authAt: Math.floor(Date.now() / 1000),
        mfa: true,
      },
      secret: process.env.AUTH_SECRET!,
      salt: name,
    });
    const forged = { ...bob, credentials: { cookie: `${name}=${value}` } };
    expect(await next(forged)).toMatchObject({ status: 401, type: "invalid_credentials" });
    // Another person's sid in one's own cookie does not open it either.
    const other = await signIn(CAROL);
    const mixed = await encode({
      token: {
        sub: bob.userId,
        uid: bob.userId,
        tenantId: acme,
        sid: other.sessionId,
        authAt: Math.floor(Date.now() / 1000),
        mfa: true,
      },
      secret: process.env.AUTH_SECRET!,
      salt: name,
    });
    expect((await next({ ...bob, credentials: { cookie: `${name}=${mixed}` } })).status).toBe(401);
  });

  it("Auth.js: the jwt callback of a sign-in starts the record; the signOut event ends it (audited as auth.logout)", async () => {
    const bob = await signIn(BOB);
    const config = await buildAuthConfig(
      new Headers({ "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0" }),
    );
    const claims = (await config.callbacks!.jwt!({
      token: {},
      user: { id: bob.userId, tenantId: acme, mfa: false, providerId: "idp_demo" } as never,
      account: null,
      trigger: "signIn",
    })) as { sid: string; uid: string };
    expect(claims.uid).toBe(bob.userId);
    const row = await record(claims.sid);
    expect(row).toMatchObject({
      userId: bob.userId,
      method: "oidc",
      providerId: "idp_demo",
      mfa: false,
      device: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0",
      endedAt: null,
    });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(480 * 60_000);

    await config.events!.signOut!({ token: { ...claims, tenantId: acme } } as never);
    expect(await record(claims.sid)).toMatchObject({ endReason: "signed_out", endedBy: bob.userId });
    expect(await endAudits(claims.sid, "auth.logout")).toMatchObject([
      { actorRef: bob.userId, details: { reason: "signed_out" } },
    ]);
  });

  it("deactivating a person ends their sessions (account_disabled), each audited", async () => {
    const admin = await signIn(ALICE);
    const person = await signIn(HANNAH);
    const res = await requestAs(
      userPatchRoute,
      admin,
      "PATCH",
      `/v1/users/${person.userId}`,
      { active: false },
      { id: person.userId },
    );
    expect(res.status).toBe(200);
    expect(await record(person.sessionId)).toMatchObject({ endReason: "account_disabled", endedBy: admin.userId });
    expect(await endAudits(person.sessionId)).toMatchObject([{ details: { reason: "account_disabled" } }]);
    expect(await next(person)).toMatchObject({
      status: 401,
      type: "invalid_credentials",
      message: "The account is disabled",
    });
  });

  it("the demo seed gives every tenant session rows, and RLS keeps them in their tenant", async () => {
    const globex = (await signedIn(t.db, "globex", "hank.scorpio@globex.test")).tenantId;
    const seen = await withTenant(globex, (tx) => tx.consoleSession.findMany({ select: { tenantId: true } }), {
      db: t.db,
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.tenantId === globex)).toBe(true);
    // Inside Globex, an Acme session id is not there to end.
    const acmeSession = await signIn(BOB);
    const hank = await signedIn(t.db, "globex", "hank.scorpio@globex.test");
    expect(
      (
        await requestAs(endRoute, hank, "DELETE", `/v1/sessions/${acmeSession.sessionId}`, undefined, {
          id: acmeSession.sessionId,
        })
      ).status,
    ).toBe(404);
  });
});
