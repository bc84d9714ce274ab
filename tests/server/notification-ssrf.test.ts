// The outbound guard on the Slack and webhook channels, WITHOUT the opt-in: saving a URL that
// names a private / loopback / metadata address (in any spelling the URL parser accepts), or a
// host name that resolves to one (localhost), is refused with 400 naming the field; a stored row
// whose host resolves to loopback is refused at delivery before any connection: the local
// receiver sees zero connections. With the opt-in (WARDEN_OUTBOUND_ALLOW naming the receiver's
// host:port) the same receiver is reached (so the zero above can fail), and a 3xx is not followed.
import { createTenant } from "@/lib/tenancy/provision";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PUT as channelsPUT } from "@/app/v1/monitoring/channels/route";
import { deliverDue, type AlertPayload } from "@/lib/notifications/outbox";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { callAs, pointProcessDbAt, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const OPT_IN = "WARDEN_OUTBOUND_ALLOW";
const SECRET = "whsec_ssrf_test_0123456789";
const FAST = { baseMs: 1000, maxMs: 60_000, maxAttempts: 10, leaseMs: 60_000 };

let t: TestDatabase;
let tenantId: string;
let admin: Caller;
let receiver: http.Server;
let port = 0;
const seen = { connections: 0, requests: [] as string[] };
let answer = 204;

const put = async (body: unknown) => {
  const res = await callAs(
    channelsPUT,
    admin,
    new Request("http://127.0.0.1/v1/monitoring/channels", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    {},
  );
  return { status: res.status, body: await res.json() };
};

const payload: AlertPayload = {
  event: "alert.fired",
  alert: {
    id: "alr_test",
    rule_id: "rul_test",
    rule: "Test",
    action: "alert_security_team",
    severity: "high",
    title: "t",
    summary: "s",
    fired_at: new Date().toISOString(),
    details: {},
    url: "https://warden.test/monitoring",
  },
  tenant: "ssrf",
};

async function enqueue(target: string): Promise<string> {
  return withTenant(
    tenantId,
    async (tx) => {
      await tx.notificationOutbox.deleteMany();
      const row = await tx.notificationOutbox.create({
        data: {
          tenantId,
          channel: "webhook",
          target,
          payload: payload as never,
          nextAttemptAt: new Date(Date.now() - 1000),
        },
      });
      return row.id;
    },
    { db: t.db },
  );
}
const outboxRow = (id: string) =>
  withTenant(tenantId, (tx) => tx.notificationOutbox.findUniqueOrThrow({ where: { id } }), { db: t.db });

beforeAll(async () => {
  t = await createTestDatabase();
  pointProcessDbAt(t.db);
  tenantId = (await createTenant({ slug: "ssrf", name: "SSRF" }, t.db)).id;
  await withTenant(
    tenantId,
    (tx) => tx.user.create({ data: { tenantId, email: "admin@ssrf.test", name: "Admin", role: "admin" } }),
    { db: t.db },
  );
  admin = await signedIn(t.db, "ssrf", "admin@ssrf.test");
  receiver = http.createServer((req, res) => {
    seen.requests.push(req.url ?? "");
    req.resume();
    req.on("end", () =>
      answer === 302
        ? res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end()
        : res.writeHead(answer).end(),
    );
  });
  receiver.on("connection", () => seen.connections++);
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  port = (receiver.address() as AddressInfo).port;
}, 120_000);

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await new Promise<void>((r) => receiver?.close(() => r()));
  await t?.drop();
});

