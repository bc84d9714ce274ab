// Live console (ADR 0033): the Dashboard's and the Monitoring page's version routes with real
// session cookies. The ETag repeats while nothing changes (If-None-Match -> 304, no body), and an
// alert raised through the product -- a rule created on /v1, an audit export, the evaluation
// endpoint -- changes both versions; the new Dashboard counts the alert. Usage moves the
// Dashboard's version, not Monitoring's. Viewers may poll the Dashboard, not Monitoring.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as dashboardGET } from "@/app/v1/compliance/dashboard/route";
import { GET as dashboardVersionGET } from "@/app/v1/compliance/dashboard/version/route";
import { GET as exportGET } from "@/app/v1/audit/export/route";
import { POST as evaluatePOST } from "@/app/v1/monitoring/evaluate/route";
import { POST as rulesPOST } from "@/app/v1/monitoring/rules/route";
import { GET as monitoringVersionGET } from "@/app/v1/monitoring/version/route";
import type { DeclaredHandler } from "@/lib/http/route";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { getAs, pointProcessDbAt, requestAs, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
let alice: Caller;
let viewer: Caller;

const inAcme = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(acme, fn, { db: t.db });

/** The current ETag of a version route, and that it answers 304 to itself. */
async function etagOf(h: DeclaredHandler, a: Caller, path: string): Promise<string> {
  const r = await getAs(h, a, path);
  expect(r.status).toBe(200);
  const etag = r.headers.get("etag")!;
  const body = (await r.json()) as { version: string; checked_at: string };
  expect(etag).toBe(`"${body.version}"`);
  expect(r.headers.get("cache-control")).toBe("private, no-cache");
  return etag;
}

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  alice = await signedIn(t.db, "acme", "alice.chen@acme.test");
  viewer = await signedIn(t.db, "acme", "carol.johnson@acme.test");
}, 180_000);

afterAll(async () => {
  await t?.drop();
});

describe(`live console versions (${TEST_DB_KIND})`, () => {
  it("answer 304 without a body while nothing changed, also to a weak or listed ETag", async () => {
    const etag = await etagOf(dashboardVersionGET, alice, "/v1/compliance/dashboard/version");
    for (const inm of [etag, `W/${etag}`, `"stale", ${etag}`]) {
      const again = await getAs(dashboardVersionGET, alice, "/v1/compliance/dashboard/version", {
        "if-none-match": inm,
      });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe("");
    }
    const stale = await getAs(dashboardVersionGET, alice, "/v1/compliance/dashboard/version", {
      "if-none-match": '"d.a0.u0.h0"',
    });
    expect(stale.status).toBe(200);
    const m = await etagOf(monitoringVersionGET, alice, "/v1/monitoring/version");
    expect(m).not.toBe(etag);
    expect((await getAs(monitoringVersionGET, alice, "/v1/monitoring/version", { "if-none-match": m })).status).toBe(
      304,
    );
  });

  it("an alert raised through /v1 changes both versions, and the Dashboard read after it counts the alert", async () => {
    const active = async () =>
      (
        (await (await getAs(dashboardGET, alice, "/v1/compliance/dashboard")).json()) as {
          security_posture: { active_alerts: number };
        }
      ).security_posture.active_alerts;
    const rule = await requestAs(rulesPOST, alice, "POST", "/v1/monitoring/rules", {
      name: "Any export (live test)",
      type: "data_access",
      condition: "data_export_size > 1KB",
      action: "alert_security_team",
      severity: "high",
    });
    expect(rule.status).toBe(201);
    const before = await active();
    const d0 = await etagOf(dashboardVersionGET, alice, "/v1/compliance/dashboard/version");
    const m0 = await etagOf(monitoringVersionGET, alice, "/v1/monitoring/version");

    const exp = await getAs(exportGET, alice, "/v1/audit/export?format=jsonl&category=access");
    expect(exp.status).toBe(200);
    await exp.text();
    const pass = await requestAs(evaluatePOST, alice, "POST", "/v1/monitoring/evaluate", {});
    expect(pass.status).toBe(200);
    // A forced pass evaluates every rule over the entries since the cursor; the seeded rules and
    // older exports may fire too. The export just made raised its own alert.
    const raised = ((await pass.json()) as { alerts: number }).alerts;
    expect(raised).toBeGreaterThanOrEqual(1);
    const mine = await inAcme((tx) =>
      tx.auditEntry.findFirstOrThrow({ where: { action: "audit.export" }, orderBy: { seq: "desc" } }),
    );
    expect(
      await inAcme((tx) =>
        tx.monitoringAlert.count({
          where: { rule: { name: "Any export (live test)" }, dedupeKey: `entry:${mine.id}` },
        }),
      ),
    ).toBe(1);

    const d1 = await getAs(dashboardVersionGET, alice, "/v1/compliance/dashboard/version", { "if-none-match": d0 });
    expect(d1.status).toBe(200);
    expect(d1.headers.get("etag")).not.toBe(d0);
    const m1 = await getAs(monitoringVersionGET, alice, "/v1/monitoring/version", { "if-none-match": m0 });
    expect(m1.status).toBe(200);
    expect(m1.headers.get("etag")).not.toBe(m0);
    expect(await active()).toBe(before + raised);
    // Settled again: the new ETag answers 304.
    expect(
      (
        await getAs(dashboardVersionGET, alice, "/v1/compliance/dashboard/version", {
          "if-none-match": d1.headers.get("etag")!,
        })
      ).status,
    ).toBe(304);
  });

  it("usage moves the Dashboard's version (by the minute), not Monitoring's", async () => {
    const d0 = await etagOf(dashboardVersionGET, alice, "/v1/compliance/dashboard/version");
    const m0 = await etagOf(monitoringVersionGET, alice, "/v1/monitoring/version");
    const latest = await inAcme((tx) => tx.usageRecord.findFirst({ orderBy: { ts: "desc" } }));
    // A usage record a minute after the newest one, as the gateway's settlement writes them.
    await inAcme((tx) =>
      tx.usageRecord.create({
        data: {
          tenantId: acme,
          requestId: "req_live_test",
          status: "ok",
          httpStatus: 200,
          ts: new Date(Math.max(Date.now(), (latest?.ts.getTime() ?? 0) + 60_000)),
        },
      }),
    );
    expect(
      (await getAs(dashboardVersionGET, alice, "/v1/compliance/dashboard/version", { "if-none-match": d0 })).status,
    ).toBe(200);
    expect((await getAs(monitoringVersionGET, alice, "/v1/monitoring/version", { "if-none-match": m0 })).status).toBe(
      304,
    );
  });

  it("follow the pages' permissions: a viewer polls the Dashboard, not Monitoring", async () => {
    expect((await getAs(dashboardVersionGET, viewer, "/v1/compliance/dashboard/version")).status).toBe(200);
    const refused = await getAs(monitoringVersionGET, viewer, "/v1/monitoring/version");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe("user_not_authorized");
  });
});
