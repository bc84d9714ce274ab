// npm run bench:reports [-- --csv-rows 1000000 --stream-rows 10000000 --events 10000000 --format csv|json --timeout 900 --no-baseline]
// Report files at scale on a throwaway PostgreSQL database (WARDEN_BENCH_PG_URL, default the local
// server as its superuser; throwaway secrets: it needs nothing set). One demo tenant is seeded as
// the runtime role, then --stream-rows usage records and --events audit entries over 30 days are
// generated in SQL (scripts/lib/scale-data.ts, shared with bench:scale). Each report is generated
// in its own child process (the production generate path), which reports its wall time and its
// peak RSS (process.resourceUsage().maxRSS); a file of 100,000 rows or more is streamed by the
// report file process it starts (lib/reports/file-process.ts), whose peak RSS is reported too.
// The database's memory is not counted. Prints: a --csv-rows usage CSV vs 15 s; the peak RSS of
// the process that streamed the --stream-rows usage file (CSV, or JSON with --format json) vs
// 256 MB, and (unless --no-baseline) the same file generated inline as the baseline; the PDF of the
// 30-day window (usage records, and the access report over the audit events) vs 10 s; each met /
// not met.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { DEMO_SECRETS } from "./lib/env-file";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const num = (s: string) => Number(s.replace(/_/g, "").replace(/k$/i, "000").replace(/m$/i, "000000"));
const PG_URL = process.env.WARDEN_BENCH_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const MB = 1024 * 1024;

// Throwaway secrets before any Warden module reads them (report.create / report.generate are
// audited); the children inherit them.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "warden-bench-reports-"));
for (const [name, make] of Object.entries(DEMO_SECRETS)) process.env[name] ||= make();
process.env.WARDEN_AUDIT_CHECKPOINT_FILE ||= path.join(scratch, "checkpoints.jsonl");

interface ChildJob {
  url: string;
  tenantId: string;
  userId: string;
  /** A second admin: approves a report a require_approval rule holds (the demo's "> 1GB" rule). */
  approverId: string;
  type: "usage" | "access";
  format: "csv" | "json" | "pdf";
  from: string;
  to: string;
  /** Generate inline even when the file is large (the baseline: no report file process). */
  inline?: boolean;
}
interface ChildResult {
  seconds: number;
  maxRssMb: number;
  /** RSS after the process opened the database and ran its first query, before the report. */
  baseRssMb: number;
  rows: number;
  sizeMb: number;
  status: string;
  error: string | null;
  /** Held by a require_approval rule and approved by the second admin; timed from the start. */
  approved: boolean;
  /** Peak RSS of the report file process that streamed the rows, when one did (else null). */
  fileRssMb: number | null;
}

/** In the child: one report through the production generate path, timed, with this process's peak RSS. */
async function child(job: ChildJob): Promise<void> {
  if (job.inline) process.env.WARDEN_REPORT_FILE_PROCESS_ROWS = "off";
  const { readDbConfig } = await import("@/lib/db/config");
  const { openDatabase } = await import("@/lib/db/runtime");
  const { createReport, reportSettled, startApprovedReport } = await import("@/lib/reports/service");
  const { decideApproval } = await import("@/lib/monitoring/approvals");
  const { withTenant } = await import("@/lib/tenancy/with-tenant");
  const db = await openDatabase(readDbConfig({ DATABASE_URL: job.url }));
  const who = {
    tenantId: job.tenantId,
    db,
    generate: "inline" as const,
    permissions: new Set(["audit.read"]) as never,
    actor: { kind: "user", subject: job.userId, userId: job.userId, displayName: "Bench Admin" },
  };
  await db.prisma.$queryRawUnsafe("SELECT 1");
  const baseRssMb = process.memoryUsage().rss / MB;
  let t0 = performance.now();
  const created = await createReport(who, {
    type: job.type,
    from: job.from,
    to: job.to,
    format: job.format,
    filters: { users: [], teams: [], customers: [], event_types: [] },
  });
  // Four eyes, as in the console: another admin approves, the requester starts it.
  const approved = created.status === "pending_approval" && !!created.approval;
  if (approved) {
    const approver = { kind: "user", subject: job.approverId, userId: job.approverId };
    const decided = await withTenant(
      job.tenantId,
      (tx) => decideApproval(tx, approver, created.approval!.id, "approve", "bench:reports"),
      { db },
    );
    if (!decided.ok) throw decided.error;
    t0 = performance.now();
    await startApprovedReport(who, created.id);
  }
  await reportSettled(created.id);
  const seconds = (performance.now() - t0) / 1000;
  const r = await withTenant(job.tenantId, (tx) => tx.report.findUniqueOrThrow({ where: { id: created.id } }), { db });
  const { reportFileProcessPeakRss } = await import("@/lib/observability/metrics");
  const fileRss = (await reportFileProcessPeakRss.get()).values[0]?.value ?? 0;
  await db.close();
  const out: ChildResult = {
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb,
    rows: r.rowsDone,
    sizeMb: Number(r.sizeBytes ?? 0) / MB,
    status: r.status,
    error: r.error,
    approved,
    fileRssMb: fileRss > 0 ? fileRss / MB : null,
  };
  process.stdout.write(`\nRESULT ${JSON.stringify(out)}\n`);
}

