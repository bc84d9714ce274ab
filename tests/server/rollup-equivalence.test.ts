// The hourly rollups (ADR 0025) always equal a GROUP BY over the raw rows: after the demo seed,
// after randomized appends through the real audit append and requests through the real gateway,
// after rows bulk-loaded by INSERT ... SELECT (several tenants in one statement, no tenant set),
// after UPDATEs, after retention (the production retention run, which prunes audit entries through
// warden_system.prune_audit_entries and deletes old usage records) and after an erasure through
// /v1/privacy (which blanks audit IPs). Expectations are computed here from the raw rows, read as
// the runtime role inside each tenant's transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as approve from "@/app/v1/privacy/requests/[id]/approve/route";
import * as complete from "@/app/v1/privacy/requests/[id]/complete/route";
import * as requests from "@/app/v1/privacy/requests/route";
import { POST as previewPOST } from "@/app/v1/reports/preview/route";
import { POST as usersPOST } from "@/app/v1/users/route";
import { appendAudit } from "@/lib/audit/append";
import { setDbForTests } from "@/lib/db";
import { settled } from "@/lib/gateway/core";
import type { DeclaredHandler } from "@/lib/http/route";
import { runRetention } from "@/lib/privacy/retention";
import { seedDemo } from "@/lib/seed/seed-demo";
import { createTenant } from "@/lib/tenancy/provision";
import { allTenantIds } from "@/lib/tenancy/system";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { callAs, signedIn, type Caller } from "../helpers/callers";
import { chat, mintKey, openGatewayHarness, post, type GatewayHarness, type GovTenant } from "../helpers/gateway-setup";
import { TEST_DB_KIND, tenantIdBySlug, type TestDatabase } from "../helpers/test-db";

const DAY = 86_400_000;
const HOUR = 3_600_000;
let h: GatewayHarness;
let t: TestDatabase;
let g: GovTenant;
let acme: string;
let globex: string;
let alice: Caller;
let clock = new Date(Date.now() - 60 * DAY);

// A small seeded generator: the same "random" data on every run.
let state = 20261202;
const rnd = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const ACTIONS = [
  ["auth.login", "success"],
  ["auth.login", "failure"],
  ["auth.login_failed", "failure"],
  ["auth.logout", "success"],
  ["privilege_escalation", "success"],
  ["role.assign", "success"],
  ["authz.denied", "denied"],
  ["api_key.create", "success"],
  ["monitoring.alert", "success"],
  ["privacy.request.created", "success"],
] as const;
const PEOPLE = ["usr_a", "usr_b", "usr_c", "usr_d"];
const IPS = ["10.1.2.3", "10.1.9.9", "10.2.0.1", "192.168.4.4", "2001:db8::1", null];

