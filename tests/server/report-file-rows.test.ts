// Report files read their detail rows on the raw driver (lib/reports/file-rows.ts); the preview and
// the sources read them through Prisma (Source.batch). Both must give the same cells for the same
// rows, or the bytes of a file would depend on the reader: compared here on the seeded demo plus a
// person whose display name is a formula and an entry with nested details, for every stored type,
// across several batches (a small batch size makes the keyset cursor carry over), and the CSV a
// report stores equals csvLines() over Source.batch's rows. On PostgreSQL a large file is written
// by a process of its own (lib/reports/file-process.ts): its files are the inline files, byte for
// byte, and a stale run token or an unreachable database stops it with the reason.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as byId from "@/app/v1/reports/[id]/route";
import * as download from "@/app/v1/reports/[id]/download/route";
import * as reports from "@/app/v1/reports/route";
import { appendAudit } from "@/lib/audit/append";
import { rawRowBatches } from "@/lib/reports/file-rows";
import { csvLines } from "@/lib/reports/render";
import { reportSettled } from "@/lib/reports/service";
import { usesFileProcess, writeInFileProcess, type FileJob } from "@/lib/reports/file-process";
import { Superseded } from "@/lib/reports/chunk-writer";
import { reportFileProcessPeakRss } from "@/lib/observability/metrics";
import { chainHead } from "@/lib/audit/chain";
import { sourceFor, type Row } from "@/lib/reports/sources";
import { resolveParams, type ReportView } from "@/lib/reports/spec";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { callAs, pointProcessDbAt, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, itOn, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let admin: Caller;
const from = new Date(Date.now() - 31 * 86_400_000).toISOString();
// An hour ahead: seeding a loaded machine can take minutes, and the entries below must be inside.
const to = new Date(Date.now() + 3_600_000).toISOString();
const EVIL_NAME = '=HYPERLINK("http://evil.test","x")';

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
  await withTenant(
    admin.tenantId,
    async (tx) => {
      await appendAudit(tx, {
        action: "auth.login_failed",
        outcome: "failure",
        actor: { kind: "user", subject: "usr_formula1", displayName: EVIL_NAME },
        target: { type: "user", id: "+SUM(A1:A9)" },
        ip: "198.51.100.7",
      });
      const who = { kind: "user", subject: admin.userId, userId: admin.userId, authMethod: "session" as const };
      await appendAudit(tx, {
        action: "consent.granted",
        outcome: "success",
        actor: who,
        details: { purpose: "prompt_logging", nested: { b: [1, 2.5, "x"], a: null }, é: "ü" },
      });
    },
    { db: t.db },
  );
}, 240_000);

afterAll(async () => {
  await t?.drop();
});

async function viaSource(type: "usage" | "access" | "data" | "security", batch: number): Promise<Row[]> {
  const params = resolveParams({
    type,
    from,
    to,
    format: "csv",
    filters: { users: [], teams: [], customers: [], event_types: [] },
  });
  const out: Row[] = [];
  let cursor: string | null = null;
  await withTenant(
    admin.tenantId,
    async (tx) => {
      const snapshot = { uptoSeq: (await chainHead(tx)).seq };
      do {
        const page: { rows: Row[]; next: string | null } = await sourceFor(type).batch(
          tx,
          params,
          snapshot,
          cursor,
          batch,
        );
        out.push(...page.rows);
        cursor = page.next;
      } while (cursor);
    },
    { db: t.db, timeout: 60_000 },
  );
  return out;
}

async function viaRaw(type: "usage" | "access" | "data" | "security", batch: number): Promise<Row[]> {
  const params = resolveParams({
    type,
    from,
    to,
    format: "csv",
    filters: { users: [], teams: [], customers: [], event_types: [] },
  });
  const snapshot = { uptoSeq: (await withTenant(admin.tenantId, (tx) => chainHead(tx), { db: t.db })).seq };
  const out: Row[] = [];
  for await (const rows of rawRowBatches(t.db, admin.tenantId, type, params, snapshot, batch)) out.push(...rows);
  return out;
}

