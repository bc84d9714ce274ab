// Writing a claimed report's file into its chunks: either in this process (PGlite, PDFs, computed
// compliance rows, small files) or, for a large CSV or JSON file of stored rows on PostgreSQL, in a
// report file process of its own (file-process.ts, ADR 0045). Both paths render with the same
// functions and commit through the same chunk writer, so the bytes do not depend on the path.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { log } from "@/lib/observability/log";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { ResumableChunkWriter, Superseded, type Committed } from "./chunk-writer";
import { usesFileProcess, writeInFileProcess } from "./file-process";
import { rawRowBatches, readsRawRows } from "./file-rows";
import { PDF_ROW_CAP, renderCsv, renderJson, renderPdf, type ReportMeta } from "./render";
import { sourceFor, type Row, type Snapshot } from "./sources";
import type { ReportFormat, ReportParams, ReportSummary, ReportType } from "./spec";

/** Rows per batch (each batch is its own short tenant transaction). */
const BATCH = 5000;

export interface FileToWrite {
  db: Database;
  tenantId: string;
  reportId: string;
  token: number;
  committed: Committed;
  type: ReportType;
  format: ReportFormat;
  params: ReportParams;
  snapshot: Snapshot;
  meta: ReportMeta;
  summary: ReportSummary;
  /** True once another process has taken the report over: the writing stops (Superseded). */
  superseded: () => boolean;
}

export interface WrittenFile {
  rows: number;
  file: { size: number; chunks: number; sha256: string };
  /** The PDF's hash over its content (its bytes differ run to run: creation date, ids). */
  contentSha256: string | null;
}

export async function writeReportFile(w: FileToWrite): Promise<WrittenFile> {
  const { db, tenantId, reportId: id, type, format, params, snapshot, meta, summary } = w;
  const source = sourceFor(type);
  if (readsRawRows(type) && usesFileProcess(db, type, format, summary.rows)) {
    // Many stored rows: a process of its own reads, renders and commits them.
    const out = await writeInFileProcess(
      {
        url: db.config.url!,
        appRole: db.config.appRole,
        tenantId,
        reportId: id,
        token: w.token,
        committed: w.committed,
        type,
        format,
        params,
        snapshot,
        meta,
        summary,
        columns: source.columns,
        batch: BATCH,
      },
      w.superseded,
    );
    log.info(
      { report: id, rows: out.rows, peak_rss_mb: Math.round(out.peakRssBytes / 1048576) },
      `[warden] report ${id}: rows streamed by a report file process`,
    );
    return { rows: out.rows, file: out.file, contentSha256: null };
  }

  let done = 0;
  const writer = new ResumableChunkWriter(tenantId, id, w.token, w.committed, () => done, db);
  // A PDF lists at most PDF_ROW_CAP rows: it reads no more than that.
  const batchSize = format === "pdf" ? Math.min(BATCH, PDF_ROW_CAP) : BATCH;
  const batches = async function* (): AsyncGenerator<Row[]> {
    if (readsRawRows(type)) {
      // Stored rows: keyset batches on the raw driver, each its own short transaction (file-rows.ts).
      for await (const rows of rawRowBatches(db, tenantId, type, params, snapshot, batchSize)) {
        if (w.superseded()) throw new Superseded(id);
        yield rows;
      }
      return;
    }
    let cursor: string | null = null;
    do {
      if (w.superseded()) throw new Superseded(id);
      const page: { rows: Row[]; next: string | null } = await withTenant(
        tenantId,
        (tx) => source.batch(tx, params, snapshot, cursor, batchSize),
        { db, timeout: 60_000 },
      );
      yield page.rows;
      cursor = page.next;
    } while (cursor);
  };
  const onRows = (k: number) => {
    done += k;
  };
  const sink = (d: Buffer | string) => writer.write(d);
  let contentSha256: string | null = null;
  if (format === "csv") await renderCsv(source.columns, batches(), sink, onRows);
  else if (format === "json") await renderJson(meta, summary, source.columns, batches(), sink, onRows);
  else contentSha256 = (await renderPdf(meta, summary, batches(), sink, onRows)).contentSha256;
  return { rows: done, file: await writer.close(), contentSha256 };
}
