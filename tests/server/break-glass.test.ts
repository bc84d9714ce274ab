// Break-glass sign-in (ADR 0039) on this run's database. The admins are real signed-in sessions;
// their Actors come from the one resolver (Caller.actor()), never assembled here. The break-glass
// session is checked by sending its cookie to GET /v1/auth/me, through the same resolver.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { PUT as putRuleRoute } from "@/app/v1/monitoring/rules/[id]/route";
import { GET as rulesRoute } from "@/app/v1/monitoring/rules/route";
import { POST as resumeRoute } from "@/app/v1/platform/tenants/[id]/resume/route";
import { POST as suspendRoute } from "@/app/v1/platform/tenants/[id]/suspend/route";
import { issueOperatorSessionCookie } from "@/lib/auth/sso/session-cookie";
import { setDbForTests } from "@/lib/db";
import { WardenError } from "@/lib/errors";
import { stampPeer } from "@/lib/http/client-ip";
import { evaluateTenant } from "@/lib/monitoring/evaluator";
import { breakGlassSignIn, hashBreakGlassCode, issueBreakGlassCode, setBreakGlass } from "@/lib/identity/break-glass";
import { DEMO_OPERATOR_EMAIL } from "@/lib/idp-local/accounts";
import { completePlatformSignIn } from "@/lib/platform/operators";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { callAs, pointProcessDbAt, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

const WARDEN = "http://127.0.0.1";
const IP = "203.0.113.7";
let t: TestDatabase;
let acme: string;
let alice: Caller;
let rahul: Caller;
let carol: Caller;
let op: Record<string, string>;
const saved = { ...process.env };

// The Actor is resolved before the tenant transaction opens (PGlite has one connection).
const enable = async (who: Caller, on: boolean) => {
  const actor = await who.actor();
  return withTenant(acme, (tx) => setBreakGlass(tx, actor, on, IP), { db: t.db });
};
const issue = async (who: Caller) => {
  const actor = await who.actor();
  return withTenant(acme, (tx) => issueBreakGlassCode(tx, actor, IP), { db: t.db });
};
const signIn = (codes: [string, string], email = "alice.chen@acme.test", tenantSlug = "acme", ip = IP) =>
  breakGlassSignIn({ tenantSlug, email, codes, ip, userAgent: "Vitest", requestId: "req_bg" }, { db: t.db });
/** The one refusal: 401 invalid_credentials with the same message whatever failed. */
async function refused(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WardenError);
  expect((e as WardenError).type).toBe("invalid_credentials");
  expect((e as WardenError).message).toBe(
    "Break-glass sign-in refused. Check the organization, the e-mail and both codes.",
  );
}
const me = (cookie: string) =>
  call(meRoute, "GET", "/v1/auth/me", {
    headers: Object.fromEntries(
      stampPeer(
        new Headers({ cookie, origin: WARDEN, host: "127.0.0.1", "sec-fetch-site": "same-origin" }),
        IP,
      ).entries(),
    ),
  });
const audits = (action: string) =>
  withTenant(acme, (tx) => tx.auditEntry.findMany({ where: { action }, orderBy: { seq: "asc" } }), { db: t.db });

beforeAll(async () => {
  process.env.WARDEN_PLATFORM_OPERATORS = DEMO_OPERATOR_EMAIL;
  process.env.WARDEN_SIGNIN_MAX_PER_EMAIL = "1000";
  process.env.WARDEN_SIGNIN_MAX_PER_IP = "1000";
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  alice = await signedIn(t.db, "acme", "alice.chen@acme.test");
  rahul = await signedIn(t.db, "acme", "rahul.mehta@acme.test");
  carol = await signedIn(t.db, "acme", "carol.johnson@acme.test");
  const signed = await completePlatformSignIn(
    { sub: "op", email: DEMO_OPERATOR_EMAIL, email_verified: true, amr: ["pwd", "otp"] },
    t.db,
  );
  const c = await issueOperatorSessionCookie((signed as { operatorId: string }).operatorId, true);
  op = { cookie: `${c.name}=${c.value}`, origin: WARDEN, host: "127.0.0.1", "sec-fetch-site": "same-origin" };
}, 300_000);

