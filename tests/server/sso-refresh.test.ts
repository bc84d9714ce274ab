// SSO token refresh and RP-initiated logout (ADR 0034), through the REAL local IdP (oidc-provider
// on an ephemeral port, in this process) and the real Auth.js handlers: a person signs in as in a
// browser, then the IdP's administrator changes them (changeAccountAtIdp, the demo IdP's run-time
// accounts). Before the tenant's refresh interval the session keeps its role; once the record's
// last refresh is older than the interval (moved back with the owner connection), the next request
// refreshes at the IdP and carries the new role, audited. A disabled account, a refresh token the
// IdP refuses, an IdP that stays unreachable end the session. Signing out goes through the IdP's
// end_session_endpoint back to /signin. No token reaches a log line.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import * as policyRoute from "@/app/v1/auth/session-policy/route";
import { signOutAction } from "@/app/actions/sign-out";
import { forgetTenantKey, openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { setDbForTests } from "@/lib/db";
import { changeAccountAtIdp, demoPassword, resetAccountChanges } from "@/lib/idp-local/accounts";
import { startLocalIdp, type LocalIdp } from "@/lib/idp-local/server";
import { captureLogs } from "@/lib/observability/log";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { runAction } from "../helpers/callers";
import { allowOutbound } from "../helpers/outbound";
import { freePort, idpBrowser, type Jar } from "../helpers/idp-browser";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

// Auth.js's signOut() needs a live Next request; here it is the real Auth.js sign-out POST (CSRF
// token, cookie) of the browser whose cookie the action runs with, which fires the real signOut event.
const signOutBrowser: { jar: Jar | null } = { jar: null };
vi.mock("@/lib/auth/sso", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/sso")>();
  const { redirect } = await import("next/navigation");
  return {
    ...actual,
    signOut: async (o: { redirect?: boolean; redirectTo?: string }) => {
      const jar = signOutBrowser.jar!;
      const csrf = await auth(jar, "GET", `${WARDEN}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const res = await auth(jar, "POST", `${WARDEN}/api/auth/signout`, { csrfToken, callbackUrl: `${WARDEN}/signin` });
      expect(res.status).toBe(302);
      if (o.redirect !== false) redirect(o.redirectTo ?? "/signin");
    },
  };
});

// ─── A browser, reduced to what the flow needs: one cookie jar per origin ───────────────────
const WARDEN = "http://127.0.0.1:3391"; // AUTH_URL: the handlers are called in-process on this origin
const { auth, idp } = idpBrowser(WARDEN);

interface Browser {
  jar: Jar;
  cookie: string;
  sid: string;
}

/** Warden -> the IdP's login form -> Warden's callback, as a browser does it. */
async function signInThroughIdp(email: string): Promise<Browser> {
  const warden: Jar = new Map();
  const atIdp: Jar = new Map();
  const csrf = await auth(warden, "GET", `${WARDEN}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await auth(warden, "POST", `${WARDEN}/api/auth/signin/${idpId}`, {
    csrfToken,
    callbackUrl: `${WARDEN}/`,
  });
  const loginForm = await idp(atIdp, start.headers.get("location")!);
  expect(loginForm).toMatch(/\/interaction\/[A-Za-z0-9_-]+$/);
  const back = await idp(atIdp, `${loginForm}/login`, { email, password: demoPassword() });
  const callback = await auth(warden, "GET", back);
  expect(new URL(callback.headers.get("location")!, WARDEN).pathname).toBe("/");
  const cookie = `authjs.session-token=${warden.get("authjs.session-token")}`;
  const sid = await withTenant(
    acme,
    (tx) =>
      tx.consoleSession.findFirstOrThrow({
        where: { endedAt: null },
        orderBy: { createdAt: "desc" },
        select: { id: true },
      }),
    { db: t.db },
  );
  return { jar: warden, cookie, sid: sid.id };
}

const me = (b: Browser) => call(meRoute, "GET", "/v1/auth/me", { headers: { cookie: b.cookie } });
const record = (sid: string) =>
  withTenant(acme, (tx) => tx.consoleSession.findUniqueOrThrow({ where: { id: sid } }), { db: t.db });
/** Moves a timestamp of the record back, as the passing of time would (the owner connection). */
const backdate = (
  sid: string,
  column: "refreshed_at" | "refresh_attempt_at" | "refresh_failing_since",
  minutes: number,
) =>
  t.asOwner((tx) =>
    tx.$executeRawUnsafe(
      `UPDATE console_sessions SET ${column} = now() - make_interval(secs => $2::double precision) WHERE id = $1`,
      sid,
      minutes * 60,
    ),
  );
const audits = (action: string, sid: string) =>
  withTenant(
    acme,
    (tx) =>
      tx.auditEntry.findMany({ where: { action, details: { path: ["sid"], equals: sid } }, orderBy: { seq: "asc" } }),
    { db: t.db },
  );

// ─── Set-up ─────────────────────────────────────────────────────────────────────────────────
let t: TestDatabase;
let localIdp: LocalIdp;
let acme: string;
let idpId: string;
const logs = captureLogs("debug");
/** Every token the IdP handed out during the file, opened from the records: none may reach a log line. */
const tokensSeen = new Set<string>();
async function collectTokens(sid: string) {
  const r = await record(sid);
  for (const sealed of [r.idpRefreshTokenSealed, r.idpIdTokenSealed]) if (sealed) tokensSeen.add(openSecret(sealed));
}

const saved = { AUTH_URL: process.env.AUTH_URL, WARDEN_LOCAL_IDP_PORT: process.env.WARDEN_LOCAL_IDP_PORT };

beforeAll(async () => {
  process.env.WARDEN_LOCAL_IDP_PORT = String(await freePort());
  process.env.AUTH_URL = WARDEN;
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  localIdp = await startLocalIdp({ wardenOrigins: [WARDEN] });
  allowOutbound(localIdp.issuer);
  acme = await tenantIdBySlug(t.db, "acme");
  idpId = (
    await withTenant(acme, (tx) => tx.identityProvider.findFirstOrThrow({ where: { issuer: localIdp.issuer } }), {
      db: t.db,
    })
  ).id;
}, 300_000);

afterEach(() => resetAccountChanges());

afterAll(async () => {
  logs.stop();
  setDbForTests(undefined);
  await localIdp?.close();
  await t?.drop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const BOB = "bob.martinez@acme.test"; // Developer at the IdP (roles: developer)
const CAROL = "carol.johnson@acme.test"; // Viewer
const GRACE = "grace.liu@acme.test"; // Developer
const FRANK = "frank.osei@acme.test"; // Viewer
const DAVID = "david.kim@acme.test";

describe(`SSO token refresh through the local IdP (${TEST_DB_KIND})`, () => {
  it("sign-in keeps the IdP's refresh and ID tokens sealed with the record; the policy's interval defaults to 5 minutes", async () => {
    const bob = await signInThroughIdp(BOB);
    const r = await record(bob.sid);
    expect(r.method).toBe("oidc");
    expect(r.idpRefreshTokenSealed).toBeTruthy();
    expect(r.idpIdTokenSealed).toBeTruthy();
    expect(r.refreshedAt).toBeInstanceOf(Date);
    const idToken = openSecret(r.idpIdTokenSealed!);
    expect(idToken.split(".")).toHaveLength(3); // a JWT, sealed: the stored text is not it
    expect(r.idpIdTokenSealed).not.toContain(idToken.slice(0, 20));
    expect(r.idpRefreshTokenSealed).not.toContain(openSecret(r.idpRefreshTokenSealed!));
    // Sealed under the tenant's own key (ADR 0035): shredded with it when the tenant is deleted.
    expect(r.idpRefreshTokenSealed!.startsWith(`v2.${acme}.`)).toBe(true);
    expect(r.idpIdTokenSealed!.startsWith(`v2.${acme}.`)).toBe(true);
    // The cookie carries ids only.
    expect(bob.cookie).not.toContain(idToken.slice(0, 20));
    await collectTokens(bob.sid);
  });

  it("a role and group changed at the IdP apply after the refresh interval, without signing out, audited as auth.idp_sync", async () => {
    const carol = await signInThroughIdp(CAROL);
    expect((await me(carol)).body.role).toBe("viewer");
    const before = await record(carol.sid);

    changeAccountAtIdp(CAROL, { roles: ["admin"], groups: ["Support Automation", "Incident Response"] });
    // Before the interval: still a viewer, nothing asked of the IdP.
    const early = await me(carol);
    expect(early.status).toBe(200);
    expect(early.body.role).toBe("viewer");
    expect((await record(carol.sid)).refreshedAt).toEqual(before.refreshedAt);

    await backdate(carol.sid, "refreshed_at", 6); // the default interval is 5 minutes
    const after = await me(carol);
    expect(after.status).toBe(200);
    expect(after.body.role).toBe("admin"); // this very request
    expect(after.body.permissions).toContain("users.write");

    const refreshed = await record(carol.sid);
    expect(refreshed.endedAt).toBeNull();
    expect(refreshed.refreshedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // Rotated at the IdP: a new refresh token, sealed again.
    expect(openSecret(refreshed.idpRefreshTokenSealed!)).not.toBe(openSecret(before.idpRefreshTokenSealed!));
    await collectTokens(carol.sid);

    const [sync, ...more] = await audits("auth.idp_sync", carol.sid);
    expect(more).toHaveLength(0);
    expect(sync).toMatchObject({ actorKind: "system", targetType: "user" });
    expect(sync.details).toMatchObject({
      trigger: "session_refresh",
      role: "admin",
      previous_role: "viewer",
      teams_added: ["Incident Response"],
      teams_created: ["Incident Response"],
      provider_id: idpId,
    });
    // Same person, same membership source as a sign-in's sync.
    const user = await withTenant(
      acme,
      (tx) =>
        tx.user.findFirstOrThrow({ where: { email: CAROL }, include: { memberships: { include: { team: true } } } }),
      { db: t.db },
    );
    expect(user.role).toBe("admin");
    expect(user.memberships.find((m) => m.team.name === "Incident Response")?.source).toBe("idp");

    // Within the next interval nothing changes again, and no second entry is written.
    expect((await me(carol)).body.role).toBe("admin");
    expect(await audits("auth.idp_sync", carol.sid)).toHaveLength(1);
  });

  it("the interval comes from the tenant's session policy (PATCH /v1/auth/session-policy)", async () => {
    const admin = await signInThroughIdp("alice.chen@acme.test");
    const grace = await signInThroughIdp(GRACE);
    const patch = (body: unknown) =>
      call(policyRoute.PATCH, "PATCH", "/v1/auth/session-policy", {
        headers: { cookie: admin.cookie, origin: WARDEN, "sec-fetch-site": "same-origin" },
        body,
      });
    const res = await patch({ refresh_interval_minutes: 30 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ refresh_interval_minutes: 30 });

    changeAccountAtIdp(GRACE, { roles: ["viewer"] });
    await backdate(grace.sid, "refreshed_at", 6);
    expect((await me(grace)).body.role).toBe("developer"); // 6 < 30 minutes
    await backdate(grace.sid, "refreshed_at", 31);
    expect((await me(grace)).body.role).toBe("viewer");

    expect((await patch({ refresh_interval_minutes: 5 })).status).toBe(200);
    await collectTokens(grace.sid);
  });

  it("concurrent requests of a due session refresh it once (the claim is one UPDATE … RETURNING)", async () => {
    const frank = await signInThroughIdp(FRANK);
    changeAccountAtIdp(FRANK, { roles: ["developer"] });
    await backdate(frank.sid, "refreshed_at", 6);
    const answers = await Promise.all([me(frank), me(frank), me(frank), me(frank)]);
    // A second use of the same refresh token would make the IdP revoke the grant (rotation's reuse
    // detection) and end the session: every request stays signed in.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect((await me(frank)).body.role).toBe("developer");
    expect(await audits("auth.idp_sync", frank.sid)).toHaveLength(1);
    expect((await record(frank.sid)).endedAt).toBeNull();
  });

  it("an account disabled at the IdP: the next request after the interval is 401 and the record is ended, audited", async () => {
    const bob = await signInThroughIdp(BOB);
    changeAccountAtIdp(BOB, { disabled: true });
    expect((await me(bob)).status).toBe(200); // within the interval
    await backdate(bob.sid, "refreshed_at", 6);
    const res = await me(bob);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
      type: "invalid_credentials",
      message: "The identity provider no longer accepts this session; sign in again",
    });
    const r = await record(bob.sid);
    expect(r).toMatchObject({ endReason: "idp_refused", idpRefreshTokenSealed: null, idpIdTokenSealed: null });
    expect(r.endedAt).toBeInstanceOf(Date);
    const [end] = await audits("auth.session_end", bob.sid);
    expect(end.details).toMatchObject({ reason: "idp_refused", idp_error: "invalid_grant" });
    // And it stays ended.
    expect((await me(bob)).status).toBe(401);
  });

  it("a refresh that is the process's first use of the tenant key (a restarted server) refreshes, it does not end the session", async () => {
    const david = await signInThroughIdp(DAVID);
    const before = await record(david.sid);
    await backdate(david.sid, "refreshed_at", 6);
    forgetTenantKey(acme); // as after a restart: the next opener must load the key itself
    const res = await me(david);
    expect(res.status).toBe(200);
    const after = await record(david.sid);
    expect(after.endedAt).toBeNull();
    expect(after.refreshedAt!.getTime()).toBeGreaterThan(before.refreshedAt!.getTime());
    expect(after.idpRefreshTokenSealed!.startsWith(`v2.${acme}.`)).toBe(true);
    expect(openSecret(after.idpRefreshTokenSealed!)).not.toBe(openSecret(before.idpRefreshTokenSealed!));
    await collectTokens(david.sid);
  });

  it("a refresh token the IdP refuses ends the session", async () => {
    const grace = await signInThroughIdp(GRACE);
    await t.asOwner((tx) =>
      tx.consoleSession.update({
        where: { id: grace.sid },
        data: { idpRefreshTokenSealed: sealSecret("revoked-or-never-issued") },
      }),
    );
    await backdate(grace.sid, "refreshed_at", 6);
    const res = await me(grace);
    expect(res.status).toBe(401);
    expect(await record(grace.sid)).toMatchObject({ endReason: "idp_refused" });
    expect((await audits("auth.session_end", grace.sid))[0].details).toMatchObject({
      reason: "idp_refused",
      idp_error: "invalid_grant",
    });
  });

  it("signing out ends the record and sends the browser through the IdP's end_session_endpoint back to /signin", async () => {
    const carol = await signInThroughIdp(CAROL);
    const idToken = openSecret((await record(carol.sid)).idpIdTokenSealed!);
    signOutBrowser.jar = carol.jar;
    const thrown = await runAction(signOutAction, { credentials: { cookie: carol.cookie } } as never, {}).then(
      () => null,
      (e: { digest?: string }) => e,
    );
    // The action ends in a redirect (Next's redirect error): to the IdP's end-session endpoint.
    const target = new URL(String(thrown?.digest).split(";")[2]);
    expect(`${target.origin}${target.pathname}`).toBe(`${localIdp.issuer}/session/end`);
    expect(target.searchParams.get("id_token_hint")).toBe(idToken);
    expect(target.searchParams.get("post_logout_redirect_uri")).toBe(`${WARDEN}/signin?signed_out=1`);
    const state = target.searchParams.get("state");
    expect(state).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    // Warden's side is over already.
    expect(await record(carol.sid)).toMatchObject({ endReason: "signed_out" });
    expect((await me(carol)).status).toBe(401);

    // At the IdP: its "sign out?" page, confirmed, sends the browser to the registered /signin.
    const page = await fetch(target, { redirect: "manual" });
    expect(page.status).toBe(200);
    const cookies = page.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const html = await page.text();
    const action = /action="([^"]+)"/.exec(html)![1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1];
    const confirm = await fetch(new URL(action, localIdp.issuer), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
      body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
    });
    expect([302, 303]).toContain(confirm.status);
    const back = new URL(confirm.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(`${WARDEN}/signin`);
    expect(back.searchParams.get("signed_out")).toBe("1");
    expect(back.searchParams.get("state")).toBe(state);
  });

  it("an unreachable IdP: the session is kept for one more interval from the first failure, then ended (fail closed)", async () => {
    const frank = await signInThroughIdp(FRANK);
    await collectTokens(frank.sid);
    await localIdp.close(); // the IdP is gone from here on
    await backdate(frank.sid, "refreshed_at", 6);
    const first = await me(frank);
    expect(first.status).toBe(200);
    const failing = await record(frank.sid);
    expect(failing.refreshFailingSince).toBeInstanceOf(Date);
    expect(failing.endedAt).toBeNull();
    // Retried at most every 30 s; still within one interval of the first failure.
    await backdate(frank.sid, "refresh_attempt_at", 1);
    expect((await me(frank)).status).toBe(200);
    // One interval after the first failure: ended.
    await backdate(frank.sid, "refresh_failing_since", 6);
    await backdate(frank.sid, "refresh_attempt_at", 1);
    const res = await me(frank);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe(
      "The identity provider could not be reached to confirm this session; sign in again",
    );
    expect(await record(frank.sid)).toMatchObject({ endReason: "idp_unreachable" });
  });

  it("no refresh token, ID token or sealed form of them reached a log line", async () => {
    expect(tokensSeen.size).toBeGreaterThanOrEqual(4);
    const text = logs.text();
    for (const token of tokensSeen) expect(text).not.toContain(token.slice(-24));
    expect(text).not.toMatch(/refresh_token=|id_token_hint=/);
  });
});
