// A large tenant, generated in SQL (INSERT ... SELECT generate_series, about a million rows per
// statement): people, virtual keys, audit entries over `days` days and gateway usage records, with
// believable mixes of actions, categories and outcomes (failed sign-ins, gateway refusals, denials,
// a few escalations), of people (a few very active, many occasional), keys, teams and models.
// Shared by bench:scale and bench:reports. It connects as the database owner (a superuser on a
// throwaway database), so RLS does not apply; statement-level triggers on the tables still run.
//
// The generated audit entries continue the tenant's chain numbering (seq after the current
// head, time increasing with seq) and the head is moved to the last of them, so later appends
// carry on from there. Their hashes are placeholders, not HMACs: verification of the chain is
// not what these data sets are for (bench:audit measures it).
import pg from "pg";
import { categoryOf } from "@/lib/audit/taxonomy";

export interface ScaleOptions {
  audit: number;
  usage: number;
  /** The window the rows fall in, ending at `now`. */
  days?: number;
  now?: Date;
  /** Rows per INSERT statement. */
  chunk?: number;
  /** Extra people and virtual keys besides the tenant's own. */
  people?: number;
  keys?: number;
  log?: (line: string) => void;
}

// [action, outcome, weight per 10,000, actor (user | vk | anon | system), target type, details]
type Mix = [
  string,
  "success" | "failure" | "denied",
  number,
  "user" | "vk" | "anon" | "system",
  string | null,
  Record<string, unknown>,
];
const AUDIT_MIX: Mix[] = [
  ["auth.login", "success", 2400, "user", null, { method: "oidc", mfa: true }],
  ["auth.login_failed", "failure", 420, "anon", null, { reason: "invalid_grant" }],
  ["auth.login_failed", "failure", 180, "user", null, { reason: "mfa_required" }],
  ["auth.mfa_required", "failure", 150, "user", null, {}],
  ["auth.mfa_failed", "failure", 60, "user", null, {}],
  ["auth.logout", "success", 900, "user", null, {}],
  ["auth.session_revoked", "success", 30, "user", "user", {}],
  ["saml.assertion_accepted", "success", 300, "user", null, {}],
  ["saml.assertion_rejected", "failure", 25, "anon", null, { reason: "audience" }],
  ["gateway.rate_limited", "denied", 1100, "vk", "virtual_key", { limit: "requests_per_window" }],
  ["gateway.budget_exceeded", "denied", 450, "vk", "virtual_key", { budget_usd: 100 }],
  ["gateway.model_blocked", "denied", 180, "vk", "virtual_key", { model: "gpt-4o" }],
  ["gateway.compliance_violation", "denied", 90, "vk", "virtual_key", { policy: "pii" }],
  ["gateway.virtual_key_not_found", "denied", 60, "anon", null, {}],
  ["privacy.policy.redact", "success", 350, "vk", "virtual_key", { detector: "email" }],
  ["authz.denied", "denied", 300, "user", null, { permission: "governance.write" }],
  [
    "virtual_key.create",
    "success",
    180,
    "user",
    "virtual_key",
    { after: { models: ["gpt-4o-mini"], budget_usd: 100 } },
  ],
  [
    "virtual_key.update",
    "success",
    260,
    "user",
    "virtual_key",
    { before: { budget_usd: 100 }, after: { budget_usd: 250 } },
  ],
  ["virtual_key.rotate", "success", 60, "user", "virtual_key", {}],
  ["virtual_key.revoke", "success", 30, "user", "virtual_key", {}],
  ["api_key.create", "success", 120, "user", "api_key", { after: { scopes: ["usage.read"], ttl_days: 90 } }],
  ["api_key.revoke", "success", 40, "user", "api_key", {}],
  ["user.update", "success", 150, "user", "user", { before: { role: "viewer" }, after: { role: "developer" } }],
  ["user.create", "success", 40, "user", "user", {}],
  ["team.update", "success", 60, "user", "team", { after: { description: "updated" } }],
  ["scim.user.update", "success", 330, "system", "user", { source: "scim" }],
  ["scim.user.create", "success", 40, "system", "user", { source: "scim" }],
  ["scim.user.deactivate", "success", 15, "system", "user", { source: "scim" }],
  ["report.create", "success", 100, "user", "report", { type: "usage", format: "csv" }],
  ["report.generate", "success", 100, "system", "report", { type: "usage", format: "csv" }],
  ["report.download", "success", 80, "user", "report", { format: "csv" }],
  ["audit.export", "success", 20, "user", null, { format: "csv" }],
  ["consent.granted", "success", 150, "user", "user", { purpose: "analytics" }],
  ["consent.withdrawn", "success", 30, "user", "user", { purpose: "analytics" }],
  ["privacy.request.created", "success", 8, "user", "user", { kind: "erasure" }],
  ["role.assign", "success", 25, "user", "user", { before: { role: "viewer" }, after: { role: "developer" } }],
  ["privilege_escalation_attempt", "denied", 6, "user", "user", { attempted: { role: "admin" } }],
  ["privilege_escalation", "success", 2, "user", "user", { ticket: "SEC-1" }],
  ["monitoring.alert", "success", 40, "system", "alert", { severity: "medium" }],
  ["approval.request", "success", 9, "user", "approval", {}],
  ["audit.verify", "success", 0, "system", null, {}],
];

