// The operations half of /v1 on the seeded demo, through real credentials (session cookies and a
// minted API key): every list answers { data, next_cursor } with limit and cursor, walked page by
// page against the order written here (read straight from the tables), stable while rows are
// added between pages; a cursor that is not one is a 400. The alert transitions also answer at
// POST /v1/alerts/{id}/acknowledge|resolve (404 unknown, 409 not allowed, audited), and
// GET, POST /v1/compliance/monitoring is the /api/enterprise/compliance/monitoring document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as enterprise from "@/app/api/enterprise/compliance/monitoring/route";
import { POST as acknowledgePOST } from "@/app/v1/alerts/[id]/acknowledge/route";
import { POST as resolvePOST } from "@/app/v1/alerts/[id]/resolve/route";
import { GET as alertsGET } from "@/app/v1/alerts/route";
import { GET as approvalsGET } from "@/app/v1/approvals/route";
import * as complianceMonitoring from "@/app/v1/compliance/monitoring/route";
import { GET as deliveriesGET } from "@/app/v1/monitoring/deliveries/route";
import { GET as rulesGET } from "@/app/v1/monitoring/rules/route";
import { GET as consentsGET, POST as consentsPOST } from "@/app/v1/privacy/consents/route";
import { GET as policiesGET } from "@/app/v1/privacy/policies/route";
import { GET as requestsGET } from "@/app/v1/privacy/requests/route";
import { GET as reportsGET, POST as reportsPOST } from "@/app/v1/reports/route";
import { GET as scimEventsGET } from "@/app/v1/scim/events/route";
import { GET as scimTokensGET } from "@/app/v1/scim/tokens/route";
import type { DeclaredHandler } from "@/lib/http/route";
import { reportSettled } from "@/lib/reports/service";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { pointProcessDbAt, requestAs, signedIn, statusAndJson, withApiKey, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
let alice: Caller;
let rahulKey: Caller;
let developer: Caller;
let viewer: Caller;

const send = async (...args: Parameters<typeof requestAs>) => statusAndJson(await requestAs(...args));
const inAcme = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(acme, fn, { db: t.db });

type Page = { data: Record<string, unknown>[]; next_cursor: string | null };

/** Every page of a list at `limit` rows, following next_cursor until it is null. */
async function walk(h: DeclaredHandler, who: Caller, path: string, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const r = await send(
      h,
      who,
      "GET",
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["data", "next_cursor"]);
    expect(r.body.data.length).toBeLessThanOrEqual(limit);
    pages.push(r.body);
    cursor = r.body.next_cursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return pages;
}
const ids = (pages: Page[]) => pages.flatMap((p) => p.data.map((r) => r.id as string));

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  alice = await signedIn(t.db, "acme", "alice.chen@acme.test");
  acme = alice.tenantId;
  rahulKey = await withApiKey(t.db, "acme", "rahul.mehta@acme.test", { role: "admin" });
  developer = await signedIn(t.db, "acme", "bob.martinez@acme.test");
  viewer = await signedIn(t.db, "acme", "carol.johnson@acme.test");
}, 180_000);

afterAll(async () => {
  await t?.drop();
});

