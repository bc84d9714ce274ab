// Report files live in report_chunks as bytea parts of about 1 MiB (ADR 0006): written while
// the report streams (memory stays at one chunk), hashed as written, read back in order. The
// same bytes and SHA-256 come back on every download, on PGlite and PostgreSQL alike.
import "server-only";
import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/runtime";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";

export const CHUNK_BYTES = 1024 * 1024;

export class ChunkWriter {
  private parts: Buffer[] = [];
  private pending = 0;
  private idx = 0;
  private readonly hash = createHash("sha256");
  size = 0;

  constructor(
    private readonly tenantId: string,
    private readonly reportId: string,
    private readonly db?: Database,
    /** Runs in the same transaction as each chunk insert (progress updates). */
    private readonly onFlush?: (tx: TenantTx) => Promise<unknown>,
  ) {}

  async write(data: Buffer | string): Promise<void> {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (!buf.length) return;
    this.hash.update(buf);
    this.size += buf.length;
    this.parts.push(buf);
    this.pending += buf.length;
    while (this.pending >= CHUNK_BYTES) await this.flush(CHUNK_BYTES);
  }

  private async flush(bytes: number): Promise<void> {
    const all = Buffer.concat(this.parts);
    const chunk = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.parts = rest.length ? [Buffer.from(rest)] : [];
    this.pending = rest.length;
    const idx = this.idx++;
    await withTenant(this.tenantId, async (tx) => {
      await tx.reportChunk.create({ data: { tenantId: this.tenantId, reportId: this.reportId, idx, data: new Uint8Array(chunk) } });
      if (this.onFlush) await this.onFlush(tx);
    }, { db: this.db, timeout: 60_000 });
  }

  /** Writes the tail; returns the file's size, chunk count and SHA-256. */
  async close(): Promise<{ size: number; chunks: number; sha256: string }> {
    if (this.pending > 0) await this.flush(this.pending);
    return { size: this.size, chunks: this.idx, sha256: this.hash.digest("hex") };
  }
}

/** The stored file as a stream, one chunk per read (bounded memory). */
export function readReportFile(tenantId: string, reportId: string, chunks: number, db?: Database): ReadableStream<Uint8Array> {
  let idx = 0;
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      if (idx >= chunks) return c.close();
      const row = await withTenant(tenantId, (tx) => tx.reportChunk.findUnique({ where: { reportId_idx: { reportId, idx } } }), { db });
      if (!row) return c.error(new Error(`report ${reportId}: chunk ${idx} is missing`));
      idx++;
      c.enqueue(new Uint8Array(row.data));
    },
  }, { highWaterMark: 1 });
}