// [status, http_status, weight per 1,000]
const USAGE_STATUS: [string, number, number][] = [
  ["ok", 200, 930],
  ["rate_limited", 429, 30],
  ["budget_exceeded", 402, 15],
  ["upstream_error", 502, 15],
  ["model_blocked", 403, 6],
  ["compliance_violation", 400, 4],
];
// [model, input USD per 1M, output USD per 1M, weight per 1,000]
const USAGE_MODELS: [string, number, number, number][] = [
  ["gpt-4o-mini", 0.15, 0.6, 420],
  ["gpt-4o", 2.5, 10, 180],
  ["gpt-4.1-mini", 0.4, 1.6, 150],
  ["gpt-4.1", 2, 8, 60],
  ["o3-mini", 1.1, 4.4, 50],
  ["text-embedding-3-small", 0.02, 0, 140],
];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Slot tables (value per slot 0..total-1) so every row picks its kind by one hash join. */
function slots<T>(items: T[], weight: (t: T) => number): { slot: number; i: number }[] {
  const out: { slot: number; i: number }[] = [];
  items.forEach((t, i) => {
    for (let k = 0; k < weight(t); k++) out.push({ slot: out.length, i });
  });
  return out;
}

type Query = (sql: string, params?: unknown[]) => Promise<pg.QueryResult>;

async function connect(url: string): Promise<{ q: Query; end: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // the database may be dropped under it when a step fails
  await client.connect();
  await client.query("SET synchronous_commit = off");
  await client.query("SET work_mem = '64MB'");
  await client.query("SET maintenance_work_mem = '512MB'");
  return { q: (sql, params = []) => client.query(sql, params), end: () => client.end() };
}

/** The people and keys the rows point at, numbered 0..n-1 for hash joins (temporary: one per session). */
async function lookups(q: Query, tenantId: string): Promise<{ npeople: number; nkeys: number }> {
  await q(`CREATE TEMP TABLE scale_people AS
    SELECT (row_number() OVER (ORDER BY (u.id LIKE 'usr_scale%'), u.id) - 1)::int AS n, u.id, u.email, u.name
    FROM users u WHERE u.tenant_id = ${lit(tenantId)}`);
  await q(`CREATE TEMP TABLE scale_keys AS
    SELECT (row_number() OVER (ORDER BY v.id) - 1)::int AS n, v.id, v.user_id, t.id AS team_id, COALESCE(v.customer_id, t.customer_id) AS customer_id
    FROM virtual_keys v
      LEFT JOIN LATERAL (SELECT m.team_id FROM team_memberships m WHERE m.user_id = v.user_id ORDER BY m.team_id LIMIT 1) um ON true
      LEFT JOIN teams t ON t.id = COALESCE(v.team_id, um.team_id)
    WHERE v.tenant_id = ${lit(tenantId)}`);
  await q("ANALYZE scale_people; ANALYZE scale_keys");
  return {
    npeople: Number((await q("SELECT count(*) AS n FROM scale_people")).rows[0].n),
    nkeys: Number((await q("SELECT count(*) AS n FROM scale_keys")).rows[0].n),
  };
}

/**
 * Runs a bulk load with the table's secondary indexes dropped and builds them again afterwards
 * (one sorted build is several times faster than a million in-place insertions each). Primary
 * keys and constraint indexes stay. Indexes of a partitioned table are rebuilt on every partition.
 */