/** A report created and generated through the API, then downloaded as the requester would. */
async function generated(
  type: "usage" | "access",
  format: "csv" | "json",
): Promise<{ view: ReportView; bytes: Buffer }> {
  const res = await callAs(
    reports.POST,
    admin,
    new Request("http://warden.test/v1/reports", {
      method: "POST",
      body: JSON.stringify({ type, from, to, format }),
      headers: { "content-type": "application/json" },
    }),
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as ReportView;
  await reportSettled(created.id);
  const view = (await (
    await callAs(byId.GET, admin, new Request(`http://warden.test/v1/reports/${created.id}`), { id: created.id })
  ).json()) as ReportView;
  expect(view.status, view.error ?? "").toBe("completed");
  const file = await callAs(download.GET, admin, new Request(`http://warden.test/v1/reports/${created.id}/download`), {
    id: created.id,
  });
  return { view, bytes: Buffer.from(await file.arrayBuffer()) };
}

describe(`report file rows (${TEST_DB_KIND})`, () => {
  it("the raw reader gives exactly Source.batch's rows, cell for cell and in order, for every stored type", async () => {
    for (const type of ["usage", "access", "data", "security"] as const) {
      const a = await viaSource(type, 37);
      const b = await viaRaw(type, 37);
      expect(a.length, type).toBeGreaterThan(0);
      expect(b, type).toEqual(a);
      // Same keys in the same order (the JSON file and the PDF's content hash stringify whole rows).
      expect(
        b.map((r) => JSON.stringify(r)),
        type,
      ).toEqual(a.map((r) => JSON.stringify(r)));
    }
    const access = await viaRaw("access", 1000);
    const evil = access.find((r) => r.actor_name === EVIL_NAME);
    expect(evil?.target_id).toBe("+SUM(A1:A9)");
    const data = await viaRaw("data", 1000);
    expect(data.some((r) => String(r.details).includes('"nested":{"a":null,"b":[1,2.5,"x"]}'))).toBe(true);
  });

  it("a stored CSV report is csvLines() over Source.batch's rows, byte for byte", async () => {
    for (const type of ["usage", "access"] as const) {
      const { view, bytes: file } = await generated(type, "csv");
      const bytes = file.toString("utf8");
      // The rows up to the chain head the report stopped at (its own report.create is before it).
      const rows = (await viaSource(type, 500)).filter(
        (r) => type === "usage" || Number(r.seq) <= view.chain_head!.seq,
      );
      const columns = sourceFor(type).columns;
      expect(bytes).toBe(csvLines(columns, [], true) + csvLines(columns, rows));
    }
  });

  const withRows = async <T>(value: string, fn: () => Promise<T>): Promise<T> => {
    const before = process.env.WARDEN_REPORT_FILE_PROCESS_ROWS;
    process.env.WARDEN_REPORT_FILE_PROCESS_ROWS = value;
    try {
      return await fn();
    } finally {
      if (before === undefined) delete process.env.WARDEN_REPORT_FILE_PROCESS_ROWS;
      else process.env.WARDEN_REPORT_FILE_PROCESS_ROWS = before;
    }
  };
  const peakRss = async () => (await reportFileProcessPeakRss.get()).values[0]?.value ?? 0;

  it("a file written by the report file process is the inline file, byte for byte (PostgreSQL; PGlite stays inline)", async () => {
    expect(usesFileProcess(t.db, "usage", "csv", 1_000_000)).toBe(TEST_DB_KIND === "postgresql");
    expect(usesFileProcess(t.db, "usage", "pdf", 1_000_000)).toBe(false);
    expect(usesFileProcess(t.db, "compliance", "csv", 1_000_000)).toBe(false);
    expect(await withRows("off", async () => usesFileProcess(t.db, "usage", "csv", 1_000_000))).toBe(false);
    expect(usesFileProcess(t.db, "usage", "csv", 99_999)).toBe(false);
    for (const type of ["usage", "access"] as const) {
      for (const format of ["csv", "json"] as const) {
        const inline = await withRows("off", () => generated(type, format));
        reportFileProcessPeakRss.set(0);
        const child = await withRows("0", () => generated(type, format));
        const label = `${type} ${format}`;
        // A process ran (PostgreSQL) and said how much memory it took; PGlite generated inline.
        if (TEST_DB_KIND === "postgresql") expect(await peakRss(), label).toBeGreaterThan(20 * 1024 * 1024);
        else expect(await peakRss(), label).toBe(0);
        expect(child.view.progress.rows_done, label).toBe(inline.view.progress.rows_done);
        expect(child.view.progress.rows_done, label).toBeGreaterThan(0);
        expect(child.view.sha256, label).toBe(createHash("sha256").update(child.bytes).digest("hex"));
        if (format === "csv") {
          expect(child.bytes.equals(inline.bytes), label).toBe(true);
        } else {
          // Only the report's own id and time differ between two reports of the same window, and the
          // chain head it stopped at (each report appends its own report.create before it starts).
          const a = JSON.parse(inline.bytes.toString("utf8"));
          const b = JSON.parse(child.bytes.toString("utf8"));
          expect(b.report.id).toBe(child.view.id);
          for (const o of [a, b]) {
            delete o.report.id;
            delete o.report.generated_at;
            delete o.report.chain_head;
          }
          expect(b, label).toEqual(a);
        }
      }
    }
  }, 180_000);

  // PostgreSQL only: on PGlite no file process is started (asserted above).
  itOn("postgresql")(
    "the file process stops on a stale run token (Superseded) and on a database it cannot reach (its error)",
    async () => {
      const { view } = await generated("usage", "csv");
      const job: FileJob = {
        url: t.db.config.url!,
        appRole: t.db.config.appRole,
        tenantId: admin.tenantId,
        reportId: view.id,
        token: 999,
        committed: { chunks: 0, bytes: 0 },
        type: "usage",
        format: "csv",
        params: resolveParams({
          type: "usage",
          from,
          to,
          format: "csv",
          filters: { users: [], teams: [], customers: [], event_types: [] },
        }),
        snapshot: { uptoSeq: 0 },
        meta: {} as FileJob["meta"],
        summary: {} as FileJob["summary"],
        columns: sourceFor("usage").columns,
        batch: 100,
      };
      await expect(writeInFileProcess(job, () => false)).rejects.toBeInstanceOf(Superseded);
      const unreachable = new URL(t.db.config.url!);
      unreachable.port = "1";
      await expect(writeInFileProcess({ ...job, url: unreachable.toString() }, () => false)).rejects.toThrow(
        /ECONNREFUSED/,
      );
    },
    60_000,
  );
});
