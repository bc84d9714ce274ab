// Audit streaming against real local receivers (ADR 0030): a Splunk-HEC-shaped HTTP server
// (POST /services/collector/event, `Authorization: Splunk <token>`, {"text":"Success","code":0}),
// a TLS syslog server (node:tls with the certificate in tests/fixtures/tls, RFC 5425 octet-counted
// RFC 5424 messages) and a signed webhook receiver. Streams are created, read, backfilled and
// deleted through /v1/audit/streams with an admin's real session cookie. The receivers are down
// for a while (connection refused, then 503, then an answer lost after the HEC stored the batch),
// entries keep being written, then everything comes up: every entry arrives, in seq order, with
// no gap (the HEC sees the lost-answer batch twice and deduplicates by seq, which is what
// at-least-once means), the syslog receiver sees each exactly once even with three workers
// delivering at the same time, and the API's lag falls to zero.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as streams from "@/app/v1/audit/streams/route";
import * as streamById from "@/app/v1/audit/streams/[id]/route";
import * as backfill from "@/app/v1/audit/streams/[id]/backfill/route";
import * as testRoute from "@/app/v1/audit/streams/[id]/test/route";
import { appendAudit } from "@/lib/audit/append";
import { deliverDueStreams } from "@/lib/audit/streaming/delivery";
import { streamFanOut, streamJob } from "@/lib/audit/streaming/jobs";
import { getJobs, stopJobs } from "@/lib/jobs";
import { verifySignature } from "@/lib/notifications/signing";
import { OUTBOUND_ALLOW_ENV } from "@/lib/net/outbound";
import { createTenant } from "@/lib/tenancy/provision";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { DeclaredHandler } from "@/lib/http/route";
import { pointProcessDbAt, requestAs, signedIn, statusAndJson, type Caller } from "../helpers/callers";
import { allowOutbound } from "../helpers/outbound";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const HEC_TOKEN = "hec-token-5f1c0e2a-8d7b-4c51-9f3e";
const WEBHOOK_SECRET = "whsec_audit_stream_0123456789";
const CERT = fs.readFileSync("tests/fixtures/tls/syslog-receiver.crt", "utf8");
const KEY = fs.readFileSync("tests/fixtures/tls/syslog-receiver.key", "utf8");
const FAST = { backoff: { baseMs: 1, maxMs: 1 }, batchSize: 7 };

let t: TestDatabase;
let tenantId: string;
let admin: Caller;

// ---- receivers ----------------------------------------------------------------------------------

type HecMode = "ok" | "unavailable" | "lose-answer";
const hec = {
  port: 0,
  server: null as http.Server | null,
  mode: "ok" as HecMode,
  requests: [] as number[][],
  badAuth: 0,
};

function hecHandler(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.method !== "POST" || req.url !== "/services/collector/event") return res.writeHead(404).end();
    if (req.headers.authorization !== `Splunk ${HEC_TOKEN}`) {
      hec.badAuth++;
      return res
        .writeHead(403, { "content-type": "application/json" })
        .end(JSON.stringify({ text: "Invalid token", code: 4 }));
    }
    if (hec.mode === "unavailable")
      return res
        .writeHead(503, { "content-type": "application/json" })
        .end(JSON.stringify({ text: "Server is busy", code: 9 }));
    const events = Buffer.concat(chunks)
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as {
            event: { seq: number; hash: string; type?: string };
            fields?: { seq: number; hash: string };
            sourcetype: string;
          },
      );
    const audit = events.filter((e) => e.fields);
    for (const e of audit) {
      expect(e.fields!.seq).toBe(e.event.seq);
      expect(e.fields!.hash).toBe(e.event.hash);
      expect(e.sourcetype).toBe("warden:audit");
    }
    if (audit.length) hec.requests.push(audit.map((e) => e.event.seq));
    if (hec.mode === "lose-answer") {
      // Stored, but the answer never reaches Warden: the batch must come again.
      hec.mode = "ok";
      return res.destroy();
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ text: "Success", code: 0 }));
  });
}

