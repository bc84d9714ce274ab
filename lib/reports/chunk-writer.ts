// The one writer of a report file's chunks (ADR 0029: resumable report files). It needs only the
// raw driver, so the report file process (file-process.ts, ADR 0045) loads it without the Prisma
// client; the claim and the heartbeat between chunks stay with the coordinating process (resume.ts).
import "server-only";
import { createHash } from "node:crypto";
import { withTenantSql, type SqlDatabase } from "@/lib/tenancy/with-tenant-sql";

/** Report files are stored as bytea chunks of this size (the last one shorter; ADR 0006). */
export const CHUNK_BYTES = 1024 * 1024;

/** The report was claimed by another process (its heartbeat went stale): this run stops. */
export class Superseded extends Error {
  constructor(id: string) {
    super(`report ${id}: another process took over its generation`);
    this.name = "Superseded";
  }
}

export interface Committed {
  chunks: number;
  bytes: number;
}

/**
 * The one writer of a report file's chunks. A chunk is committed on the raw driver (one short
 * tenant transaction: the fencing heartbeat renewal and the insert) while the next one is being
 * rendered: at most one chunk is in flight, so memory stays at about two chunks and rendering
 * does not wait for the database between chunks. A failed or fenced commit surfaces at the next
 * chunk boundary or at close(), and the report stops there.
 */
export class ResumableChunkWriter {
  private parts: Buffer[] = [];
  private pending = 0;
  private idx: number;
  private readonly hash = createHash("sha256");
  /** Bytes of the stored prefix still to be matched by the re-rendered output. */
  private skip: number;
  private stored: Buffer | null = null;
  private storedIdx = 0;
  private storedPos = 0;
  /** The commit of the previous chunk, still running while the next one is rendered. */
  private inflight: Promise<void> | null = null;
  size = 0;

  constructor(
    private readonly tenantId: string,
    private readonly reportId: string,
    private readonly token: number,
    committed: Committed,
    private readonly progress: () => number,
    private readonly db: SqlDatabase,
  ) {
    this.idx = committed.chunks;
    this.skip = committed.bytes;
  }

  /** True while the output is still inside the already committed prefix. */
  get resuming(): boolean {
    return this.skip > 0;
  }

  async write(data: Buffer | string): Promise<void> {
    let buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (!buf.length) return;
    this.hash.update(buf);
    this.size += buf.length;
    while (this.skip > 0 && buf.length) {
      if (!this.stored || this.storedPos >= this.stored.length) {
        const i = this.storedIdx++;
        const [row] = await withTenantSql(this.db, this.tenantId, (sql) =>
          sql.query<{ data: Uint8Array }>("SELECT data FROM report_chunks WHERE report_id = $1 AND idx = $2", [
            this.reportId,
            i,
          ]),
        );
        if (!row) throw new Error(`report ${this.reportId}: chunk ${i} is missing`);
        this.stored = Buffer.from(row.data);
        this.storedPos = 0;
      }
      const n = Math.min(buf.length, this.stored.length - this.storedPos, this.skip);
      if (!buf.subarray(0, n).equals(this.stored.subarray(this.storedPos, this.storedPos + n))) {
        throw new Error(
          `report ${this.reportId}: the resumed output differs from the stored chunks; create the report again`,
        );
      }
      this.storedPos += n;
      this.skip -= n;
      buf = buf.subarray(n);
    }
    if (!buf.length) return;
    this.parts.push(buf);
    this.pending += buf.length;
    while (this.pending >= CHUNK_BYTES) await this.flush(CHUNK_BYTES);
  }

  private async flush(bytes: number): Promise<void> {
    await this.settle();
    const all = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    // Its own copy: the caller's buffers are not ours to keep while the commit runs.
    const chunk = Buffer.from(all.subarray(0, bytes));
    const rest = all.subarray(bytes);
    this.parts = rest.length ? [Buffer.from(rest)] : [];
    this.pending = rest.length;
    const commit = this.commit(this.idx++, chunk, this.progress());
    commit.catch(() => {}); // observed by the next settle()
    this.inflight = commit;
  }

  /** Waits for the chunk in flight; its failure (or Superseded) is this call's. */
  private async settle(): Promise<void> {
    const p = this.inflight;
    this.inflight = null;
    if (p) await p;
  }

  private async commit(idx: number, chunk: Buffer, rowsDone: number): Promise<void> {
    await withTenantSql(this.db, this.tenantId, async (sql) => {
      // Fencing: only the current holder writes; the same transaction renews its heartbeat.
      const held = await sql.query(
        "UPDATE reports SET heartbeat_at = now(), rows_done = $3 WHERE id = $1 AND run_token = $2 AND status = 'running' RETURNING id",
        [this.reportId, this.token, rowsDone],
      );
      if (!held.length) throw new Superseded(this.reportId);
      await sql.query("INSERT INTO report_chunks (tenant_id, report_id, idx, data) VALUES ($1, $2, $3, $4)", [
        this.tenantId,
        this.reportId,
        idx,
        chunk,
      ]);
    });
  }

  /** Writes the tail and waits for every commit; returns the file's size, chunk count and SHA-256. */
  async close(): Promise<{ size: number; chunks: number; sha256: string }> {
    if (this.skip > 0) throw new Error(`report ${this.reportId}: the resumed output is shorter than the stored chunks`);
    if (this.pending > 0) await this.flush(this.pending);
    await this.settle();
    return { size: this.size, chunks: this.idx, sha256: this.hash.digest("hex") };
  }
}
