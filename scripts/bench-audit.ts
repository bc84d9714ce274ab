// npm run bench:audit [-- --seconds 10 --writers 50 --verify-rows 200000 --db postgresql,pglite] - audit
// trail throughput with the chain on: appends per second from concurrent writers (each append is
// its own tenant transaction, as in production: BEGIN, role, tenant, head bump, sealed insert,
// COMMIT) for 1 tenant and for 10 tenants, then chain verification in entries per second.
// Throwaway databases and throwaway keys: it needs nothing set, and touches no existing data.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg("seconds", "10"));
const WRITERS = Number(arg("writers", "50"));
const VERIFY_ROWS = Number(arg("verify-rows", "200000"));
const KINDS = arg("db", "postgresql,pglite").split(",");
const PG_URL = process.env.WARDEN_BENCH_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const TARGET_APPENDS = 2000;
const TARGET_VERIFY = 100_000;

// Throwaway keys before any Warden module reads them; checkpoints go to a throwaway sink.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "warden-bench-audit-"));
process.env.WARDEN_AUDIT_KEY = randomBytes(32).toString("base64");
process.env.WARDEN_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519")
  .privateKey.export({ format: "der", type: "pkcs8" })
  .toString("base64");
process.env.WARDEN_AUDIT_CHECKPOINT_FILE = path.join(scratch, "checkpoints.jsonl");
// 50 writers need 50 connections to be 50 concurrent transactions.
process.env.WARDEN_DB_POOL_MAX = String(Math.max(WRITERS, 10));

const { openThrowawayDb } = await import("./lib/throwaway-db");
const { applyMigrations } = await import("@/lib/db/schema-engine");
const { appendAudit } = await import("@/lib/audit/append");
const { verifyChain } = await import("@/lib/audit/verify");
const { withTenant } = await import("@/lib/tenancy/with-tenant");
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
  const latencies: number[] = [];
  const writer = async (w: number) => {
    const tenant = tenants[w % tenants.length];
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await withTenant(tenant, (tx) => appendAudit(tx, event(done)), { db });
        done++;
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { perSecond: done / elapsed, errors, p50: q(0.5), p99: q(0.99) };
}

/** Fills one tenant with `rows` chained entries as fast as the append path allows, then verifies. */
async function verifyRun(db: Database, tenant: string, rows: number, writers: number) {
  const have = async () =>
    withTenant(tenant, async (tx) => Number((await tx.auditHead.findFirst())?.seq ?? 0), { db });
  while ((await have()) < rows) await appendRun(db, [tenant], writers, 5);
  const n = await have();
  const t0 = performance.now();
  const result = await withTenant(tenant, (tx) => verifyChain(tx, tenant), { db, timeout: 600_000 });
  const seconds = (performance.now() - t0) / 1000;
  if (!result.verified) throw new Error(`verification failed: ${result.reason}`);
  return { entries: n, perSecond: result.checked / seconds };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const verdict = (v: number, target: number) => (v >= target ? "met" : "NOT met");
const lines: string[] = [];
const row = (...cells: string[]) => lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(14))).join(" "));

for (const kind of KINDS) {
  const { db, drop } = await open(kind);
  try {
    // PGlite is one connection in one process: concurrent writers queue on it.
    const writers = kind === "pglite" ? Math.min(WRITERS, 8) : WRITERS;
    const one = await createTenants(db, 1);
    const ten = await createTenants(db, 10);
    await appendRun(db, one, writers, 2); // warm-up (pool, JIT, plans)
    const r1 = await appendRun(db, one, writers, SECONDS);
    const r10 = await appendRun(db, ten, writers, SECONDS);
    const rows = kind === "pglite" ? Math.min(VERIFY_ROWS, 50_000) : VERIFY_ROWS;
    const v = await verifyRun(db, one[0], rows, writers);
    const target = kind === "postgresql";
    row(`${kind}: appends/s, 1 tenant, ${writers} writers`, fmt(r1.perSecond), target ? `>= ${fmt(TARGET_APPENDS)}` : "-",
      target ? verdict(r1.perSecond, TARGET_APPENDS) : "(printed)");
    row(`  p50 / p99 append ms`, `${r1.p50.toFixed(1)} / ${r1.p99.toFixed(1)}`, "", `errors ${r1.errors}`);
    row(`${kind}: appends/s, 10 tenants, ${writers} writers`, fmt(r10.perSecond), target ? `>= ${fmt(TARGET_APPENDS)}` : "-",
      target ? verdict(r10.perSecond, TARGET_APPENDS) : "(printed)");
    row(`  p50 / p99 append ms`, `${r10.p50.toFixed(1)} / ${r10.p99.toFixed(1)}`, "", `errors ${r10.errors}`);
    row(`${kind}: verification entries/s (${fmt(v.entries)} entries)`, fmt(v.perSecond), target ? `>= ${fmt(TARGET_VERIFY)}` : "-",
      target ? verdict(v.perSecond, TARGET_VERIFY) : "(printed)");
  } finally {
    await drop();
  }
}
fs.rmSync(scratch, { recursive: true, force: true });
console.log(["", "bench:audit (chain on; each append its own transaction)", "".padEnd(44) + "         value         target        verdict", ...lines].join("\n"));
process.exit(0);