beforeAll(async () => {
  h = await openGatewayHarness("rollgw", { promptTokens: 11, completionTokens: 23 }, { clock: () => clock });
  ({ t, g } = h);
  await seedDemo(t.db);
  setDbForTests(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  globex = await tenantIdBySlug(t.db, "globex");
  alice = await signedIn(t.db, "acme", "alice.chen@acme.test");
}, 240_000);

afterAll(async () => {
  setDbForTests(undefined);
  await h?.close();
});

type Rows = Record<string, unknown>[];
const norm = (rows: Rows) => rows.map((r) => JSON.stringify(r)).sort();

/** Every rollup of one tenant against the raw rows, both read in the tenant's own transaction. */
async function compareTenant(tx: TenantTx) {
  const q = (sql: string) => tx.$queryRawUnsafe<Rows>(sql);
  const hour = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS')`;
  const out = {
    audit: [
      norm(
        await q(
          `SELECT ${hour("date_trunc('hour', ts, 'UTC')")} AS hour, action, category, outcome, actor_kind, count(*)::int AS n FROM audit_entries GROUP BY 1, 2, 3, 4, 5`,
        ),
      ),
      norm(
        await q(
          `SELECT ${hour("hour")} AS hour, action, category, outcome, actor_kind, n::int AS n FROM audit_rollup_hourly`,
        ),
      ),
    ],
    failures: [
      norm(
        await q(
          // Quarter hours (UTC), counted here from the hour and the minute, not as the trigger does.
          `SELECT ${hour("(date_trunc('hour', ts, 'UTC') + floor(extract(minute FROM ts AT TIME ZONE 'UTC') / 15) * interval '15 minutes')")} AS hour, actor_ref, count(*)::int AS n FROM audit_entries WHERE category = 'access' AND outcome <> 'success' GROUP BY 1, 2`,
        ),
      ),
      norm(await q(`SELECT ${hour("bucket")} AS hour, actor_ref, n::int AS n FROM audit_access_failures_15m`)),
    ],
    usage: [
      norm(
        await q(`SELECT ${hour("date_trunc('hour', ts, 'UTC')")} AS hour, virtual_key_id, user_id, team_id, customer_id, provider, model, status, count(*)::int AS requests,
        sum(prompt_tokens)::int AS prompt, sum(completion_tokens)::int AS completion, sum(cost_usd)::numeric(30,10)::text AS cost FROM usage_records GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`),
      ),
      norm(
        await q(`SELECT ${hour("hour")} AS hour, virtual_key_id, user_id, team_id, customer_id, provider, model, status, requests::int AS requests,
        prompt_tokens::int AS prompt, completion_tokens::int AS completion, cost_usd::numeric(30,10)::text AS cost FROM usage_rollup_hourly`),
      ),
    ],
    usageModels: [
      norm(
        await q(`SELECT ${hour("date_trunc('hour', ts, 'UTC')")} AS hour, provider, model, status, count(*)::int AS requests,
        sum(prompt_tokens)::int AS prompt, sum(completion_tokens)::int AS completion, sum(cost_usd)::numeric(30,10)::text AS cost FROM usage_records GROUP BY 1, 2, 3, 4`),
      ),
      norm(
        await q(`SELECT ${hour("hour")} AS hour, provider, model, status, requests::int AS requests,
        prompt_tokens::int AS prompt, completion_tokens::int AS completion, cost_usd::numeric(30,10)::text AS cost FROM usage_model_rollup_hourly`),
      ),
    ],
  };
  // First successful sign-in per person overall ('*') and per IPv4 /16, computed here in order of seq.
  const logins = await tx.$queryRawUnsafe<{ actor_ref: string; seq: bigint; ts: Date; ip: string | null }[]>(
    `SELECT actor_ref, seq, ts, ip FROM audit_entries WHERE action = 'auth.login' AND outcome = 'success' ORDER BY seq`,
  );
  const first = new Map<string, { actor_ref: string; net: string; first_seq: number; first_ts: string }>();
  const note = (actor: string, net: string, seq: bigint, ts: Date) => {
    const k = `${actor}|${net}`;
    if (!first.has(k))
      first.set(k, { actor_ref: actor, net, first_seq: Number(seq), first_ts: new Date(ts).toISOString() });
  };
  for (const l of logins) {
    note(l.actor_ref, "*", l.seq, l.ts);
    if (l.ip && /^.*\..*\..*\..*$/.test(l.ip)) note(l.actor_ref, l.ip.split(".").slice(0, 2).join("."), l.seq, l.ts);
  }
  const nets = await tx.$queryRawUnsafe<{ actor_ref: string; net: string; first_seq: bigint; first_ts: Date }[]>(
    `SELECT actor_ref, net, first_seq, first_ts FROM audit_login_networks`,
  );
  return {
    ...out,
    logins: [
      norm([...first.values()]),
      norm(
        nets.map((n) => ({
          actor_ref: n.actor_ref,
          net: n.net,
          first_seq: Number(n.first_seq),
          first_ts: new Date(n.first_ts).toISOString(),
        })),
      ),
    ],
    rawAudit: out.audit[0].length,
    rawUsage: out.usage[0].length,
  };
}

async function expectExact(step: string) {
  let audit = 0;
  let usage = 0;
  for (const tenant of await allTenantIds(t.db)) {
    const c = await withTenant(tenant, compareTenant, { db: t.db, timeout: 60_000 });
    for (const k of ["audit", "failures", "usage", "usageModels", "logins"] as const)
      expect(c[k][1], `${step}: ${k} of ${tenant}`).toEqual(c[k][0]);
    audit += c.rawAudit;
    usage += c.rawUsage;
  }
  return { audit, usage };
}

async function invoke(handler: DeclaredHandler, path: string, body?: unknown, params: Record<string, string> = {}) {
  const req = new Request(`http://127.0.0.1${path}`, {
    method: "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await callAs(handler, alice, req, params);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe(`rollups equal the raw rows (${TEST_DB_KIND})`, () => {
  let roll: string;

  it("after the migration's backfill and the demo seed", async () => {
    const n = await expectExact("seed");
    expect(n.audit).toBeGreaterThan(0);
  });

  it("after randomized appends through appendAudit and requests through the gateway", async () => {
    roll = (await createTenant({ slug: "rollup-r", name: "Rollup R" }, t.db)).id;
    // Backdated in time order over 60 days (retention prunes a prefix later); several per statement-sized tx.
    let at = Date.now() - 60 * DAY;
    for (let i = 0; i < 12; i++) {
      await withTenant(
        roll,
        async (tx) => {
          for (let j = 0; j < 10; j++) {
            at += Math.floor(rnd() * 9 * HOUR) + 60_000;
            const [action, outcome] = pick(ACTIONS);
            await appendAudit(tx, {
              action,
              outcome,
              actor: { kind: "user", subject: pick(PEOPLE), userId: pick(PEOPLE) },
              ip: pick(IPS) ?? undefined,
              at: new Date(Math.min(at, Date.now() - 60_000)),
            });
          }
        },
        { db: t.db },
      );
    }
    const k = await mintKey(t.db, g);
    for (let i = 0; i < 14; i++) {
      clock = new Date(Date.now() - 60 * DAY + i * 4.5 * DAY + Math.floor(rnd() * DAY));
      const r = await post(h.url, chat({ model: pick(["gpt-test", "gpt-test-2"]) }), { "x-bf-vk": k.secret });
      expect([200, 400, 403, 404]).toContain(r.status);
    }
    await settled();
    await expectExact("appends");
  });

  it("after bulk INSERT ... SELECT of several tenants in one statement, with no tenant set", async () => {
    await t.asOwner(async (tx) => {
      await tx.$executeRawUnsafe(
        `
        INSERT INTO audit_entries (tenant_id, seq, ts, actor_ref, actor_kind, action, category, outcome, ip, details, prev_hash, hash, key_id)
        SELECT tn, 1000000 + i, now() - (i * interval '37 minutes'), 'usr_bulk_' || (i % 7), 'user',
               (ARRAY['auth.login', 'auth.login_failed', 'auth.logout', 'authz.denied', 'role.assign'])[1 + i % 5],
               (ARRAY['access', 'access', 'access', 'security', 'admin'])[1 + i % 5],
               CASE WHEN i % 5 = 0 AND i % 3 <> 0 THEN 'success' WHEN i % 5 = 0 THEN 'failure' WHEN i % 5 = 1 THEN 'failure' ELSE 'success' END,
               '172.' || (i % 4) || '.0.' || (i % 250), '{}', repeat('0', 64), repeat('1', 64), 'bulk'
          FROM unnest(ARRAY[$1, $2]) AS tn, generate_series(1, 3000) AS i`,
        acme,
        globex,
      );
      // An import advances each chain head past what it loaded, so a report's snapshot (entries up to
      // the head's seq, captured when it starts) includes the loaded rows.
      await tx.$executeRawUnsafe(`UPDATE audit_heads h SET seq = m.s FROM (SELECT tenant_id, max(seq) AS s FROM audit_entries GROUP BY 1) m
        WHERE m.tenant_id = h.tenant_id AND m.s > h.seq`);
      await tx.$executeRawUnsafe(
        `
        INSERT INTO usage_records (tenant_id, request_id, virtual_key_id, user_id, team_id, customer_id, provider, model, prompt_tokens, completion_tokens, cost_usd, status, http_status, ts)
        SELECT tn, 'req_bulk_' || i, NULL, CASE WHEN i % 3 = 0 THEN NULL ELSE 'usr_' || (i % 5) END, NULL, 'cus_' || (i % 2), 'openai', 'gpt-' || (i % 3),
               i % 100, i % 37, (i % 13) * 0.0001234567, (ARRAY['ok', 'ok', 'rate_limited', 'budget_exceeded'])[1 + i % 4], 200, now() - (i * interval '11 minutes')
          FROM unnest(ARRAY[$1, $2]) AS tn, generate_series(1, 4000) AS i`,
        acme,
        g.tenantId,
      );
    });
    const n = await expectExact("bulk insert");
    expect(n.usage).toBeGreaterThan(100);
  });

  it("after UPDATEs (settlement corrections) and a bulk DELETE without a tenant", async () => {
    await t.asOwner(async (tx) => {
      await tx.$executeRawUnsafe(`UPDATE usage_records SET cost_usd = cost_usd * 2, completion_tokens = completion_tokens + 1,
        status = CASE WHEN status = 'ok' AND prompt_tokens % 2 = 0 THEN 'upstream_error' ELSE status END WHERE request_id LIKE 'req_bulk_%' AND prompt_tokens % 3 = 0`);
      await tx.$executeRawUnsafe(
        `UPDATE audit_entries SET ts = ts - interval '5 hours', outcome = 'failure' WHERE key_id = 'bulk' AND seq % 11 = 0`,
      );
      await tx.$executeRawUnsafe(`DELETE FROM audit_entries WHERE key_id = 'bulk' AND seq % 4 = 0`);
      await tx.$executeRawUnsafe(
        `DELETE FROM usage_records WHERE request_id LIKE 'req_bulk_%' AND prompt_tokens % 5 = 0`,
      );
    });
    await expectExact("update and delete");
  });

  it("report previews over windows that do not align to the hour equal counts over the raw rows", async () => {
    // Bulk rows lie every 37 minutes (audit) and 11 minutes (usage) over the last days, in acme.
    const to = new Date(Date.now() - 17 * 60_000 - 123);
    const from = new Date(to.getTime() - 41 * HOUR - 29 * 60_000 - 7_000);
    const preview = async (type: string) => {
      const r = await invoke(previewPOST, "/v1/reports/preview", {
        type,
        from: from.toISOString(),
        to: to.toISOString(),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as {
        summary: {
          figures: { key: string; value: number }[];
          breakdowns: { rows: unknown[][] }[];
          chart: { points: { label: string; value: number }[] };
        };
      };
    };
    const fig = (b: Awaited<ReturnType<typeof preview>>, key: string) =>
      b.summary.figures.find((f) => f.key === key)?.value;
    const raw = (sql: string) =>
      withTenant(acme, (tx) => tx.$queryRawUnsafe<Record<string, unknown>[]>(sql, from, to), { db: t.db });
    // Failure bursts (5 failed access events within 15 minutes) placed around hour and quarter-hour
    // boundaries, in whole hours (read from the rollup) and in the window's partial first hour (read
    // from the rows).
    const H = Math.floor((to.getTime() - 20 * HOUR) / HOUR) * HOUR;
    const min = (m: number) => H + m * 60_000;
    const crafted: [string, number][] = [
      ...[58, 58.5, 59, 60.5, 61].map((m): [string, number] => ["usr_burst_a", min(m)]), // 3 + 2 across the hour: a burst
      ...[59, 59.5, 61, 62, 63].map((m): [string, number] => ["usr_burst_b", min(m)]), // 2 + 3: a burst
      ...[59, 59.5, 61, 62].map((m): [string, number] => ["usr_burst_c", min(m)]), // 2 + 2: none
      ...Array.from({ length: 20 }, (_, i): [string, number] => ["usr_burst_d", min(120 + 3 * i)]), // 20 in one hour: a burst
      ...[240, 254, 268, 282, 296].map((m): [string, number] => ["usr_burst_f", min(m)]), // 5 in an hour, 14 minutes apart: none
      ...[0.5, 1, 1.5, 2, 2.5].map((m): [string, number] => ["usr_burst_g", from.getTime() + m * 60_000]), // in the first, partial hour: a burst
      // Around the quarter hours the failure rollup counts in (5h15, 5h30).
      ...[314, 314.5, 315, 316, 317].map((m): [string, number] => ["usr_burst_h", min(m)]), // 2 + 3 across a quarter: a burst
      ...[310, 314, 316, 320, 326].map((m): [string, number] => ["usr_burst_i", min(m)]), // 2 + 3 across a quarter, 16 minutes: none
      ...[331, 333, 336, 339, 343].map((m): [string, number] => ["usr_burst_j", min(m)]), // 5 in one quarter: a burst
    ];
    await t.asOwner(async (tx) => {
      await tx.$executeRawUnsafe(
        `
        INSERT INTO audit_entries (tenant_id, seq, ts, actor_ref, actor_kind, action, category, outcome, details, prev_hash, hash, key_id)
        SELECT $1, 3000000 + x.i, x.ts, x.actor, 'user', 'auth.login_failed', 'access', 'failure', '{}', repeat('0', 64), repeat('1', 64), 'bulk'
          FROM unnest($2::text[], $3::timestamptz[]) WITH ORDINALITY AS x (actor, ts, i)`,
        acme,
        crafted.map((c) => c[0]),
        crafted.map((c) => new Date(c[1]).toISOString()),
      );
      await tx.$executeRawUnsafe(`UPDATE audit_heads h SET seq = m.s FROM (SELECT tenant_id, max(seq) AS s FROM audit_entries GROUP BY 1) m
        WHERE m.tenant_id = h.tenant_id AND m.s > h.seq`);
    });
    const win = `ts >= $1 AND ts < $2`;

    const sec = await preview("security");
    const [x] =
      await raw(`SELECT count(*)::int AS events, count(*) FILTER (WHERE outcome <> 'success')::int AS denied, count(*) FILTER (WHERE action = 'authz.denied')::int AS authz
      FROM audit_entries WHERE ${win} AND (category = 'security' OR action LIKE 'security.%' OR action = 'monitoring.alert')`);
    expect(x.events).toBeGreaterThanOrEqual(5); // the window holds security events, so the comparison below is not vacuous
    expect([fig(sec, "events"), fig(sec, "denied"), fig(sec, "authz_denied")]).toEqual([x.events, x.denied, x.authz]);
    const byDay =
      await raw(`SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d, count(*)::int AS n FROM audit_entries
      WHERE ${win} AND (category = 'security' OR action LIKE 'security.%' OR action = 'monitoring.alert') GROUP BY 1`);
    expect(
      sec.summary.chart.points
        .filter((p) => p.value > 0)
        .map((p) => [p.label, p.value])
        .sort(),
    ).toEqual(byDay.map((r) => [r.d, r.n]).sort());

    const acc = await preview("access");
    const rows = (await raw(`SELECT actor_ref, ts, action, outcome, category FROM audit_entries WHERE ${win}
      AND (category = 'access' OR action IN ('privilege_escalation', 'privilege_escalation_attempt', 'role.assign')) ORDER BY seq`)) as {
      actor_ref: string;
      ts: Date;
      action: string;
      outcome: string;
      category: string;
    }[];
    const failures = new Map<string, number[]>();
    for (const r of rows)
      if (r.category === "access" && r.outcome !== "success")
        failures.set(r.actor_ref, [...(failures.get(r.actor_ref) ?? []), new Date(r.ts).getTime()]);
    const bursts = [...failures.values()].filter((ts) =>
      ts.some((t0) => ts.filter((u) => u <= t0 && u >= t0 - 15 * 60_000).length >= 5),
    ).length;
    expect(fig(acc, "events")).toBe(rows.length);
    expect(fig(acc, "logins")).toBe(rows.filter((r) => r.action === "auth.login" && r.outcome === "success").length);
    expect(fig(acc, "failed_auth")).toBe([...failures.values()].reduce((a, v) => a + v.length, 0));
    expect(["a", "b", "d", "g", "h", "i", "j"].every((a) => failures.has(`usr_burst_${a}`))).toBe(true);
    expect(bursts).toBeGreaterThanOrEqual(6); // a, b, d, g, h and j at least: the comparison below is not vacuous
    expect(fig(acc, "failure_bursts")).toBe(bursts);
    // New networks: first sign-in of a person from a /16, not their first sign-in at all, inside the window.
    const logins = await withTenant(
      acme,
      (tx) =>
        tx.$queryRawUnsafe<{ actor_ref: string; ts: Date; ip: string | null }[]>(
          `SELECT actor_ref, ts, ip FROM audit_entries WHERE action = 'auth.login' AND outcome = 'success' ORDER BY seq`,
        ),
      { db: t.db },
    );
    const seenPerson = new Set<string>();
    const seenNet = new Set<string>();
    let fresh = 0;
    for (const l of logins) {
      const net =
        l.ip && l.ip.split(".").length >= 4 ? `${l.actor_ref}|${l.ip.split(".").slice(0, 2).join(".")}` : null;
      const inWindow = new Date(l.ts) >= from && new Date(l.ts) < to;
      if (net && !seenNet.has(net) && seenPerson.has(l.actor_ref) && inWindow) fresh++;
      if (net) seenNet.add(net);
      seenPerson.add(l.actor_ref);
    }
    expect(fig(acc, "new_networks")).toBe(fresh);

    const use = await preview("usage");
    const [u] =
      await raw(`SELECT count(*)::int AS n, sum(prompt_tokens + completion_tokens)::int AS tokens, round(sum(cost_usd), 2)::float AS cost,
      count(*) FILTER (WHERE status = 'rate_limited')::int AS rl FROM usage_records WHERE ${win}`);
    expect(u.n).toBeGreaterThan(10);
    expect([fig(use, "requests"), fig(use, "tokens"), fig(use, "cost_usd"), fig(use, "rate_limited")]).toEqual([
      u.n,
      u.tokens,
      u.cost,
      u.rl,
    ]);
  });

  it("after retention through the production run (audit pruning by the definer function, old usage deleted)", async () => {
    await withTenant(roll, (tx) => tx.auditSettings.create({ data: { tenantId: roll, retentionDays: 30 } }), {
      db: t.db,
    });
    await withTenant(
      g.tenantId,
      (tx) => tx.retentionSetting.create({ data: { tenantId: g.tenantId, dataClass: "usage_records", days: 20 } }),
      { db: t.db },
    );
    const before = await withTenant(roll, (tx) => tx.auditEntry.count(), { db: t.db });
    const r = await runRetention(roll, { db: t.db });
    expect(r.removed.audit_entries).toBeGreaterThan(10);
    expect(await withTenant(roll, (tx) => tx.auditEntry.count(), { db: t.db })).toBe(
      before - r.removed.audit_entries + 2,
    ); // + audit.prune and privacy.retention.run;
    const u = await runRetention(g.tenantId, { db: t.db });
    expect(u.removed.usage_records).toBeGreaterThan(0);
    await expectExact("retention");
  });

  it("after an erasure through /v1/privacy blanks the person's audit IPs", async () => {
    const erin = await invoke(usersPOST, "/v1/users", {
      email: "erin.rollup@acme.test",
      name: "Erin Rollup",
      role: "viewer",
    });
    expect(erin.status).toBe(201);
    await withTenant(
      acme,
      async (tx) => {
        for (const ip of ["10.7.1.1", "10.8.1.1", "10.7.2.2", "172.16.0.1"]) {
          await appendAudit(tx, {
            action: "auth.login",
            outcome: "success",
            actor: { kind: "user", subject: erin.body.id, userId: erin.body.id, email: "erin.rollup@acme.test" },
            ip,
          });
        }
      },
      { db: t.db },
    );
    await expectExact("before erasure");
    const req = await invoke(requests.POST, "/v1/privacy/requests", { kind: "erasure", user_id: erin.body.id });
    expect(req.status).toBe(201);
    expect(
      (await invoke(approve.POST, `/v1/privacy/requests/${req.body.id}/approve`, undefined, { id: req.body.id }))
        .status,
    ).toBe(200);
    const done = await invoke(complete.POST, `/v1/privacy/requests/${req.body.id}/complete`, undefined, {
      id: req.body.id,
    });
    expect(done.status).toBe(200);
    const nets = await withTenant(
      acme,
      (tx) =>
        tx.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*) AS n FROM audit_login_networks l JOIN audit_entries e ON e.actor_ref = l.actor_ref AND e.seq = l.first_seq WHERE l.net <> '*' AND e.ip IS NULL`,
        ),
      { db: t.db },
    );
    expect(Number(nets[0].n)).toBe(0);
    await expectExact("erasure");
  });
});