describe(`notification channels refuse internal targets (${TEST_DB_KIND})`, () => {
  it("without the opt-in, saving a private, loopback or metadata URL answers 400 naming the field; nothing is stored", async () => {
    vi.stubEnv(OPT_IN, "");
    for (const url of [
      "http://127.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:7f00:1]/hook",
      "http://2130706433/hook",
      "https://2130706433/hook",
      "https://0x7f.1/hook",
      "https://[::1]/hook",
      "https://10.1.2.3/hook",
      "https://169.254.169.254/x",
    ]) {
      const r = await put({ webhook: url, webhook_secret: SECRET });
      expect([url, r.status, r.body.error?.type]).toEqual([url, 400, "invalid_request"]);
      expect(r.body.error.message).toMatch(/^webhook /);
      expect(r.body.error.issues).toEqual([expect.objectContaining({ path: "webhook" })]);
    }
    const slack = await put({ slack: "#alerts", slack_webhook_url: "https://[fd00::1]/services/T000/B000/XXXX" });
    expect([slack.status, slack.body.error.issues[0].path]).toEqual([400, "slack_webhook_url"]);
    const creds = await put({ webhook: "https://user:pass@hooks.example.com/hook" });
    expect([creds.status, creds.body.error.message]).toEqual([400, expect.stringContaining("credentials")]);
    const plain = await put({ webhook: "http://hooks.example.com/hook" });
    expect([plain.status, plain.body.error.message]).toEqual([400, expect.stringContaining("https")]);
    expect(await withTenant(tenantId, (tx) => tx.monitoringSettings.findFirst(), { db: t.db })).toBeNull();
    // A public https URL is accepted (the refusals above are about the address, not the field).
    const ok = await put({ webhook: "https://hooks.example.com/hook", webhook_secret: SECRET });
    expect([ok.status, ok.body.webhook]).toEqual([200, "https://hooks.example.com/hook"]);
  });

  it("without the opt-in, a hostname that resolves to loopback is refused at save and at delivery; the receiver is never contacted", async () => {
    vi.stubEnv(OPT_IN, "");
    const saved = await put({ webhook: `https://localhost:${port}/hook?token=s3cr3t`, webhook_secret: SECRET });
    expect([saved.status, saved.body.error.issues[0].path]).toEqual([400, "webhook"]);
    expect(saved.body.error.message).toBe(
      "webhook resolves to a private, loopback, link-local or reserved address; list the host in WARDEN_OUTBOUND_ALLOW for on-prem targets",
    );
    const before = { ...seen, requests: [...seen.requests] };
    // A row whose name resolved elsewhere when it was saved (DNS changes): refused at delivery.
    const id = await enqueue(`https://localhost:${port}/hook?token=s3cr3t`);
    const run = await deliverDue({ db: t.db, tenantIds: [tenantId], backoff: FAST });
    expect(run).toMatchObject({ attempted: 1, delivered: 0, failed: 1 });
    const row = await outboxRow(id);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(
      /^Refused: localhost resolves to a private, loopback, link-local or reserved address; /,
    );
    expect(row.lastError).not.toMatch(/127\.0\.0\.1|::1/); // the resolved address is not told
    expect(row.lastError).not.toContain("s3cr3t");
    expect(row.lastError).not.toContain("/hook");
    // A row stored with plain http (saved while the opt-in was on) is refused the same way.
    const id2 = await enqueue(`http://localhost:${port}/hook`);
    await deliverDue({ db: t.db, tenantIds: [tenantId], backoff: FAST });
    expect((await outboxRow(id2)).lastError).toMatch(/^Refused: /);
    expect(seen.connections).toBe(before.connections);
    expect(seen.requests).toEqual(before.requests);
    expect(seen.connections).toBe(0);
  });

  it("with the opt-in the same receiver is reached, and a redirect is not followed", async () => {
    vi.stubEnv(OPT_IN, `127.0.0.1:${port}`);
    const saved = await put({ webhook: `http://127.0.0.1:${port}/hook`, webhook_secret: SECRET });
    expect(saved.status).toBe(200);
    answer = 204;
    const id = await enqueue(saved.body.webhook);
    expect(await deliverDue({ db: t.db, tenantIds: [tenantId], backoff: FAST })).toMatchObject({
      delivered: 1,
      failed: 0,
    });
    expect((await outboxRow(id)).status).toBe("delivered");
    expect(seen.requests).toEqual(["/hook"]);

    answer = 302;
    const id2 = await enqueue(saved.body.webhook);
    expect(await deliverDue({ db: t.db, tenantIds: [tenantId], backoff: FAST })).toMatchObject({
      delivered: 0,
      failed: 1,
    });
    expect((await outboxRow(id2)).lastError).toBe(
      `POST http://127.0.0.1:${port} answered 302 (redirects are not followed)`,
    );
    expect(seen.requests).toEqual(["/hook", "/hook"]); // never /elsewhere
  });
});