afterAll(async () => {
  await t?.drop();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe(`break-glass sign-in on ${TEST_DB_KIND}`, () => {
  it("is off by default: no code can be issued and a sign-in is refused", async () => {
    expect(
      await withTenant(
        acme,
        (tx) => tx.tenant.findUniqueOrThrow({ where: { id: acme }, select: { breakGlassEnabled: true } }),
        { db: t.db },
      ),
    ).toEqual({ breakGlassEnabled: false });
    await expect(issue(alice)).rejects.toMatchObject({ type: "conflict" });
    await refused(signIn(["AAAA-BBBB", "CCCC-DDDD"]));
    expect((await audits("auth.break_glass_refused")).at(-1)?.details).toEqual({ reason: "disabled" });
  });

  it("enabled: one admin's code alone, or two codes of the same admin, are refused; a viewer holds no code", async () => {
    await enable(alice, true);
    expect((await audits("break_glass.enable")).length).toBe(1);
    await expect(issue(carol)).rejects.toMatchObject({ type: "user_not_authorized" });
    const a1 = await issue(alice);
    expect(a1.code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{1,4}){6}$/);
    await refused(signIn([a1.code, "AAAA-AAAA-AAAA"]));
    expect((await audits("auth.break_glass_refused")).at(-1)?.details).toEqual({ reason: "unknown_code" });
    // The same admin's second code replaces the first: two codes of one admin never coexist...
    const a2 = await issue(alice);
    await refused(signIn([a1.code, a2.code]));
    // ...and even if both rows existed, one admin's two codes are refused.
    await withTenant(
      acme,
      (tx) => tx.breakGlassCode.updateMany({ where: { userId: alice.userId }, data: { usedAt: null } }),
      { db: t.db },
    );
    await withTenant(
      acme,
      (tx) =>
        tx.breakGlassCode.create({
          data: {
            id: "bgc_extra",
            tenantId: acme,
            userId: alice.userId,
            codeHash: "0".repeat(64),
            expiresAt: new Date(Date.now() + 3600_000),
          },
        }),
      { db: t.db },
    );
    const a3 = await issue(alice); // deletes alice's unused codes again
    const extra = await withTenant(
      acme,
      (tx) => tx.breakGlassCode.count({ where: { userId: alice.userId, usedAt: null } }),
      { db: t.db },
    );
    expect(extra).toBe(1);
    await refused(signIn([a3.code, a3.code]));
    expect((await audits("auth.break_glass_refused")).at(-1)?.details).toEqual({ reason: "same_code" });
    // Two live codes of one admin (a row written beside the issued one): refused as the same admin.
    const second = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ";
    await withTenant(
      acme,
      (tx) =>
        tx.breakGlassCode.create({
          data: {
            id: "bgc_second",
            tenantId: acme,
            userId: alice.userId,
            codeHash: hashBreakGlassCode(second),
            expiresAt: new Date(Date.now() + 3600_000),
          },
        }),
      { db: t.db },
    );
    await refused(signIn([a3.code, second]));
    expect((await audits("auth.break_glass_refused")).at(-1)?.details).toEqual({ reason: "same_admin" });
    await withTenant(acme, (tx) => tx.breakGlassCode.delete({ where: { id: "bgc_second" } }), { db: t.db });
    // Nothing in the chain holds a code.
    const all = JSON.stringify(
      await withTenant(
        acme,
        (tx) => tx.auditEntry.findMany({ where: { action: { contains: "break_glass" } }, select: { details: true } }),
        { db: t.db },
      ),
    );
    for (const c of [a1.code, a2.code, a3.code]) expect(all).not.toContain(c);
  });

  it("two different admins' codes: a session through the resolver, a high alert, audited; the codes are single use", async () => {
    const a = await issue(alice);
    const r = await issue(rahul);
    await refused(signIn([a.code, r.code], "carol.johnson@acme.test")); // not an admin
    expect((await audits("auth.break_glass_refused")).at(-1)?.details).toEqual({ reason: "not_an_admin" });
    await refused(signIn([a.code, r.code], "nobody@acme.test"));
    await refused(signIn([a.code, r.code], "alice.chen@acme.test", "no-such-org"));
    const ok = await signIn([a.code.toLowerCase(), r.code.replace(/-/g, "")], "rahul.mehta@acme.test");
    const cookie = `${ok.cookie.name}=${ok.cookie.value}`;
    const who = await me(cookie);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({
      actor: { kind: "user", subject: rahul.userId, auth_method: "session" },
      tenant: { slug: "acme" },
    });
    const session = await withTenant(
      acme,
      (tx) => tx.consoleSession.findUniqueOrThrow({ where: { id: ok.cookie.sid } }),
      { db: t.db },
    );
    expect(session).toMatchObject({ method: "break_glass", userId: rahul.userId, mfa: false });
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(60 * 60_000);
    const alert = await withTenant(
      acme,
      (tx) => tx.monitoringAlert.findUniqueOrThrow({ where: { id: ok.alertId! }, include: { rule: true } }),
      { db: t.db },
    );
    expect(alert).toMatchObject({
      severity: "high",
      status: "open",
      title: "Break-glass sign-in",
      rule: { name: "Break-glass sign-in", enabled: false },
    });
    expect(alert.details).toMatchObject({
      signed_in_user_id: rahul.userId,
      code_holder_ids: [alice.userId, rahul.userId].sort(),
    });
    const notified = await withTenant(
      acme,
      (tx) => tx.auditEntry.count({ where: { action: "monitoring.alert", targetId: ok.alertId! } }),
      { db: t.db },
    );
    expect(notified).toBe(1);
    const login = (await audits("auth.break_glass_login")).at(-1);
    expect(login).toMatchObject({ outcome: "success", actorRef: rahul.userId });
    expect(login?.details).toMatchObject({
      code_holder_ids: [alice.userId, rahul.userId].sort(),
      alert_id: ok.alertId,
      session_minutes: 60,
    });
    // Single use.
    await refused(signIn([a.code, r.code], "rahul.mehta@acme.test"));
    expect((await audits("auth.break_glass_refused")).at(-1)?.details).toEqual({ reason: "code_used" });
  });

  it("the built-in rule's condition is a real metric: an admin enables it through PUT /v1/monitoring/rules/{id} and the evaluator counts the sign-in", async () => {
    const rules = await callAs(rulesRoute, alice, new Request(`${WARDEN}/v1/monitoring/rules?limit=200`));
    expect(rules.status).toBe(200);
    const rule = (
      (await rules.json()) as {
        data: {
          id: string;
          name: string;
          type: string;
          condition: string;
          action: string;
          severity: string;
          enabled: boolean;
        }[];
      }
    ).data.find((r) => r.name === "Break-glass sign-in");
    expect(rule).toMatchObject({
      type: "security_event",
      condition: "break_glass_logins > 0 in 1h",
      action: "alert_security_team",
      severity: "high",
      enabled: false,
    });
    const body = {
      name: rule!.name,
      type: rule!.type,
      condition: rule!.condition,
      action: rule!.action,
      severity: rule!.severity,
      enabled: true,
    };
    const put = await callAs(
      putRuleRoute,
      alice,
      new Request(`${WARDEN}/v1/monitoring/rules/${rule!.id}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { id: rule!.id },
    );
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ id: rule!.id, condition: "break_glass_logins > 0 in 1h", enabled: true });
    // The previous test's sign-in is in this hour: one pass fires the rule once for the hour bucket.
    const fromEvaluator = () =>
      withTenant(
        acme,
        (tx) =>
          tx.monitoringAlert.findMany({
            where: { ruleId: rule!.id, NOT: { dedupeKey: { startsWith: "break_glass:" } } },
          }),
        { db: t.db },
      );
    expect(await fromEvaluator()).toEqual([]);
    const pass = await withTenant(acme, (tx) => evaluateTenant(tx, new Date(), { force: true }), { db: t.db });
    const fired = await fromEvaluator();
    expect(fired).toHaveLength(1);
    expect(pass.fired).toContain(fired[0].id);
    expect(fired[0]).toMatchObject({
      severity: "high",
      title: "Break-glass sign-in",
      summary: "1 break-glass sign-in(s) in 1h — condition: break_glass_logins > 0 in 1h",
    });
    // Same hour bucket, no new sign-in: nothing more from this rule.
    await withTenant(acme, (tx) => evaluateTenant(tx, new Date(), { force: true }), { db: t.db });
    expect(await fromEvaluator()).toHaveLength(1);
    // Back to disabled (the rule as break-glass stores it).
    const off = await callAs(
      putRuleRoute,
      alice,
      new Request(`${WARDEN}/v1/monitoring/rules/${rule!.id}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...body, enabled: false }),
      }),
      { id: rule!.id },
    );
    expect(off.status).toBe(200);
  });

  it("an expired code is refused", async () => {
    const a = await issue(alice);
    const r = await issue(rahul);
    await withTenant(
      acme,
      (tx) =>
        tx.breakGlassCode.updateMany({
          where: { userId: rahul.userId, usedAt: null },
          data: { expiresAt: new Date(Date.now() - 1000) },
        }),
      { db: t.db },
    );
    await refused(signIn([a.code, r.code]));
    expect((await audits("auth.break_glass_refused")).at(-1)?.details).toEqual({ reason: "code_expired" });
  });

  it("a suspended tenant is refused; disabling deletes unused codes", async () => {
    const a = await issue(alice);
    const r = await issue(rahul);
    const s = await call(suspendRoute, "POST", `/v1/platform/tenants/${acme}/suspend`, {
      headers: op,
      body: { reason: "test" },
      params: { id: acme },
    });
    expect(s.status).toBe(200);
    await refused(signIn([a.code, r.code]));
    expect((await audits("auth.break_glass_refused")).at(-1)?.details).toEqual({ reason: "tenant_suspended" });
    expect(
      (await call(resumeRoute, "POST", `/v1/platform/tenants/${acme}/resume`, { headers: op, params: { id: acme } }))
        .status,
    ).toBe(200);
    await new Promise((res) => setTimeout(res, 2100)); // the suspension cache (SUSPENSION_TTL_MS)
    await enable(alice, false);
    expect((await audits("break_glass.disable")).at(-1)?.details).toMatchObject({
      after: { enabled: false },
      codes_removed: 2,
    });
    await refused(signIn([a.code, r.code]));
  });
});
