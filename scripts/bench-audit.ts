// npm run bench:audit [-- --seconds 10 --writers 50 --verify-rows 1000000 --db postgresql,pglite] - audit
// trail throughput with the chain on: appends per second from concurrent writers (each append is
// its own tenant transaction, as in production: BEGIN, role + tenant, head bump, sealed insert,
// COMMIT) for 1 tenant and for 10 tenants, then chain verification in entries per second over a
// chain of --verify-rows entries (sealed in this process and loaded in bulk, checkpoints every 100):
// in this process alone, with ranges shared with a verification process (PostgreSQL, ADR 0048),
// and inside a Prisma transaction (retention's path).
// Two reference lines say what bounds the appends on this machine: synchronous commits per second
// on one connection (a tenant's appends are serial until COMMIT, so this is one tenant's ceiling)
// and empty withTenant transactions per second (the ceiling of any audited change made through
// Prisma's interactive transactions). See docs/decisions/0027-audit-append-and-verify-throughput.md
// and 0048-chain-verification-in-two-processes.md.
// Throwaway databases and throwaway keys: it needs nothing set, and touches no existing data.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_SECRETS } from "./lib/env-file";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg("seconds", "10"));
const WRITERS = Number(arg("writers", "50"));
const VERIFY_ROWS = Number(arg("verify-rows", "1000000"));
const KINDS = arg("db", "postgresql,pglite").split(",");
const PG_URL = process.env.WARDEN_BENCH_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const TARGET_APPENDS = 2000;
const TARGET_VERIFY = 100_000;

// Throwaway secrets (all of them: the tenant keys of ADR 0035 need the encryption key) before any
// Warden module reads them; checkpoints go to a throwaway sink.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "warden-bench-audit-"));
for (const [name, make] of Object.entries(DEMO_SECRETS)) process.env[name] = make();
process.env.WARDEN_AUDIT_CHECKPOINT_FILE = path.join(scratch, "checkpoints.jsonl");
// 50 writers need 50 connections to be 50 concurrent transactions.
process.env.WARDEN_DB_POOL_MAX = String(Math.max(WRITERS, 10));

const { openThrowawayDb } = await import("./lib/throwaway-db");
const { applyMigrations } = await import("@/lib/db/schema-engine");
const { appendAudit } = await import("@/lib/audit/append");
const { verifyChain, verifyChainFast } = await import("@/lib/audit/verify");
const { GENESIS_HASH, sealHash } = await import("@/lib/audit/chain");
const { signCheckpoint } = await import("@/lib/audit/checkpoints");
const { currentKeyId } = await import("@/lib/audit/keys");
const { withTenant } = await import("@/lib/tenancy/with-tenant");
const { withTenantSql } = await import("@/lib/tenancy/with-tenant-sql");
type Database = Awaited<ReturnType<typeof openThrowawayDb>>["db"];

async function open(kind: string) {
  const t = await openThrowawayDb(kind === "postgresql" ? "postgresql" : "pglite", "warden_bench_audit", PG_URL);
  await applyMigrations(t.db);
  return t;
}

async function createTenants(db: Database, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const slug = `bench-${randomBytes(4).toString("hex")}`;
    ids.push((await db.prisma.tenant.create({ data: { slug, name: `Bench ${i + 1}` } })).id);
  }
  return ids;
}

const event = (i: number) => ({
  action: "virtual_key.update",
  outcome: "success" as const,
  actor: { kind: "user", subject: "usr_benchwriter01", userId: "usr_benchwriter01", authMethod: "api_key" as const },
  target: { type: "virtual_key", id: `vk_bench${i % 100}` },
  details: { field: "budget", before: i, after: i + 1 },
  ip: "203.0.113.7",
  requestId: `req_${i}`,
});

