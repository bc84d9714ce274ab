// Compliance dashboard: every figure equals a direct count on the seeded data, checks flip when
// the data changes, the API answers the dashboard's keys, and dashboards.read is required.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as enterpriseGET } from "@/app/api/enterprise/dashboard/compliance/route";
import { GET as v1GET } from "@/app/v1/compliance/dashboard/route";
import { PUT as frameworksPUT } from "@/app/v1/compliance/frameworks/route";
import { PERMISSIONS } from "@/lib/rbac/permissions";
import { complianceDashboard } from "@/lib/compliance/dashboard";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { getAs, pointProcessDbAt, requestAs, signedIn, type Caller, withApiKey } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
let globex: string;
let admin: Caller;
const now = new Date();

beforeAll(async () => {
  process.env.WARDEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  globex = await tenantIdBySlug(t.db, "globex");
  admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
}, 180_000);

afterAll(async () => {
  await t?.drop();
});

const inAcme = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(acme, fn, { db: t.db });
const dash = (tenant = acme) => withTenant(tenant, (tx) => complianceDashboard(tx, now), { db: t.db });
const check = async (id: string) => (await dash()).checks.find((c) => c.id === id)!;
const n = async (tx: TenantTx, sql: string, ...args: unknown[]) =>
  Number((await tx.$queryRawUnsafe<{ n: bigint }[]>(sql, ...args))[0].n);

