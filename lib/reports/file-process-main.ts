// The report file process (file-process.ts, ADR 0045): receives one FileJob over IPC, streams the
// rows into the file's chunks, answers with the file or the reason it stopped, and exits. It loads
// the raw driver, the renderers and the chunk writer only, never the Prisma client; it also exits
// when its parent goes away (the IPC channel closes), so an abandoned file is not written on.
import "server-only";
import type { DbConfig } from "@/lib/db/config";
import { ResumableChunkWriter, Superseded } from "./chunk-writer";
import type { FileAnswer, FileJob } from "./file-process";
import { rawRowBatches } from "./file-rows";
import { renderCsv, renderJson } from "./render";

async function write(job: FileJob): Promise<FileAnswer> {
  const config: DbConfig = { kind: "postgresql", url: job.url, dataDir: "", appRole: job.appRole };
  const db = { config, close: async () => {} };
  let rows = 0;
  try {
    const writer = new ResumableChunkWriter(job.tenantId, job.reportId, job.token, job.committed, () => rows, db);
    const batches = rawRowBatches(db, job.tenantId, job.type, job.params, job.snapshot, job.batch);
    const sink = (d: Buffer | string) => writer.write(d);
    const onRows = (k: number) => (rows += k);
    if (job.format === "csv") await renderCsv(job.columns, batches, sink, onRows);
    else await renderJson(job.meta, job.summary, job.columns, batches, sink, onRows);
    const file = await writer.close();
    return { ok: true, rows, file, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
  } catch (e) {
    return { ok: false, superseded: e instanceof Superseded, message: e instanceof Error ? e.message : String(e) };
  } finally {
    await db.close(); // ends the raw driver's pool (withTenantSql's poolFor wraps close)
  }
}

process.once("disconnect", () => process.exit(1));
process.once("message", (job: FileJob) => {
  void write(job).then((answer) => process.send!(answer, () => process.exit(answer.ok ? 0 : 1)));
});