/** Writers spread round-robin over the tenants; each append is one committed transaction. */
async function appendRun(db: Database, tenants: string[], writers: number, seconds: number) {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  let firstError: unknown;
  const latencies: number[] = [];
  const writer = async (w: number) => {
    const tenant = tenants[w % tenants.length];
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await withTenant(tenant, (tx) => appendAudit(tx, event(done)), { db });
        done++;
        latencies.push(performance.now() - t0);
      } catch (e) {
        if (errors++ === 0) firstError = e;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { perSecond: done / elapsed, errors, firstError, p50: q(0.5), p99: q(0.99) };
}

/** Seals `rows` entries for a fresh tenant in this process and loads them in bulk (with a signed checkpoint every 100). */
async function fillChain(db: Database, tenant: string, rows: number) {
  const keyId = currentKeyId();
  const ts0 = Date.now() - rows * 10;
  let prev = GENESIS_HASH;
  const BULK = 5000;
  for (let from = 1; from <= rows; from += BULK) {
    const cols: unknown[][] = Array.from({ length: 15 }, () => []);
    const cps: { seq: number; hash: string; signed_at: string; signature: string; key_id: string }[] = [];
    for (let seq = from; seq < Math.min(from + BULK, rows + 1); seq++) {
      const e = event(seq);
      const f = {
        tenant_id: tenant,
        seq,
        ts: new Date(ts0 + seq * 10).toISOString(),
        actor_ref: e.actor.userId,
        actor_kind: e.actor.kind,
        auth_method: e.actor.authMethod,
        action: e.action,
        category: "governance",
        target_type: e.target.type,
        target_id: e.target.id,
        outcome: e.outcome,
        ip_ref: "0f".repeat(16),
        request_id: e.requestId,
        details: e.details,
        key_id: keyId,
      };
      const hash = sealHash(prev, f);
      [
        seq,
        f.ts,
        f.actor_ref,
        f.actor_kind,
        f.auth_method,
        f.action,
        f.category,
        f.target_type,
        f.target_id,
        f.outcome,
        f.ip_ref,
        f.request_id,
        JSON.stringify(f.details),
        prev,
        hash,
      ].forEach((v, i) => cols[i].push(v));
      if (seq % 100 === 0) cps.push(signCheckpoint(tenant, seq, hash, "checkpoint"));
      prev = hash;
    }
    await withTenantSql(db, tenant, async (sql) => {
      await sql.query(
        `INSERT INTO audit_entries (tenant_id, seq, ts, actor_ref, actor_kind, auth_method, action, category, target_type, target_id,
           outcome, ip_ref, request_id, details, prev_hash, hash, key_id)
         SELECT $1, * , $17 FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::text[], $16::text[])`,
        [tenant, ...cols, keyId],
      );
      if (cps.length)
        await sql.query(
          `INSERT INTO audit_checkpoints (tenant_id, seq, hash, signed_at, signature, key_id, kind)
           SELECT $1, *, 'checkpoint' FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])`,
          [
            tenant,
            cps.map((c) => c.seq),
            cps.map((c) => c.hash),
            cps.map((c) => c.signed_at),
            cps.map((c) => c.signature),
            cps.map((c) => c.key_id),
          ],
        );
    });
  }
  await withTenantSql(db, tenant, (sql) =>
    sql.query(`INSERT INTO audit_heads (tenant_id, seq, hash, updated_at) VALUES ($1, $2, $3, now())`, [
      tenant,
      rows,
      prev,
    ]),
  );
}

async function verifyRun(db: Database, tenant: string, rows: number) {
  await fillChain(db, tenant, rows);
  // What autovacuum does after a bulk load: without statistics the planner would sort the rest of
  // the chain for every batch.
  await db.prisma.$executeRawUnsafe(`ANALYZE audit_entries`);
  const timed = async (run: () => Promise<{ verified: boolean; checked: number; reason: string | null }>) => {
    const t0 = performance.now();
    const r = await run();
    const seconds = (performance.now() - t0) / 1000;
    if (!r.verified) throw new Error(`verification failed: ${r.reason}`);
    return r.checked / seconds;
  };
  // One process: the raw driver in this process only. Two: ranges shared with a verification
  // process (ADR 0048), what verifyChainFast does from WARDEN_AUDIT_VERIFY_PROCESS_ROWS entries on.
  const one = await timed(() => verifyChainFast(db, tenant, { processRows: null }));
  const two = db.pglite ? null : await timed(() => verifyChainFast(db, tenant, { processRows: 0 }));
  const inTx = await timed(() => withTenant(tenant, (tx) => verifyChain(tx), { db, timeout: 600_000 }));
  return { entries: rows, one, two, inTx };
}

/** Reference: synchronous commits per second on one connection, and empty withTenant transactions per second. */
async function ceilings(db: Database, tenant: string, writers: number) {
  const seconds = 2;
  let commits = 0;
  if (!db.pglite) {
    await withTenantSql(db, tenant, (sql) => sql.query(`SELECT 1`)); // the pool exists
    const deadline = performance.now() + seconds * 1000;
    // withTenantSql commits asynchronously (ADR 0011); this loop restores the default to measure the WAL flush.
    while (performance.now() < deadline) {
      await withTenantSql(db, tenant, (sql) =>
        sql.query(
          `SET LOCAL synchronous_commit = on; INSERT INTO audit_verifications (tenant_id, verified, checked, head_seq, trigger) VALUES ('${tenant}', true, 0, 0, 'cli')`,
        ),
      );
      commits++;
    }
  }
  let empty = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        await withTenant(tenant, (tx) => tx.$queryRaw`SELECT 1`, { db });
        empty++;
      }
    }),
  );
  return { commitsPerSecond: commits / seconds, emptyTxPerSecond: empty / seconds };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const verdict = (v: number, target: number) => (v >= target ? "met" : "not met");