describe(`compliance dashboard (${TEST_DB_KIND})`, () => {
  it("posture figures equal direct counts on the seeded data", async () => {
    const d = await dash();
    const day = new Date(now.getTime() - 86_400_000);
    const month = new Date(now.getTime() - 30 * 86_400_000);
    const direct = await inAcme(async (tx) => ({
      failed: await n(
        tx,
        "SELECT count(*) AS n FROM audit_entries WHERE action = 'auth.login_failed' AND ts >= $1 AND ts <= $2",
        day,
        now,
      ),
      ok: await n(
        tx,
        "SELECT count(*) AS n FROM audit_entries WHERE action = 'auth.login' AND ts >= $1 AND ts <= $2",
        day,
        now,
      ),
      esc: await n(
        tx,
        "SELECT count(*) AS n FROM audit_entries WHERE action = 'privilege_escalation' AND ts >= $1 AND ts <= $2",
        month,
        now,
      ),
      idps: await n(tx, "SELECT count(*) AS n FROM identity_providers WHERE enabled"),
      admins: await n(tx, "SELECT count(*) AS n FROM users WHERE active AND role = 'admin' AND custom_role_id IS NULL"),
      users: await n(tx, "SELECT count(*) AS n FROM users WHERE active"),
      latest: await tx.auditEntry.findFirst({ orderBy: { seq: "desc" } }),
    }));
    expect(d.security_posture.failed_logins_24h).toBe(direct.failed);
    expect(d.security_posture.privilege_escalations).toBe(direct.esc);
    const alerts = await inAcme((tx) =>
      tx.monitoringAlert.count({ where: { status: { in: ["open", "acknowledged"] } } }),
    );
    expect(d.security_posture.active_alerts).toBe(alerts);
    const byId = Object.fromEntries(d.checks.map((c) => [c.id, c]));
    expect(byId.failed_login_rate.value).toMatchObject({ failed: direct.failed, succeeded: direct.ok });
    expect(byId.sso_enforced.value).toBe(direct.idps);
    expect(byId.few_admins.value).toMatchObject({ admins: direct.admins, users: direct.users });
    expect(d.recent_activities[0].timestamp).toBe(direct.latest!.ts.toISOString());
    const trendFailed = d.trends_30d.reduce((s, p) => s + p.failed_logins, 0);
    const failed30 = await inAcme((tx) =>
      n(
        tx,
        "SELECT count(*) AS n FROM audit_entries WHERE action = 'auth.login_failed' AND ts >= $1 AND ts <= $2",
        month,
        now,
      ),
    );
    expect(trendFailed).toBe(failed30);
    const fails = d.checks.filter((c) => c.status === "fail").length;
    const r = d.risk_assessment;
    expect(r.high_risk_items + r.medium_risk_items + r.low_risk_items).toBe(fails + alerts);
  });

  it("MFA check flips when the tenant requires MFA", async () => {
    await inAcme((tx) => tx.tenant.update({ where: { id: acme }, data: { requireMfa: false } }));
    expect((await check("mfa_required")).status).toBe("fail");
    await inAcme((tx) => tx.tenant.update({ where: { id: acme }, data: { requireMfa: true } }));
    expect((await check("mfa_required")).status).toBe("pass");
  });

  it("few-admins fails once admins exceed max(2, 10% of users)", async () => {
    const before = (await check("few_admins")).value as { admins: number; limit: number };
    const extra = before.limit - before.admins + 1;
    await inAcme(async (tx) => {
      for (let i = 0; i < extra; i++)
        await tx.user.create({
          data: { tenantId: acme, email: `extra-admin-${i}@acme.test`, name: `Extra ${i}`, role: "admin" },
        });
    });
    const after = await check("few_admins");
    expect(after.status).toBe("fail");
    expect((after.value as { admins: number }).admins).toBe(before.admins + extra);
    await inAcme((tx) => tx.user.deleteMany({ where: { email: { startsWith: "extra-admin-" } } }));
    expect((await check("few_admins")).status).toBe(before.admins <= before.limit ? "pass" : "fail");
  });

  it("deprovisioned users: a key of a deactivated user fails the check; revoking it passes", async () => {
    const vks = await inAcme((tx) =>
      n(
        tx,
        "SELECT count(*) AS n FROM virtual_keys v JOIN users u ON u.id = v.user_id WHERE NOT u.active AND v.revoked_at IS NULL",
      ),
    );
    await inAcme((tx) => tx.virtualKey.updateMany({ where: { user: { active: false } }, data: { revokedAt: now } }));
    expect((await check("deprovisioned_no_access")).status).toBe("pass");
    const ivan = await inAcme((tx) => tx.user.findFirstOrThrow({ where: { active: false } }));
    const key = await inAcme((tx) =>
      tx.apiKey.create({
        data: {
          tenantId: acme,
          name: "left behind",
          prefix: "wk_test",
          secretHash: randomBytes(32).toString("hex"),
          role: "developer",
          createdBy: ivan.id,
          expiresAt: new Date(now.getTime() + 86_400_000),
        },
      }),
    );
    const c = await check("deprovisioned_no_access");
    expect([c.status, c.value]).toEqual(["fail", { api_keys: 1, virtual_keys: 0 }]);
    await inAcme((tx) => tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: now } }));
    expect((await check("deprovisioned_no_access")).status).toBe("pass");
    expect(vks).toBeGreaterThanOrEqual(0);
  });

  it("API key TTL and stale keys follow the api_keys rows", async () => {
    const k = await inAcme((tx) =>
      tx.apiKey.create({
        data: {
          tenantId: acme,
          name: "forever",
          prefix: "wk_long",
          secretHash: randomBytes(32).toString("hex"),
          role: "viewer",
          createdBy: admin.userId,
          createdAt: new Date(now.getTime() - 200 * 86_400_000),
          expiresAt: new Date(now.getTime() + 400 * 86_400_000),
        },
      }),
    );
    expect((await check("api_key_ttl")).status).toBe("fail");
    expect((await check("no_stale_keys")).status).toBe("fail");
    await inAcme((tx) => tx.apiKey.update({ where: { id: k.id }, data: { revokedAt: now } }));
    const direct = await inAcme((tx) =>
      n(
        tx,
        "SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL AND expires_at > $1 AND expires_at - created_at > interval '365 days'",
        now,
      ),
    );
    expect((await check("api_key_ttl")).value).toBe(direct);
  });

  it("audit chain and retention checks read audit_verifications and audit_settings", async () => {
    // Later than anything the seed wrote, so each row is the latest verification in turn.
    const later = new Date(Date.now() + 60_000);
    await inAcme((tx) =>
      tx.auditVerification.create({
        data: { tenantId: acme, verified: false, checked: 3, headSeq: 3, reason: "hash mismatch", checkedAt: later },
      }),
    );
    expect((await check("audit_chain_verified")).status).toBe("fail");
    await inAcme((tx) =>
      tx.auditVerification.create({
        data: { tenantId: acme, verified: true, checked: 3, headSeq: 3, checkedAt: new Date(later.getTime() + 1) },
      }),
    );
    expect((await check("audit_chain_verified")).status).toBe("pass");
    await inAcme((tx) =>
      tx.auditSettings.upsert({
        where: { tenantId: acme },
        update: { retentionDays: 30 },
        create: { tenantId: acme, retentionDays: 30 },
      }),
    );
    expect((await check("audit_retention")).status).toBe("fail");
    await inAcme((tx) => tx.auditSettings.update({ where: { tenantId: acme }, data: { retentionDays: null } }));
    expect((await check("audit_retention")).status).toBe("pass");
  });

  it("frameworks: Globex has HIPAA not applicable; controls count n of m", async () => {
    const g = await dash(globex);
    expect(g.compliance_status.hipaa_compliance).toBe("not_applicable");
    for (const f of g.frameworks) expect(f.controls_passing).toBeLessThanOrEqual(f.controls_total);
    const a = await dash();
    expect(a.compliance_status.hipaa_compliance).not.toBe("not_applicable");
  });

  it("both API paths answer the dashboard's keys; a caller without dashboards.read gets 403", async () => {
    for (const h of [v1GET, enterpriseGET]) {
      const res = await getAs(h, admin, "/v1/compliance/dashboard");
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(Object.keys(body.security_posture)).toEqual(
        expect.arrayContaining(["overall_score", "active_alerts", "failed_logins_24h", "privilege_escalations"]),
      );
      expect(Object.keys(body.compliance_status).sort()).toEqual([
        "gdpr_compliance",
        "hipaa_compliance",
        "iso27001_compliance",
        "soc2_type2_compliance",
      ]);
      expect(Object.keys(body.risk_assessment)).toEqual(
        expect.arrayContaining(["high_risk_items", "medium_risk_items", "low_risk_items", "mitigation_progress"]),
      );
      expect(Object.keys(body.recent_activities[0])).toEqual(
        expect.arrayContaining(["timestamp", "type", "user", "status"]),
      );
      expect(body.security_posture.overall_score).toBeGreaterThanOrEqual(0);
      expect(body.security_posture.overall_score).toBeLessThanOrEqual(100);
    }
    // A real admin API key narrowed to everything but dashboards.read.
    const noDash = await withApiKey(t.db, "acme", "alice.chen@acme.test", {
      role: "admin",
      scopes: PERMISSIONS.filter((p) => p !== "dashboards.read"),
    });
    const res = await getAs(v1GET, noDash, "/v1/compliance/dashboard");
    expect(res.status).toBe(403);
  });
  it("a served dashboard is built again once an audited change moves the chain head, and served again until then", async () => {
    const get = async () =>
      (await (await getAs(v1GET, admin, "/v1/compliance/dashboard")).json()) as {
        generated_at: string;
        frameworks: { id: string; applicable: boolean }[];
      };
    const first = await get();
    await new Promise((r) => setTimeout(r, 15));
    const again = await get();
    // Nothing changed: the same computation, whoever asks within 30 s.
    expect(again.generated_at).toBe(first.generated_at);
    const hipaa = first.frameworks.find((f) => f.id === "hipaa")!;
    const put = (applicable: boolean) =>
      requestAs(frameworksPUT, admin, "PUT", "/v1/compliance/frameworks", { framework: "hipaa", applicable });
    expect((await put(!hipaa.applicable)).status).toBe(200);
    const after = await get();
    expect(after.generated_at).not.toBe(first.generated_at);
    expect(after.frameworks.find((f) => f.id === "hipaa")!.applicable).toBe(!hipaa.applicable);
    expect((await put(hipaa.applicable)).status).toBe(200);
    expect((await get()).frameworks.find((f) => f.id === "hipaa")!.applicable).toBe(hipaa.applicable);
  });
});