async function hecUp(): Promise<void> {
  hec.server = http.createServer(hecHandler);
  await new Promise<void>((r) => hec.server!.listen(hec.port, "127.0.0.1", r));
  hec.port = (hec.server.address() as AddressInfo).port;
}
async function hecDown(): Promise<void> {
  await new Promise<void>((r) => (hec.server ? hec.server.close(() => r()) : r()));
  hec.server?.closeAllConnections();
  hec.server = null;
}

const syslog = {
  port: 0,
  server: null as tls.Server | null,
  messages: [] as { seq: number; raw: string }[],
  connections: 0,
};
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[warden@32473 [^\]]*\]) \uFEFF([\s\S]*)$/;

function syslogHandler(socket: tls.TLSSocket) {
  syslog.connections++;
  let buf = Buffer.alloc(0);
  socket.on("data", (c: Buffer) => {
    buf = Buffer.concat([buf, c]);
    for (;;) {
      const sp = buf.indexOf(0x20);
      if (sp < 0) return;
      const len = Number(buf.subarray(0, sp).toString("ascii"));
      expect(Number.isInteger(len) && len > 0).toBe(true);
      if (buf.length < sp + 1 + len) return;
      const msg = buf.subarray(sp + 1, sp + 1 + len).toString("utf8");
      buf = buf.subarray(sp + 1 + len);
      const m = RFC5424.exec(msg);
      expect(m, msg.slice(0, 200)).not.toBeNull();
      const seq = /seq="(\d+)"/.exec(m![7]);
      if (!seq) continue; // the test message
      const entry = JSON.parse(m![8]) as { seq: number; hash: string; ts: string };
      expect(entry.seq).toBe(Number(seq[1]));
      expect(m![7]).toContain(`hash="${entry.hash}"`);
      expect(m![2]).toBe(entry.ts);
      expect(Number(m![1]) >> 3).toBe(13); // facility 13: log audit
      syslog.messages.push({ seq: entry.seq, raw: msg });
    }
  });
  socket.on("error", () => {});
}

async function syslogUp(): Promise<void> {
  syslog.server = tls.createServer({ key: KEY, cert: CERT }, syslogHandler);
  await new Promise<void>((r) => syslog.server!.listen(syslog.port, "127.0.0.1", r));
  syslog.port = (syslog.server.address() as AddressInfo).port;
}
async function syslogDown(): Promise<void> {
  await new Promise<void>((r) => (syslog.server ? syslog.server.close(() => r()) : r()));
  syslog.server = null;
}

const webhook = {
  port: 0,
  server: null as http.Server | null,
  requests: [] as { range: string; seqs: number[]; delivery: string }[],
  badSignature: 0,
};

// ---- helpers ------------------------------------------------------------------------------------

const api = (handler: DeclaredHandler, method: string, path: string, body?: unknown, params?: Record<string, string>) =>
  requestAs(handler, admin, method, path, body, params).then(statusAndJson);

const getStream = (id: string) => api(streamById.GET, "GET", `/v1/audit/streams/${id}`, undefined, { id });

async function writeEntries(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await withTenant(
      tenantId,
      (tx) =>
        appendAudit(tx, {
          action: "customer.update",
          outcome: i % 5 === 0 ? "failure" : "success",
          actor: { kind: "system", subject: "stream-test" },
          target: { type: "customer", id: `cus_${i}` },
          details: { n: i, note: 'quotes " and ] and \\ survive' },
        }),
      { db: t.db },
    );
  }
}

