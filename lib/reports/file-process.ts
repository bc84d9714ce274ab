// Report files of many rows are written by a process of their own (ADR 0045). The process that
// claimed the report (a worker, the console) keeps the claim, the heartbeat, the summary and the
// completion; a child Node process reads the detail rows on the raw driver, renders the CSV or
// JSON and commits the chunks (file-rows.ts, render.ts, chunk-writer.ts: the same code and bytes
// as generating inline). The child never loads the Prisma client, whose query compiler alone
// costs a process about 90 MB, so a 10-million-row file streams within a small, fixed memory.
// PostgreSQL only: embedded PGlite belongs to one process, so its reports are generated inline.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { reportFileProcessPeakRss } from "@/lib/observability/metrics";
import { Superseded, type Committed } from "./chunk-writer";
import { readsRawRows } from "./file-rows";
import type { ReportMeta } from "./render";
import type { Snapshot } from "./sources/common";
import type { ReportParams, ReportSummary, ReportType } from "./spec";
import { spawnTsChild, tsChildRunnable, tsEntry } from "@/lib/ts-child";

/** What the child is told, over its IPC channel (never argv: the URL may carry a password). */
export interface FileJob {
  url: string;
  appRole: string;
  tenantId: string;
  reportId: string;
  token: number;
  committed: Committed;
  type: "usage" | "access" | "data" | "security";
  format: "csv" | "json";
  params: ReportParams;
  snapshot: Snapshot;
  meta: ReportMeta;
  summary: ReportSummary;
  columns: string[];
  batch: number;
}

/** What the child answers: the file it committed, or why it stopped. */
export type FileAnswer =
  | { ok: true; rows: number; file: { size: number; chunks: number; sha256: string }; peakRssBytes: number }
  | { ok: false; superseded: boolean; message: string };

const ENTRY = tsEntry("lib", "reports", "file-process-main.ts");
/** V8 limits of the child: its heap holds two row batches and a chunk, never the file. */
const CHILD_FLAGS = ["--max-old-space-size=96", "--max-semi-space-size=16"];

/**
 * The estimated row count from which a file goes to a process of its own (default 100,000;
 * WARDEN_REPORT_FILE_PROCESS_ROWS=off turns it off): starting a process costs about a second, which
 * a small file does not need.
 */
export function fileProcessRows(env: NodeJS.ProcessEnv = process.env): number | null {
  const v = (env.WARDEN_REPORT_FILE_PROCESS_ROWS ?? "").trim();
  if (v === "off") return null;
  const n = v === "" ? 100_000 : Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : 100_000;
}

/** Whether this file is written by a file process (PostgreSQL, stored rows, CSV or JSON, large enough). */
export function usesFileProcess(
  db: Database,
  type: ReportType,
  format: string,
  estimatedRows: number,
): format is "csv" | "json" {
  const from = fileProcessRows();
  if (from === null || db.pglite || db.config.kind !== "postgresql" || !db.config.url) return false;
  if (format !== "csv" && format !== "json") return false;
  if (!readsRawRows(type)) return false; // computed rows (compliance), not stored ones
  if (!tsChildRunnable(ENTRY)) return false;
  return estimatedRows >= from;
}

/**
 * Runs one file in a child process and returns what it committed. `superseded` is polled: when
 * another process has taken the report over, the child is stopped and this throws Superseded
 * (the child's own chunk commits are fenced by the run token as well).
 */
export function writeInFileProcess(job: FileJob, superseded: () => boolean): Promise<FileAnswer & { ok: true }> {
  const child = spawnTsChild(ENTRY, CHILD_FLAGS);
  return new Promise((resolve, reject) => {
    let answer: FileAnswer | null = null;
    let stopped = false;
    const poll = setInterval(() => {
      if (!superseded()) return;
      stopped = true;
      child.kill("SIGKILL");
    }, 250);
    child.on("message", (m: FileAnswer) => (answer = m));
    child.on("error", (e) => {
      clearInterval(poll);
      reject(e);
    });
    child.on("exit", (code, signal) => {
      clearInterval(poll);
      if (stopped) return reject(new Superseded(job.reportId));
      if (answer?.ok) {
        reportFileProcessPeakRss.set(answer.peakRssBytes);
        return resolve(answer);
      }
      if (answer && answer.superseded) return reject(new Superseded(job.reportId));
      reject(new Error(answer ? answer.message : `the report file process exited (${signal ?? `code ${code}`})`));
    });
    child.send(job);
  });
}
