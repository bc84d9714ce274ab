// npm run bench:reports [-- --rows 1000000 --pdf-rows 10000 --db pglite|postgresql --analyze 0|1] - time and
// peak RSS of report generation on a throwaway database: a usage report of --rows usage records
// as CSV (streamed from keyset batches into stored 1 MiB chunks), and a usage report of
// --pdf-rows rows as PDF. RSS is sampled every 20 ms in this process, which runs both the
// generator and (with PGlite) the database itself. The CSV is read back to count its lines.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { applyMigrations } from "@/lib/db/schema-engine";
import { createReport, reportSettled } from "@/lib/reports/service";
import type { ReportRequest } from "@/lib/reports/spec";
import type { Permission } from "@/lib/rbac/permissions";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { openThrowawayDb } from "./lib/throwaway-db";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ROWS = Number(arg("rows", "1000000"));
const PDF_ROWS = Number(arg("pdf-rows", "10000"));
const KIND = arg("db", "pglite");
const ANALYZE = arg("analyze", "1") !== "0";
const PG_URL = process.env.WARDEN_BENCH_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const MB = 1024 * 1024;
// A throwaway database gets throwaway audit keys (report.create / report.generate are audited).
process.env.WARDEN_AUDIT_KEY ||= randomBytes(32).toString("base64");
process.env.WARDEN_AUDIT_SIGNING_KEY ||= generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");

const open = () => openThrowawayDb(KIND === "postgresql" ? "postgresql" : "pglite", "warden_bench_reports", PG_URL);

async function measure(label: string, fn: () => Promise<void>) {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { label, seconds: ms / 1000, baseMb: base / MB, peakMb: peak / MB };
}

async function main() {
  const { db, drop } = await open();
  try {
    await applyMigrations(db);
    const tenant = await db.prisma.tenant.create({ data: { slug: `bench-${randomBytes(3).toString("hex")}`, name: "Bench Corp" } });
    const user = await withTenant(tenant.id, (tx) => tx.user.create({ data: { tenantId: tenant.id, email: "bench@bench.test", name: "Bench Admin", role: "admin" } }), { db });
    const start = Date.UTC(2026, 0, 1);
    console.log(`seeding ${ROWS.toLocaleString("en-US")} usage records (${KIND})...`);
    const t0 = performance.now();
    for (let from = 0; from < ROWS; from += 100_000) {
      const to = Math.min(ROWS, from + 100_000) - 1;
      await withTenant(tenant.id, (tx) => tx.$executeRaw`
        INSERT INTO usage_records (id, tenant_id, request_id, provider, model, prompt_tokens, completion_tokens, cost_usd, latency_ms, status, http_status, ts)
        SELECT 'usg_b' || g, ${tenant.id}, 'req_' || g, 'openai', (ARRAY['gpt-4o', 'gpt-4o-mini', 'o3-mini'])[1 + g % 3], 100 + g % 900, 20 + g % 300,
          (g % 1000) / 100000.0, 50 + g % 700, CASE WHEN g % 97 = 0 THEN 'rate_limited' ELSE 'ok' END, CASE WHEN g % 97 = 0 THEN 429 ELSE 200 END,
          to_timestamp(${start / 1000}::double precision + g)
        FROM generate_series(${from}::int, ${to}::int) g`, { db, timeout: 600_000 });
    }
    // Fresh planner statistics, as autovacuum would have them after a bulk load.
    if (ANALYZE) await db.prisma.$executeRawUnsafe("ANALYZE usage_records");
    console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Usage reports need nothing beyond reports.create (audit-based types would need audit.read).
    const who = { tenantId: tenant.id, db, permissions: new Set<Permission>(), actor: { kind: "user", subject: user.id, userId: user.id, displayName: user.name } };
    const empty = { users: [], teams: [], customers: [], event_types: [] };
    const iso = (s: number) => new Date(start + s * 1000).toISOString();
    const results = [];
    let csvId = "";
    results.push(await measure(`CSV, ${ROWS.toLocaleString("en-US")} rows`, async () => {
      const r: ReportRequest = { type: "usage", from: iso(0), to: iso(ROWS), format: "csv", filters: empty };
      csvId = (await createReport(who, r)).id;
      await reportSettled(csvId);
    }));
    let pdfId = "";
    results.push(await measure(`PDF, ${PDF_ROWS.toLocaleString("en-US")} rows`, async () => {
      const r: ReportRequest = { type: "usage", from: iso(0), to: iso(PDF_ROWS), format: "pdf", filters: empty };
      pdfId = (await createReport(who, r)).id;
      await reportSettled(pdfId);
    }));
    const rows = await withTenant(tenant.id, (tx) => tx.report.findMany({ where: { id: { in: [csvId, pdfId] } } }), { db });
    for (const r of rows) if (r.status !== "completed") throw new Error(`report ${r.format} ended ${r.status}: ${r.error}`);
    // Read the CSV back chunk by chunk and count its records.
    const csv = rows.find((r) => r.id === csvId)!;
    let lines = 0;
    for (let idx = 0; idx < csv.chunks; idx++) {
      const part = await withTenant(tenant.id, (tx) => tx.reportChunk.findUniqueOrThrow({ where: { reportId_idx: { reportId: csvId, idx } } }), { db });
      for (const b of part.data) if (b === 10) lines++;
    }
    console.log("");
    console.log(`database: ${KIND}; RSS of this process (generator${KIND === "pglite" ? " and embedded database" : ""})`);
    console.log("report                 seconds   RSS before   peak RSS   file");
    for (const [i, r] of results.entries()) {
      const row = rows.find((x) => x.id === (i === 0 ? csvId : pdfId))!;
      console.log(`${r.label.padEnd(22)} ${r.seconds.toFixed(1).padStart(7)}   ${r.baseMb.toFixed(0).padStart(7)} MB ${r.peakMb.toFixed(0).padStart(7)} MB   ${(Number(row.sizeBytes) / MB).toFixed(1)} MB in ${row.chunks} chunks, sha256 ${row.sha256!.slice(0, 16)}...`);
    }
    console.log(`CSV read back: ${lines.toLocaleString("en-US")} lines (header + ${(lines - 1).toLocaleString("en-US")} rows)`);
    if (lines - 1 !== ROWS) throw new Error(`expected ${ROWS} rows in the CSV`);
  } finally {
    await drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