function runChild(job: ChildJob, timeoutS: number): Promise<ChildResult> {
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const p = spawn(
    tsx,
    ["--conditions", "react-server", fileURLToPath(import.meta.url), "--child", JSON.stringify(job)],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: process.env },
  );
  let out = "";
  p.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const t0 = performance.now();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    p.kill("SIGKILL");
  }, timeoutS * 1000);
  return new Promise((resolve) => {
    p.on("exit", (code, signal) => {
      clearTimeout(timer);
      const m = /RESULT (.*)/.exec(out);
      // No result: either the timeout killed it, or the process ended on its own (out of memory,
      // an uncaught error: its stderr is above), which is not a timeout.
      resolve(
        m
          ? (JSON.parse(m[1]) as ChildResult)
          : {
              seconds: (performance.now() - t0) / 1000,
              maxRssMb: NaN,
              baseRssMb: NaN,
              rows: 0,
              sizeMb: 0,
              status: timedOut ? "killed" : "crashed",
              error: timedOut
                ? `no result within ${timeoutS} s`
                : `the generator exited (${signal ?? `code ${code}`}) without a result`,
              approved: false,
              fileRssMb: null,
            },
      );
    });
  });
}

async function main() {
  const CSV_ROWS = num(arg("csv-rows", "1000000"));
  const STREAM_ROWS = num(arg("stream-rows", "10000000"));
  const EVENTS = num(arg("events", "10000000"));
  const FORMAT = arg("format", "csv") === "json" ? "json" : "csv";
  const TIMEOUT = Number(arg("timeout", "900"));
  const BASELINE = !process.argv.includes("--no-baseline");
  const { readDbConfig } = await import("@/lib/db/config");
  const { openDatabase } = await import("@/lib/db/runtime");
  const { seedDemo } = await import("@/lib/seed/seed-demo");
  const { DEMO_TENANTS } = await import("@/lib/seed/demo-data");
  const { generateScaleData } = await import("./lib/scale-data");
  const { migratedPgDb } = await import("./lib/throwaway-db");

  const { ownerUrl, runtimeUrl, drop } = await migratedPgDb(
    PG_URL,
    `warden_bench_reports_${randomBytes(4).toString("hex")}`,
  );
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => void drop().then(() => process.exit(130)));
  try {
    const db = await openDatabase(readDbConfig({ DATABASE_URL: runtimeUrl }));
    const acme = DEMO_TENANTS[0];
    console.log(
      `[bench:reports] seeding the demo tenant, then ${STREAM_ROWS.toLocaleString("en-US")} usage records and ${EVENTS.toLocaleString("en-US")} audit entries over 30 days (SQL) ...`,
    );
    await seedDemo(db, [acme]);
    await db.close();
    const o = new pg.Client({ connectionString: ownerUrl });
    await o.connect();
    const tenantId = (await o.query("SELECT id FROM tenants WHERE slug = $1", [acme.slug])).rows[0].id as string;
    const [userId, approverId] = (
      await o.query("SELECT id FROM users WHERE tenant_id = $1 AND role = 'admin' ORDER BY email LIMIT 2", [tenantId])
    ).rows.map((r: { id: string }) => r.id);
    const g0 = performance.now();
    await generateScaleData(ownerUrl, tenantId, {
      audit: EVENTS,
      usage: STREAM_ROWS,
      days: 30,
      log: (s) => console.log(`[bench:reports] ${s}`),
    });
    await o.query("ANALYZE");
    console.log(`[bench:reports] data ready in ${((performance.now() - g0) / 1000).toFixed(0)} s`);
    const edge = async (offset: number) =>
      (
        await o.query(
          "SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS ts FROM usage_records WHERE tenant_id = $1 ORDER BY ts OFFSET $2 LIMIT 1",
          [tenantId, offset],
        )
      ).rows[0]?.ts as string | undefined;
    const first = (await edge(0))!;
    const afterCsv = (await edge(CSV_ROWS)) ?? new Date(Date.now() + 60_000).toISOString();
    await o.end();
    const windowFrom = new Date(Date.now() - 31 * 86_400_000).toISOString();
    const windowTo = new Date(Date.now() + 60_000).toISOString();
    const base = { url: runtimeUrl, tenantId, userId, approverId };
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    const lines: string[] = [];
    const report = (label: string, r: ChildResult, value: string, target: string, ok: boolean | null) => {
      lines.push(
        `${label.padEnd(46)} ${value.padStart(12)} ${target.padStart(10)}  ${(ok === null ? "-" : verdict(ok && r.status === "completed")).padEnd(7)}  ${r.rows.toLocaleString("en-US")} rows, ${r.sizeMb.toFixed(1)} MB, ${r.seconds.toFixed(1)} s, ${r.fileRssMb !== null ? `file process peak RSS ${r.fileRssMb.toFixed(0)} MB, ` : "inline, "}coordinating process peak RSS ${r.maxRssMb.toFixed(0)} MB (${r.baseRssMb.toFixed(0)} MB before the report)${r.approved ? ", approved by a second admin first" : ""}${r.status !== "completed" ? `, ${r.status}: ${r.error}` : ""}`,
      );
      console.log(`[bench:reports] ${lines[lines.length - 1]}`);
    };

    const csv = await runChild({ ...base, type: "usage", format: "csv", from: first, to: afterCsv }, TIMEOUT);
    report(
      `usage CSV, ${CSV_ROWS.toLocaleString("en-US")} rows: time`,
      csv,
      `${csv.seconds.toFixed(1)} s`,
      "<= 15 s",
      csv.seconds <= 15,
    );
    // The process that streams the rows: the report file process when one ran (files of 100,000
    // rows or more on PostgreSQL), else the generating process itself.
    const streamingRss = (r: ChildResult) => r.fileRssMb ?? r.maxRssMb;
    const stream = await runChild({ ...base, type: "usage", format: FORMAT, from: windowFrom, to: windowTo }, TIMEOUT);
    report(
      `usage ${FORMAT.toUpperCase()}, ${STREAM_ROWS.toLocaleString("en-US")} rows: peak RSS`,
      stream,
      `${streamingRss(stream).toFixed(0)} MB`,
      "<= 256 MB",
      streamingRss(stream) <= 256,
    );
    if (BASELINE) {
      const inline = await runChild(
        { ...base, type: "usage", format: FORMAT, from: windowFrom, to: windowTo, inline: true },
        TIMEOUT,
      );
      report(
        `  baseline: the same file generated inline`,
        inline,
        `${streamingRss(inline).toFixed(0)} MB`,
        "(before)",
        null,
      );
      lines.push(
        `  ratio: file process / inline peak RSS = ${(streamingRss(stream) / streamingRss(inline)).toFixed(2)}, time = ${(stream.seconds / inline.seconds).toFixed(2)}`,
      );
    }
    const pdf = await runChild({ ...base, type: "usage", format: "pdf", from: windowFrom, to: windowTo }, TIMEOUT);
    report(
      `usage PDF, 30 days (${STREAM_ROWS.toLocaleString("en-US")} records): time`,
      pdf,
      `${pdf.seconds.toFixed(1)} s`,
      "<= 10 s",
      pdf.seconds <= 10,
    );
    const apdf = await runChild({ ...base, type: "access", format: "pdf", from: windowFrom, to: windowTo }, TIMEOUT);
    report(
      `access PDF, 30 days (${EVENTS.toLocaleString("en-US")} events): time`,
      apdf,
      `${apdf.seconds.toFixed(1)} s`,
      "<= 10 s",
      apdf.seconds <= 10,
    );
    console.log(
      [
        "",
        "bench:reports (PostgreSQL; each report generated in its own process through the production generate path. RSS is the peak of the process that streamed the rows: the report file process for a file of 100,000 rows or more, else the generating process; the generating process's own peak is listed too)",
        `${"".padEnd(46)} ${"value".padStart(12)} ${"target".padStart(10)}  verdict`,
        ...lines,
      ].join("\n"),
    );
  } finally {
    await drop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const ci = process.argv.indexOf("--child");
(ci > 0 ? child(JSON.parse(process.argv[ci + 1]) as ChildJob) : main()).then(
  () => process.exit(0),
  (e) => {
    console.error(`bench:reports: ${(e as Error).message}`);
    process.exit(1);
  },
);