const table: string[][] = [
  ["database", "tenants", "writers", "appends/s", "p50 / p99 ms", "errors", "target", "verdict"],
];
const vtable: string[][] = [
  ["database", "entries", "verify/s, one process", "two processes", "in a Prisma tx", "target", "verdict"],
];
const refs: string[] = [];
// A failed append is a broken benchmark, not a slow one: it is reported and the run exits non-zero.
const failures: string[] = [];

for (const kind of KINDS) {
  const { db, drop } = await open(kind);
  try {
    // PGlite is one connection in one process: concurrent writers queue on it.
    const writers = kind === "pglite" ? Math.min(WRITERS, 8) : WRITERS;
    const one = await createTenants(db, 1);
    const ten = await createTenants(db, 10);
    await appendRun(db, one, writers, 2); // warm-up (pool, JIT, plans)
    const target = kind === "postgresql";
    for (const tenants of [one, ten]) {
      const r = await appendRun(db, tenants, writers, SECONDS);
      if (r.errors > 0)
        failures.push(
          `${kind}, ${tenants.length} tenant(s): ${r.errors} appends failed; first: ${String(r.firstError)}`,
        );
      table.push([
        kind,
        String(tenants.length),
        String(writers),
        fmt(r.perSecond),
        `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}`,
        String(r.errors),
        target ? `>= ${fmt(TARGET_APPENDS)}` : "(printed)",
        r.errors > 0 ? "FAILED" : target ? verdict(r.perSecond, TARGET_APPENDS) : "-",
      ]);
    }
    const c = await ceilings(db, one[0], writers);
    refs.push(
      `${kind}: ${kind === "pglite" ? "" : `${fmt(c.commitsPerSecond)} synchronous commits/s on one connection (one tenant's serial ceiling); `}${fmt(c.emptyTxPerSecond)} empty withTenant transactions/s with ${writers} writers`,
    );
    const rows = kind === "pglite" ? Math.min(VERIFY_ROWS, 50_000) : VERIFY_ROWS;
    const [fresh] = await createTenants(db, 1);
    const v = await verifyRun(db, fresh, rows);
    const best = Math.max(v.one, v.two ?? 0);
    vtable.push([
      kind,
      fmt(v.entries),
      fmt(v.one),
      v.two === null ? "-" : `${fmt(v.two)} (x${(v.two / v.one).toFixed(2)})`,
      fmt(v.inTx),
      target ? `>= ${fmt(TARGET_VERIFY)}` : "(printed)",
      target ? verdict(best, TARGET_VERIFY) : "-",
    ]);
  } finally {
    await drop();
  }
}
fs.rmSync(scratch, { recursive: true, force: true });
const render = (t: string[][]) => {
  const w = t[0].map((_, i) => Math.max(...t.map((r) => r[i].length)));
  return t.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  "));
};
console.log(
  [
    "",
    `bench:audit (chain on; each append its own tenant transaction; ${SECONDS} s per run)`,
    "",
    ...render(table),
    "",
    ...render(vtable),
    "",
    "reference:",
    ...refs.map((r) => "  " + r),
    ...(failures.length ? ["", "FAILED:", ...failures.map((f) => "  " + f)] : []),
  ].join("\n"),
);
process.exit(failures.length ? 1 : 0);