async function head(): Promise<number> {
  return withTenant(tenantId, async (tx) => Number((await tx.auditHead.findFirstOrThrow()).seq), { db: t.db });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const pass = () => deliverDueStreams({ db: t.db, tenantIds: [tenantId], ...FAST });

/** No gap and no reordering: each batch starts at most one past the highest seq seen so far. */
function assertAtLeastOnceInOrder(batches: number[][], upto: number) {
  let high = 0;
  for (const b of batches) {
    expect(b).toEqual(range(b[0], b[b.length - 1]));
    expect(b[0]).toBeLessThanOrEqual(high + 1);
    high = Math.max(high, b[b.length - 1]);
  }
  expect([...new Set(batches.flat())].sort((a, b) => a - b)).toEqual(range(1, upto));
}

beforeAll(async () => {
  t = await createTestDatabase();
  pointProcessDbAt(t.db);
  tenantId = (await createTenant({ slug: "streams", name: "Streams" }, t.db)).id;
  await withTenant(
    tenantId,
    (tx) => tx.user.create({ data: { tenantId, email: "admin@streams.test", name: "Admin", role: "admin" } }),
    { db: t.db },
  );
  admin = await signedIn(t.db, "streams", "admin@streams.test");
  await hecUp();
  await syslogUp();
  webhook.server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (!verifySignature(WEBHOOK_SECRET, body, req.headers["x-warden-signature"] as string).ok) {
        webhook.badSignature++;
        return res.writeHead(401).end();
      }
      const parsed = JSON.parse(body) as {
        type: string;
        entries?: { seq: number }[];
        first_seq?: number;
        last_seq?: number;
      };
      if (parsed.type === "audit.entries") {
        webhook.requests.push({
          range: String(req.headers["x-warden-seq-range"]),
          seqs: parsed.entries!.map((e) => e.seq),
          delivery: String(req.headers["x-warden-delivery"]),
        });
        expect(req.headers["x-warden-seq-range"]).toBe(`${parsed.first_seq}-${parsed.last_seq}`);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => webhook.server!.listen(0, "127.0.0.1", r));
  webhook.port = (webhook.server.address() as AddressInfo).port;
  for (const port of [hec.port, syslog.port, webhook.port]) allowOutbound(`http://127.0.0.1:${port}`);
}, 120_000);

afterAll(async () => {
  await hecDown();
  await syslogDown();
  await new Promise<void>((r) => (webhook.server ? webhook.server.close(() => r()) : r()));
  await t?.drop();
});

describe(`audit streaming to real receivers (${TEST_DB_KIND})`, () => {
  const ids = { hec: "", syslog: "", webhook: "" };

  it("refuses internal destinations at save (outbound guard), a second stream of the same name, and fields of another kind", async () => {
    const meta = await api(streams.POST, "POST", "/v1/audit/streams", {
      name: "meta",
      kind: "webhook",
      url: "https://169.254.169.254/latest",
      secret: WEBHOOK_SECRET,
    });
    expect([meta.status, meta.body!.error.issues[0].path]).toEqual([400, "url"]);
    // Loopback is open only for the receivers' exact ports.
    const other = await api(streams.POST, "POST", "/v1/audit/streams", {
      name: "other port",
      kind: "splunk_hec",
      url: `http://127.0.0.1:${hec.port + 1}`,
      secret: HEC_TOKEN,
    });
    expect([other.status, other.body!.error.type]).toEqual([400, "invalid_request"]);
    const sys = await api(streams.POST, "POST", "/v1/audit/streams", {
      name: "sys",
      kind: "syslog_tls",
      host: "10.0.0.5",
      port: 6514,
    });
    expect([sys.status, sys.body!.error.issues[0].path]).toEqual([400, "host"]);
    const mixed = await api(streams.POST, "POST", "/v1/audit/streams", {
      name: "mixed",
      kind: "syslog_tls",
      host: "127.0.0.1",
      port: syslog.port,
      secret: HEC_TOKEN,
    });
    expect([mixed.status, mixed.body!.error.issues[0].path]).toEqual([400, "secret"]);
    const noToken = await api(streams.POST, "POST", "/v1/audit/streams", {
      name: "no token",
      kind: "splunk_hec",
      url: `http://127.0.0.1:${hec.port}`,
    });
    expect([noToken.status, noToken.body!.error.issues[0].path]).toEqual([400, "secret"]);
    expect((await api(streams.GET, "GET", "/v1/audit/streams")).body!.data).toEqual([]);
  });

  it("creates the three streams while every receiver is down; the secrets are sealed, never answered, never audited", async () => {
    await writeEntries(20);
    await hecDown();
    await syslogDown();
    const created = [
      await api(streams.POST, "POST", "/v1/audit/streams", {
        name: "Splunk",
        kind: "splunk_hec",
        url: `http://127.0.0.1:${hec.port}`,
        secret: HEC_TOKEN,
      }),
      await api(streams.POST, "POST", "/v1/audit/streams", {
        name: "Syslog",
        kind: "syslog_tls",
        host: "127.0.0.1",
        port: syslog.port,
        ca_pem: CERT,
      }),
      await api(streams.POST, "POST", "/v1/audit/streams", {
        name: "Webhook",
        kind: "webhook",
        url: `http://127.0.0.1:${webhook.port}/audit`,
        secret: WEBHOOK_SECRET,
      }),
    ];
    expect(created.map((c) => c.status)).toEqual([201, 201, 201]);
    [ids.hec, ids.syslog, ids.webhook] = created.map((c) => c.body!.id as string);
    expect(created[0].body).toMatchObject({
      kind: "splunk_hec",
      destination: `http://127.0.0.1:${hec.port}`,
      secret_configured: true,
      cursor_seq: 0,
    });
    expect(created[1].body).toMatchObject({
      kind: "syslog_tls",
      destination: `syslog-tls://127.0.0.1:${syslog.port}`,
      ca_configured: true,
      secret_configured: false,
    });
    const dup = await api(streams.POST, "POST", "/v1/audit/streams", {
      name: "Splunk",
      kind: "webhook",
      url: `http://127.0.0.1:${webhook.port}/x`,
      secret: WEBHOOK_SECRET,
    });
    expect(dup.status).toBe(409);

    const list = await api(streams.GET, "GET", "/v1/audit/streams");
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(HEC_TOKEN);
    expect(text).not.toContain(WEBHOOK_SECRET);
    const h = await head();
    expect(h).toBe(23); // 20 entries + 3 stream.create
    for (const s of list.body!.data) expect([s.head_seq, s.cursor_seq, s.lag]).toEqual([h, 0, h]);

    const rows = await withTenant(tenantId, (tx) => tx.auditStream.findMany(), { db: t.db });
    for (const r of rows) expect(JSON.stringify({ ...r, cursorSeq: String(r.cursorSeq) })).not.toContain(HEC_TOKEN);
    const entries = (
      await withTenant(tenantId, (tx) => tx.auditEntry.findMany({ where: { action: "audit.stream_create" } }), {
        db: t.db,
      })
    ).map((e) => ({ ...e, seq: String(e.seq) }));
    expect(entries).toHaveLength(3);
    expect(JSON.stringify(entries)).not.toContain(HEC_TOKEN);
    expect(JSON.stringify(entries)).not.toContain(WEBHOOK_SECRET);
  });

  it("receivers down: connection refused, then 503, then a lost answer; the cursor stays, last_error says why, the lag grows with new entries", async () => {
    await pass();
    const hecDownView = (await getStream(ids.hec)).body!;
    expect(hecDownView).toMatchObject({ cursor_seq: 0, failures: 1, lag: 23 });
    expect(hecDownView.last_error).toMatch(/^seq 1-7: POST http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED$/);
    const sysDownView = (await getStream(ids.syslog)).body!;
    expect(sysDownView).toMatchObject({ cursor_seq: 0, failures: 1 });
    expect(sysDownView.last_error).toMatch(/syslog 127\.0\.0\.1:\d+ failed: ECONNREFUSED/);
    // The webhook receiver is up from the start.
    expect((await getStream(ids.webhook)).body).toMatchObject({ cursor_seq: 23, lag: 0, last_error: null });

    await hecUp();
    hec.mode = "unavailable";
    await writeEntries(10);
    await pass();
    const busy = (await getStream(ids.hec)).body!;
    expect(busy).toMatchObject({ cursor_seq: 0, failures: 2, lag: 33 });
    expect(busy.last_error).toMatch(/HEC http:\/\/127\.0\.0\.1:\d+ answered 503 \(code 9\)/);
    expect(hec.requests).toEqual([]);

    // The HEC stores the next batch but its answer is lost: the cursor must not move.
    hec.mode = "lose-answer";
    await pass();
    expect(hec.requests).toEqual([range(1, 7)]);
    expect((await getStream(ids.hec)).body).toMatchObject({ cursor_seq: 0, failures: 3 });
  });

  it("receivers up: every entry arrives in seq order with no gap, each exactly once at the syslog receiver with three workers at once, and the lag falls to zero", async () => {
    await syslogUp();
    await writeEntries(15);
    const lags: number[] = [];
    for (let i = 0; i < 30; i++) {
      await Promise.all([pass(), pass(), pass()]);
      const views = await Promise.all([ids.hec, ids.syslog, ids.webhook].map(getStream));
      lags.push(views.reduce((n, v) => n + v.body!.lag, 0));
      if (lags.at(-1) === 0) break;
    }
    const h = await head();
    expect(h).toBe(48);
    expect(lags.at(-1)).toBe(0);
    for (let i = 1; i < lags.length; i++) expect(lags[i]).toBeLessThanOrEqual(lags[i - 1]);
    for (const id of [ids.hec, ids.syslog, ids.webhook]) {
      const v = (await getStream(id)).body!;
      expect(v).toMatchObject({ cursor_seq: h, head_seq: h, lag: 0, failures: 0, last_error: null });
      expect(v.last_success_at).not.toBeNull();
    }
    // HEC: the lost-answer batch came twice (at least once), nothing missing, never out of order.
    assertAtLeastOnceInOrder(hec.requests, h);
    expect(hec.requests.flat().length).toBe(h + 7);
    expect(hec.badAuth).toBe(0);
    // Syslog: exactly once, in order, though three workers delivered concurrently.
    expect(syslog.messages.map((m) => m.seq)).toEqual(range(1, h));
    // Webhook: signed, every batch's seq range in its header and delivery id.
    expect(webhook.badSignature).toBe(0);
    assertAtLeastOnceInOrder(
      webhook.requests.map((r) => r.seqs),
      h,
    );
    expect(webhook.requests.map((r) => r.seqs).flat()).toEqual(range(1, h));
    for (const r of webhook.requests) expect(r.delivery).toBe(`${ids.webhook}:${r.range}`);
  });

  it("backfill from a seq delivers again from there, in order; it is audited; from_seq past the head is refused", async () => {
    const before = syslog.messages.length;
    const h = await head();
    const tooFar = await api(
      backfill.POST,
      "POST",
      `/v1/audit/streams/${ids.syslog}/backfill`,
      { from_seq: h + 5 },
      { id: ids.syslog },
    );
    expect([tooFar.status, tooFar.body!.error.issues[0].path]).toEqual([400, "from_seq"]);
    const r = await api(
      backfill.POST,
      "POST",
      `/v1/audit/streams/${ids.syslog}/backfill`,
      { from_seq: 40 },
      { id: ids.syslog },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ cursor_seq: 39, lag: h + 1 - 39 });
    await pass();
    expect(syslog.messages.slice(before).map((m) => m.seq)).toEqual(range(40, h + 1));
    expect((await getStream(ids.syslog)).body).toMatchObject({ lag: 0 });
    const entry = await withTenant(
      tenantId,
      (tx) => tx.auditEntry.findFirstOrThrow({ where: { action: "audit.stream_backfill" } }),
      { db: t.db },
    );
    expect(entry.details).toMatchObject({ from_seq: 40, before: { cursor_seq: h }, after: { cursor_seq: 39 } });
  });

  it("the connect-time guard refuses a destination no longer allowed, before any connection", async () => {
    const saved = process.env[OUTBOUND_ALLOW_ENV];
    const connections = syslog.connections;
    process.env[OUTBOUND_ALLOW_ENV] = "";
    try {
      await writeEntries(1);
      await pass();
      const v = (await getStream(ids.syslog)).body!;
      expect(v.lag).toBeGreaterThan(0);
      expect(v.last_error).toMatch(/Refused: syslog-tls:\/\/127\.0\.0\.1:\d+ points at a private, loopback/);
      expect(syslog.connections).toBe(connections);
    } finally {
      process.env[OUTBOUND_ALLOW_ENV] = saved;
    }
  });

  it("test sends one message (the cursor stays); a wrong HEC token is reported; disable, rename and delete are audited", async () => {
    const cursor = (await getStream(ids.syslog)).body!.cursor_seq;
    const ok = await api(testRoute.POST, "POST", `/v1/audit/streams/${ids.syslog}/test`, undefined, { id: ids.syslog });
    expect(ok.body).toMatchObject({ ok: true });
    expect((await getStream(ids.syslog)).body!.cursor_seq).toBe(cursor);

    const wrong = await api(
      streamById.PATCH,
      "PATCH",
      `/v1/audit/streams/${ids.hec}`,
      { secret: "not-the-right-hec-token" },
      { id: ids.hec },
    );
    expect(wrong.status).toBe(200);
    const failed = await api(testRoute.POST, "POST", `/v1/audit/streams/${ids.hec}/test`, undefined, { id: ids.hec });
    expect(failed.body).toMatchObject({ ok: false, message: expect.stringMatching(/answered 403/) });
    expect(JSON.stringify(failed.body)).not.toContain("not-the-right-hec-token");

    const off = await api(
      streamById.PATCH,
      "PATCH",
      `/v1/audit/streams/${ids.webhook}`,
      { enabled: false, name: "Webhook (paused)" },
      { id: ids.webhook },
    );
    expect(off.body).toMatchObject({ enabled: false, name: "Webhook (paused)" });
    const del = await api(streamById.DELETE, "DELETE", `/v1/audit/streams/${ids.webhook}`, undefined, {
      id: ids.webhook,
    });
    expect(del.status).toBe(204);
    expect((await getStream(ids.webhook)).status).toBe(404);
    const actions = (
      await withTenant(
        tenantId,
        (tx) => tx.auditEntry.findMany({ where: { action: { startsWith: "audit.stream_" } }, orderBy: { seq: "asc" } }),
        { db: t.db },
      )
    ).map((e) => e.action);
    expect(actions).toEqual([
      "audit.stream_create",
      "audit.stream_create",
      "audit.stream_create",
      "audit.stream_backfill",
      "audit.stream_update",
      "audit.stream_update",
      "audit.stream_delete",
    ]);
    const update = await withTenant(
      tenantId,
      (tx) => tx.auditEntry.findFirstOrThrow({ where: { action: "audit.stream_update", targetId: ids.webhook } }),
      { db: t.db },
    );
    expect(update.details).toMatchObject({
      before: { enabled: true, name: "Webhook" },
      after: { enabled: false, name: "Webhook (paused)" },
      secret_changed: false,
    });
  });

  it("as jobs: monitor.tick's fan-out queues one audit.stream job per enabled, due stream (a singleton per slot), and the job delivers", async () => {
    try {
      await writeEntries(2);
      const queued = await streamFanOut({ db: t.db });
      expect(queued).toBe(2); // Splunk and Syslog; the webhook stream is deleted
      expect(await streamFanOut({ db: t.db })).toBe(0); // same slot: nothing more
      const jobs = await getJobs({ db: t.db });
      expect((await jobs.counts("audit.stream")).created).toBe(2);
      const before = syslog.messages.length;
      await streamJob(tenantId, ids.syslog, { db: t.db, ...FAST });
      expect(syslog.messages.length).toBeGreaterThan(before);
      expect((await getStream(ids.syslog)).body).toMatchObject({ lag: 0, last_error: null });
    } finally {
      await stopJobs();
    }
  });
});