describe(`operations API (${TEST_DB_KIND})`, () => {
  it("alerts page newest first (fired_at, then id) across pages, with the status filter kept", async () => {
    const expected = (
      await inAcme((tx) =>
        tx.monitoringAlert.findMany({ orderBy: [{ firedAt: "desc" }, { id: "desc" }], select: { id: true } }),
      )
    ).map((a) => a.id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const pages = await walk(alertsGET, alice, "/v1/alerts", 2);
    expect(pages.length).toBe(Math.ceil(expected.length / 2));
    expect(ids(pages)).toEqual(expected);
    const active = await inAcme((tx) =>
      tx.monitoringAlert.findMany({
        where: { status: { in: ["open", "acknowledged"] } },
        orderBy: [{ firedAt: "desc" }, { id: "desc" }],
        select: { id: true },
      }),
    );
    expect(ids(await walk(alertsGET, rahulKey, "/v1/alerts?status=active", 1))).toEqual(active.map((a) => a.id));
  });

  it("reports page newest first and stay stable when a report is created between pages", async () => {
    const made: string[] = [];
    for (const format of ["json", "csv", "json"]) {
      const r = await send(reportsPOST, alice, "POST", "/v1/reports", { type: "compliance", range: "7d", format });
      expect(r.status).toBe(201);
      made.push(r.body.id);
      await reportSettled(r.body.id);
    }
    const expected = (
      await inAcme((tx) =>
        tx.report.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } }),
      )
    ).map((r) => r.id);
    expect(expected.slice(0, 3)).toEqual([...made].reverse());
    const first = await send(reportsGET, alice, "GET", "/v1/reports?limit=2");
    expect(first.body.data.map((r: { id: string }) => r.id)).toEqual(expected.slice(0, 2));
    expect(first.body.next_cursor).toEqual(expect.any(String));
    // A newer report does not shift the next page.
    const newer = await send(reportsPOST, alice, "POST", "/v1/reports", {
      type: "usage",
      range: "24h",
      format: "json",
    });
    await reportSettled(newer.body.id);
    const second = await send(reportsGET, alice, "GET", `/v1/reports?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.data.map((r: { id: string }) => r.id)).toEqual(expected.slice(2, 4));
    expect(ids(await walk(reportsGET, alice, "/v1/reports", 2))).toEqual([newer.body.id, ...expected]);
  });

  it("consents page by (user, purpose): the current state and each pair's whole history", async () => {
    const bob = developer.userId;
    for (const [purpose, status] of [
      ["usage_analytics", "granted"],
      ["usage_analytics", "withdrawn"],
      ["product_emails", "granted"],
    ] as const) {
      expect(
        (await send(consentsPOST, rahulKey, "POST", "/v1/privacy/consents", { user_id: bob, purpose, status })).status,
      ).toBe(201);
    }
    const rows = await inAcme((tx) =>
      tx.consentRecord.findMany({ orderBy: [{ userId: "asc" }, { purpose: "asc" }, { at: "desc" }, { id: "desc" }] }),
    );
    const pairs = [...new Set(rows.map((r) => `${r.userId}|${r.purpose}`))];
    expect(pairs.length).toBeGreaterThanOrEqual(7);
    const pages = await walk(consentsGET, alice, "/v1/privacy/consents", 3);
    expect(pages.length).toBe(Math.ceil(pairs.length / 3));
    const items = pages.flatMap((p) => p.data) as {
      user_id: string;
      purpose: string;
      status: string;
      history: { id: string; status: string }[];
    }[];
    expect(items.map((i) => `${i.user_id}|${i.purpose}`)).toEqual(pairs);
    for (const i of items) {
      const mine = rows.filter((r) => r.userId === i.user_id && r.purpose === i.purpose);
      expect(i.history.map((h) => h.id)).toEqual(mine.map((r) => r.id));
      expect(i.status).toBe(mine[0].status);
    }
    const analytics = items.find((i) => i.user_id === bob && i.purpose === "usage_analytics")!;
    expect(analytics.status).toBe("withdrawn");
    expect(analytics.history.map((h) => h.status)).toEqual(["withdrawn", "granted"]);
    // The user_id filter is kept, and pages too.
    const bobs = await walk(consentsGET, alice, `/v1/privacy/consents?user_id=${bob}`, 1);
    expect(bobs.flatMap((p) => p.data.map((i) => i.purpose))).toEqual(
      pairs.filter((p) => p.startsWith(`${bob}|`)).map((p) => p.split("|")[1]),
    );
  });

  it("every other list pages the same way, in the order the table says", async () => {
    const desc = [{ createdAt: "desc" as const }, { id: "desc" as const }];
    const lists: [string, DeclaredHandler, string, () => Promise<{ id: string }[]>][] = [
      [
        "approvals",
        approvalsGET,
        "/v1/approvals",
        () => inAcme((tx) => tx.approvalRequest.findMany({ orderBy: desc, select: { id: true } })),
      ],
      [
        "approvals pending",
        approvalsGET,
        "/v1/approvals?status=pending",
        () =>
          inAcme((tx) =>
            tx.approvalRequest.findMany({ where: { status: "pending" }, orderBy: desc, select: { id: true } }),
          ),
      ],
      [
        "rules",
        rulesGET,
        "/v1/monitoring/rules",
        () =>
          inAcme((tx) =>
            tx.monitoringRule.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } }),
          ),
      ],
      [
        "deliveries",
        deliveriesGET,
        "/v1/monitoring/deliveries",
        () => inAcme((tx) => tx.notificationOutbox.findMany({ orderBy: desc, select: { id: true } })),
      ],
      [
        "pending deliveries",
        deliveriesGET,
        "/v1/monitoring/deliveries?status=pending",
        () =>
          inAcme((tx) =>
            tx.notificationOutbox.findMany({ where: { status: "pending" }, orderBy: desc, select: { id: true } }),
          ),
      ],
      [
        "privacy requests",
        requestsGET,
        "/v1/privacy/requests",
        () => inAcme((tx) => tx.privacyRequest.findMany({ orderBy: desc, select: { id: true } })),
      ],
      [
        "completed requests",
        requestsGET,
        "/v1/privacy/requests?status=completed",
        () =>
          inAcme((tx) =>
            tx.privacyRequest.findMany({ where: { status: "completed" }, orderBy: desc, select: { id: true } }),
          ),
      ],
      [
        "policies",
        policiesGET,
        "/v1/privacy/policies",
        () => inAcme((tx) => tx.compliancePolicy.findMany({ orderBy: { id: "asc" }, select: { id: true } })),
      ],
      [
        "scim tokens",
        scimTokensGET,
        "/v1/scim/tokens",
        () => inAcme((tx) => tx.scimToken.findMany({ orderBy: desc, select: { id: true } })),
      ],
      [
        "scim events",
        scimEventsGET,
        "/v1/scim/events",
        () =>
          inAcme((tx) => tx.scimEvent.findMany({ orderBy: [{ ts: "desc" }, { id: "desc" }], select: { id: true } })),
      ],
    ];
    for (const [name, h, path, direct] of lists) {
      const expected = (await direct()).map((r) => r.id);
      expect(expected.length, name).toBeGreaterThanOrEqual(1);
      const pages = await walk(h, alice, path, 2);
      expect(ids(pages), name).toEqual(expected);
      expect(pages.length, name).toBe(Math.max(1, Math.ceil(expected.length / 2)));
    }
  });

  it("a cursor that is not a next_cursor, or a limit out of range, is a 400 naming the parameter", async () => {
    for (const [h, path] of [
      [alertsGET, "/v1/alerts"],
      [reportsGET, "/v1/reports"],
      [consentsGET, "/v1/privacy/consents"],
      [scimEventsGET, "/v1/scim/events"],
    ] as const) {
      const bad = await send(h, alice, "GET", `${path}?cursor=not-a-cursor`);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ type: "invalid_request", issues: [{ path: "cursor" }] });
      expect((await send(h, alice, "GET", `${path}?limit=0`)).body.error.issues[0].path).toBe("limit");
      expect((await send(h, alice, "GET", `${path}?limit=201`)).status).toBe(400);
    }
    expect((await send(alertsGET, alice, "GET", "/v1/alerts?status=closed")).body.error.issues[0].path).toBe("status");
    expect((await send(requestsGET, alice, "GET", "/v1/privacy/requests?status=lost")).status).toBe(400);
  });

  it("POST /v1/alerts/{id}/acknowledge and /resolve move an alert as PATCH does: audited, 404 unknown, 409 not allowed", async () => {
    const open = await inAcme((tx) =>
      tx.monitoringAlert.findFirstOrThrow({ where: { status: "open" }, orderBy: { id: "asc" } }),
    );
    const at = (p: string) => `/v1/alerts/${open.id}/${p}`;
    expect((await send(acknowledgePOST, developer, "POST", at("acknowledge"), {}, { id: open.id })).status).toBe(403);
    expect((await send(resolvePOST, viewer, "POST", at("resolve"), {}, { id: open.id })).status).toBe(403);

    const ack = await send(acknowledgePOST, rahulKey, "POST", at("acknowledge"), { note: "on it" }, { id: open.id });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: open.id, status: "acknowledged" });
    expect(ack.body.history.map((h: { status: string }) => h.status)).toEqual(["open", "acknowledged"]);
    expect(ack.body.history[1]).toMatchObject({ by: "rahul.mehta@acme.test", note: "on it" });
    const again = await send(acknowledgePOST, rahulKey, "POST", at("acknowledge"), {}, { id: open.id });
    expect(again.status).toBe(409);
    expect(again.body.error.type).toBe("conflict");

    const res = await send(resolvePOST, alice, "POST", at("resolve"), {}, { id: open.id });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("resolved");
    expect((await send(resolvePOST, alice, "POST", at("resolve"), {}, { id: open.id })).status).toBe(409);
    expect((await send(acknowledgePOST, alice, "POST", at("acknowledge"), {}, { id: open.id })).status).toBe(409);
    const missing = await send(resolvePOST, alice, "POST", "/v1/alerts/alr_missing/resolve", {}, { id: "alr_missing" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe("not_found");
    expect(
      (await send(resolvePOST, alice, "POST", at("resolve"), { note: "x".repeat(501) }, { id: open.id })).status,
    ).toBe(400);

    const trail = await inAcme((tx) =>
      tx.auditEntry.findMany({
        where: { targetId: open.id, action: { in: ["monitoring.alert_acknowledge", "monitoring.alert_resolve"] } },
        orderBy: { seq: "asc" },
      }),
    );
    expect(trail.map((e) => [e.action, e.outcome, e.actorRef])).toEqual([
      ["monitoring.alert_acknowledge", "success", rahulKey.userId],
      ["monitoring.alert_resolve", "success", alice.userId],
    ]);
    expect(trail[0].details).toMatchObject({
      before: { status: "open" },
      after: { status: "acknowledged" },
      note: "on it",
    });
    const row = await inAcme((tx) => tx.monitoringAlert.findUniqueOrThrow({ where: { id: open.id } }));
    expect(row.status).toBe("resolved");
  });

  it("GET, POST /v1/compliance/monitoring serve the monitoring document of /api/enterprise/compliance/monitoring", async () => {
    expect(complianceMonitoring.GET).toBe(enterprise.GET);
    expect(complianceMonitoring.POST).toBe(enterprise.POST);
    const rules = await inAcme((tx) => tx.monitoringRule.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] }));
    const got = await send(complianceMonitoring.GET, developer, "GET", "/v1/compliance/monitoring");
    expect(got.status).toBe(200);
    expect(got.body.monitoring_rules.map((r: { name: string }) => r.name)).toEqual(rules.map((r) => r.name));
    expect(got.body.notification_channels.email).toEqual(expect.any(Array));
    expect((await send(complianceMonitoring.GET, viewer, "GET", "/v1/compliance/monitoring")).status).toBe(403);

    const body = {
      monitoring_rules: [
        {
          name: "Escalation watch",
          type: "security_event",
          condition: "privilege_escalations > 0 in 1h",
          action: "alert_security_team",
          severity: "high",
        },
      ],
      notification_channels: { email: ["soc@acme.test"] },
    };
    expect((await send(complianceMonitoring.POST, developer, "POST", "/v1/compliance/monitoring", body)).status).toBe(
      403,
    );
    const posted = await send(complianceMonitoring.POST, rahulKey, "POST", "/v1/compliance/monitoring", body);
    expect(posted.status).toBe(201);
    expect(posted.body.monitoring_rules).toEqual([
      expect.objectContaining({
        name: "Escalation watch",
        condition: "privilege_escalations > 0 in 1h",
        enabled: true,
      }),
    ]);
    expect(posted.body.notification_channels.email).toEqual(["soc@acme.test"]);
    const created = await inAcme((tx) =>
      tx.auditEntry.findFirstOrThrow({
        where: { action: "monitoring.rule_create", targetId: posted.body.monitoring_rules[0].id },
      }),
    );
    expect(created.actorRef).toBe(rahulKey.userId);
    const bad = await send(complianceMonitoring.POST, rahulKey, "POST", "/v1/compliance/monitoring", {
      monitoring_rules: [{ ...body.monitoring_rules[0], condition: "privilege_escalations >" }],
    });
    expect(bad.status).toBe(400);
    // The same document at both paths.
    const both = await Promise.all([
      send(complianceMonitoring.GET, alice, "GET", "/v1/compliance/monitoring"),
      send(enterprise.GET, alice, "GET", "/api/enterprise/compliance/monitoring"),
    ]);
    expect(both[0].body).toEqual(both[1].body);
    expect(both[0].body.monitoring_rules).toHaveLength(rules.length + 1);
  });
});
