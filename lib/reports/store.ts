// Report files live in report_chunks as bytea parts of about 1 MiB (ADR 0006): written while
// the report streams (chunk-writer.ts, the one writer), hashed as written, read back in order here. The
// same bytes and SHA-256 come back on every download, on PGlite and PostgreSQL alike.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { withTenant } from "@/lib/tenancy/with-tenant";

/** The stored file as a stream, one chunk per read (bounded memory). */
export function readReportFile(
  tenantId: string,
  reportId: string,
  chunks: number,
  db?: Database,
): ReadableStream<Uint8Array> {
  let idx = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        if (idx >= chunks) return c.close();
        const row = await withTenant(
          tenantId,
          (tx) => tx.reportChunk.findUnique({ where: { reportId_idx: { reportId, idx } } }),
          { db },
        );
        if (!row) return c.error(new Error(`report ${reportId}: chunk ${idx} is missing`));
        idx++;
        c.enqueue(new Uint8Array(row.data));
      },
    },
    { highWaterMark: 1 },
  );
}