async function withoutIndexes<T>(q: Query, table: string, log: (s: string) => void, fn: () => Promise<T>): Promise<T> {
  const { rows } = await q(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  for (const r of rows) await q(`DROP INDEX IF EXISTS "${r.indexname}"`);
  const out = await fn();
  const t0 = performance.now();
  for (const r of rows) await q(String(r.indexdef).replace(" ON ONLY ", " ON "));
  log(`${table}: ${rows.length} indexes built again in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return out;
}

export async function generateScaleData(
  url: string,
  tenantId: string,
  o: ScaleOptions,
): Promise<{ auditSeconds: number; usageSeconds: number; headSeq: number }> {
  const log = o.log ?? (() => {});
  const days = o.days ?? 90;
  const chunk = o.chunk ?? 1_000_000;
  const now = o.now ?? new Date();
  const start = new Date(now.getTime() - days * 86_400_000);
  const spanMs = now.getTime() - start.getTime() - 60_000;
  const people = o.people ?? 600;
  const nkeys = o.keys ?? 120;
  const a = await connect(url);
  const u = await connect(url);
  try {
    return await generate(a.q, u.q, tenantId, o, { log, days, chunk, now, start, spanMs, people, nkeys });
  } finally {
    await a.end().catch(() => {});
    await u.end().catch(() => {});
  }
}

async function generate(
  q: Query,
  uq: Query,
  tenantId: string,
  o: ScaleOptions,
  c: {
    log: (s: string) => void;
    days: number;
    chunk: number;
    now: Date;
    start: Date;
    spanMs: number;
    people: number;
    nkeys: number;
  },
): Promise<{ auditSeconds: number; usageSeconds: number; headSeq: number }> {
  const { log, chunk, start, spanMs, people, nkeys } = c;

  // ── People and keys ──────────────────────────────────────────────────────────────────────
  const teams = (await q("SELECT id, customer_id FROM teams WHERE tenant_id = $1 ORDER BY name", [tenantId])).rows as {
    id: string;
    customer_id: string | null;
  }[];
  if (!teams.length) throw new Error("scale data: the tenant has no teams (seed it first)");
  const roles = ["developer", "developer", "developer", "viewer", "viewer", "admin"];
  await q(
    `INSERT INTO users (id, tenant_id, email, name, role, created_at, updated_at)
     SELECT 'usr_scale' || lpad(g::text, 5, '0'), $1, 'person' || g || '@scale.test', 'Person ' || g,
       ($2::text[])[1 + g % ${roles.length}], $3::timestamptz, $3::timestamptz
     FROM generate_series(1, $4::int) g ON CONFLICT DO NOTHING`,
    [tenantId, roles, start.toISOString(), people],
  );
  await q(
    `INSERT INTO team_memberships (tenant_id, team_id, user_id, source)
     SELECT $1, ($2::text[])[1 + g % ${teams.length}], 'usr_scale' || lpad(g::text, 5, '0'), 'seed'
     FROM generate_series(1, $3::int) g ON CONFLICT DO NOTHING`,
    [tenantId, teams.map((t) => t.id), people],
  );
  await q(
    `INSERT INTO virtual_keys (id, tenant_id, name, prefix, secret_hash, user_id, team_id, customer_id, allowed_providers, allowed_models, created_at, updated_at)
     SELECT 'vk_scale' || lpad(g::text, 4, '0'), $1, 'scale-key-' || g, 'sk-scale' || g, 'scale-secret-' || $1 || '-' || g,
       CASE WHEN g % 4 = 0 THEN 'usr_scale' || lpad((1 + (g * 7) % $3::int)::text, 5, '0') END,
       CASE WHEN g % 4 <> 0 THEN ($2::text[])[1 + g % ${teams.length}] END, NULL,
       ARRAY['openai'], ARRAY['*'], $4::timestamptz, $4::timestamptz
     FROM generate_series(1, $5::int) g ON CONFLICT DO NOTHING`,
    [tenantId, teams.map((t) => t.id), people, start.toISOString(), nkeys],
  );
  // Every person of the tenant (seeded ones first: the most active), and every key, in both sessions.
  const { npeople, nkeys: nallkeys } = await lookups(q, tenantId);
  await lookups(uq, tenantId);
  // Names of people live beside the chain, as appendAudit's rememberSubject writes them.
  await q(
    `INSERT INTO audit_subjects (tenant_id, actor_ref, display_name, email) SELECT ${lit(tenantId)}, id, name, email FROM scale_people ON CONFLICT DO NOTHING`,
  );

  // ── Audit entries ────────────────────────────────────────────────────────────────────────
  const mix = AUDIT_MIX.filter((m) => m[2] > 0);
  const mixSlots = slots(mix, (m) => m[2]);
  await q(
    `CREATE TEMP TABLE scale_actions (i int PRIMARY KEY, action text, category text, outcome text, actor text, target_type text, details jsonb)`,
  );
  await q(
    `INSERT INTO scale_actions VALUES ${mix.map((m, i) => `(${i}, ${lit(m[0])}, ${lit(categoryOf(m[0]))}, ${lit(m[1])}, ${lit(m[3])}, ${m[4] ? lit(m[4]) : "NULL"}, ${lit(JSON.stringify(m[5]))}::jsonb)`).join(", ")}`,
  );
  await q(
    `CREATE TEMP TABLE scale_action_slots AS SELECT s AS slot, i FROM jsonb_to_recordset(${lit(JSON.stringify(mixSlots.map((x) => ({ s: x.slot, i: x.i }))))}) AS t(s int, i int)`,
  );
  await q("ANALYZE scale_actions; ANALYZE scale_action_slots");
  const head = (await q("SELECT seq FROM audit_heads WHERE tenant_id = $1", [tenantId])).rows[0] as
    { seq: string } | undefined;
  const head0 = Number(head?.seq ?? 0);
  const keyId =
    (
      (await q("SELECT key_id FROM audit_entries WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1", [tenantId]))
        .rows[0] as { key_id: string } | undefined
    )?.key_id ?? "k1";
  const stepMs = spanMs / Math.max(1, o.audit);
  const auditLoad = async () => {
    const t0 = performance.now();
    await withoutIndexes(q, "audit_entries", log, async () => {
      for (let from = 1; from <= o.audit; from += chunk) {
        const to = Math.min(o.audit, from + chunk - 1);
        // h1: the action; h2: the person (squared: a few people do most things); h3: key, ip, target.
        await q(
          `INSERT INTO audit_entries (id, tenant_id, seq, ts, actor_ref, actor_kind, auth_method, action, category, target_type, target_id,
             outcome, ip_ref, ip, request_id, details, prev_hash, hash, key_id)
           SELECT 'ae_scale' || lpad(r.g::text, 10, '0'), $1, $2::bigint + r.g, $3::timestamptz + (r.g - 1) * $4::double precision * interval '1 millisecond',
             CASE a.actor WHEN 'user' THEN p.id WHEN 'vk' THEN k.id WHEN 'anon' THEN 'anon_' || lpad(to_hex(r.h3 % 997), 32, '0') ELSE 'system' END,
             CASE a.actor WHEN 'user' THEN 'user' WHEN 'vk' THEN 'virtual_key' WHEN 'anon' THEN 'user' ELSE 'system' END,
             CASE a.actor WHEN 'user' THEN (CASE WHEN r.h3 % 5 = 0 THEN 'api_key' ELSE 'session' END) WHEN 'vk' THEN 'virtual_key' WHEN 'anon' THEN 'oidc' ELSE 'system' END,
             a.action, a.category, a.target_type,
             CASE a.target_type WHEN 'virtual_key' THEN k.id WHEN 'user' THEN p.id ELSE a.target_type || '_scale' || (r.h3 % 5000) END,
             a.outcome, 'ipr_' || (r.h3 % 100000),
             CASE WHEN a.actor = 'system' THEN NULL ELSE '10.' || (20 + r.h3 % 4) || '.' || ((r.h3 / 4) % 255) || '.' || (1 + (r.h3 / 1024) % 250) END,
             'req_scale' || r.g, a.details,
             lpad(to_hex($2::bigint + r.g - 1), 64, '0'), lpad(to_hex($2::bigint + r.g), 64, '0'), $5
           FROM (SELECT g, abs(hashint8extended(g, 1)) % ${mixSlots.length} AS h1,
                        floor(${npeople} * power((abs(hashint8extended(g, 2)) % 1000000) / 1000000.0, 2))::int AS h2,
                        abs(hashint8extended(g, 3)) AS h3
                 FROM generate_series($6::bigint, $7::bigint) g) r
           JOIN scale_action_slots s ON s.slot = r.h1
           JOIN scale_actions a ON a.i = s.i
           JOIN scale_people p ON p.n = r.h2
           JOIN scale_keys k ON k.n = r.h3 % ${nallkeys}`,
          [tenantId, head0, start.toISOString(), stepMs, keyId, from, to],
        );
        log(
          `audit entries: ${to.toLocaleString("en-US")} of ${o.audit.toLocaleString("en-US")} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        );
      }
    });
    return (performance.now() - t0) / 1000;
  };
  const headSeq = head0 + o.audit;
  if (o.audit > 0) {
    await q(
      `INSERT INTO audit_heads (tenant_id, seq, hash, updated_at) VALUES ($1, $2, lpad(to_hex($2::bigint), 64, '0'), now())
       ON CONFLICT (tenant_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, updated_at = now()`,
      [tenantId, headSeq],
    );
  }

  // ── Usage records ────────────────────────────────────────────────────────────────────────
  const statusSlots = slots(USAGE_STATUS, (s) => s[2]);
  const modelSlots = slots(USAGE_MODELS, (m) => m[3]);
  await uq(
    `CREATE TEMP TABLE scale_status AS SELECT * FROM jsonb_to_recordset(${lit(JSON.stringify(statusSlots.map((s) => ({ slot: s.slot, status: USAGE_STATUS[s.i][0], http: USAGE_STATUS[s.i][1] }))))}) AS t(slot int, status text, http int)`,
  );
  await uq(
    `CREATE TEMP TABLE scale_models AS SELECT * FROM jsonb_to_recordset(${lit(JSON.stringify(modelSlots.map((s) => ({ slot: s.slot, model: USAGE_MODELS[s.i][0], pin: USAGE_MODELS[s.i][1], pout: USAGE_MODELS[s.i][2] }))))}) AS t(slot int, model text, pin numeric, pout numeric)`,
  );
  await uq("ANALYZE scale_status; ANALYZE scale_models");
  const ustep = spanMs / Math.max(1, o.usage);
  const usageLoad = async () => {
    const t1 = performance.now();
    await withoutIndexes(uq, "usage_records", log, async () => {
      for (let from = 1; from <= o.usage; from += chunk) {
        const to = Math.min(o.usage, from + chunk - 1);
        await uq(
          `INSERT INTO usage_records (id, tenant_id, request_id, virtual_key_id, user_id, team_id, customer_id, provider, model,
             prompt_tokens, completion_tokens, cost_usd, latency_ms, status, http_status, stream, ts)
           SELECT 'usg_scale' || lpad(r.g::text, 10, '0'), $1, 'req_scaleu' || r.g, k.id, k.user_id, k.team_id, k.customer_id, 'openai', m.model,
             x.pt, x.ct, round((x.pt * m.pin + x.ct * m.pout) / 1000000.0, 10),
             CASE WHEN s.status = 'ok' THEN 180 + (r.h2 / 7) % 4800 ELSE 2 + r.h2 % 30 END, s.status, s.http, r.h2 % 5 < 2,
             $2::timestamptz + (r.g - 1) * $3::double precision * interval '1 millisecond'
           FROM (SELECT g, abs(hashint8extended(g, 11)) % ${nallkeys} AS hk, abs(hashint8extended(g, 12)) % ${statusSlots.length} AS hs,
                        abs(hashint8extended(g, 13)) % ${modelSlots.length} AS hm, abs(hashint8extended(g, 14)) AS h2
                 FROM generate_series($4::bigint, $5::bigint) g) r
           JOIN scale_keys k ON k.n = r.hk
           JOIN scale_status s ON s.slot = r.hs
           JOIN scale_models m ON m.slot = r.hm
           CROSS JOIN LATERAL (SELECT CASE WHEN s.status = 'ok' THEN 40 + (r.h2 % 3000) * (1 + r.h2 % 3) / 2 ELSE 0 END AS pt,
                                      CASE WHEN s.status = 'ok' AND m.pout > 0 THEN 10 + (r.h2 / 13) % 900 ELSE 0 END AS ct) x`,
          [tenantId, start.toISOString(), ustep, from, to],
        );
        log(
          `usage records: ${to.toLocaleString("en-US")} of ${o.usage.toLocaleString("en-US")} (${((performance.now() - t1) / 1000).toFixed(0)} s)`,
        );
      }
    });
    return (performance.now() - t1) / 1000;
  };
  // Audit entries and usage records load at the same time, one session each (two cores).
  const [auditSeconds, usageSeconds] = await Promise.all([auditLoad(), usageLoad()]);
  return { auditSeconds, usageSeconds, headSeq };
}
