// Streaming, signed exports with bounded memory: entries are read in keyset batches (one
// short tenant transaction each) up to the head captured at the start, hashed as they are
// sent, and the signature goes last. The export is audited before the first byte is sent,
// and the checkpoint taken right after covers that audit.export entry.
import "server-only";
import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/runtime";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { appendAudit, type AuditActorRef } from "./append";
import { takeCheckpoint } from "./checkpoints";
import {
  closingBeforeSignature,
  entryChunk,
  opening,
  signatureChunk,
  signDigest,
  type ExportFormat,
  type ExportHeader,
} from "./export-format";
import { exportBatch, whereOf, type AuditFilters } from "./query";
import { signingKey } from "./signing";

const BATCH = 2000;
export const PUBLIC_KEY_PATH = "/v1/audit/public-key";

export interface ExportRequest {
  tenantId: string;
  format: ExportFormat;
  filters: AuditFilters;
  actor: AuditActorRef;
  requestId?: string;
  ip?: string;
  db?: Database;
  /** Estimated size (estimateExportBytes), recorded so size rules can judge the export. */
  estimatedBytes?: number;
  /** The approval that allowed it, when a require_approval rule gated it. */
  approvalId?: string;
}

/**
 * Size estimate before anything is read: matching rows x the average JSON size of the newest
 * 500 entries (the export's own format is close to that). Used by the approval gate.
 */
export async function estimateExportBytes(
  tx: TenantTx,
  filters: AuditFilters,
): Promise<{ rows: number; avgRowBytes: number; bytes: number }> {
  const [{ n }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_entries e
    LEFT JOIN audit_subjects s ON s.tenant_id = e.tenant_id AND s.actor_ref = e.actor_ref WHERE ${whereOf(filters)}`;
  const [{ avg }] = await tx.$queryRaw<{ avg: unknown }[]>`SELECT avg(octet_length(row_to_json(x)::text)) AS avg
    FROM (SELECT * FROM audit_entries ORDER BY seq DESC LIMIT 500) x`;
  const rows = Number(n);
  const avgRowBytes = Math.round(Number(avg ?? 0));
  return { rows, avgRowBytes, bytes: rows * avgRowBytes };
}

export async function exportAudit(
  req: ExportRequest,
): Promise<{ stream: ReadableStream<Uint8Array>; filename: string; contentType: string }> {
  signingKey(); // fail closed before recording an export that cannot be signed
  await withTenant(
    req.tenantId,
    (tx) =>
      appendAudit(tx, {
        action: "audit.export",
        outcome: "success",
        actor: req.actor,
        requestId: req.requestId,
        ip: req.ip,
        details: {
          format: req.format,
          filters: req.filters,
          ...(req.estimatedBytes !== undefined ? { estimated_bytes: req.estimatedBytes } : {}),
          ...(req.approvalId ? { approval_id: req.approvalId } : {}),
        },
      }),
    { db: req.db },
  );
  const checkpoint = await takeCheckpoint(req.tenantId, { db: req.db });
  const header: ExportHeader = {
    type: "header",
    format: req.format,
    tenant_id: req.tenantId,
    generated_at: new Date().toISOString(),
    filters: req.filters,
    upto_seq: checkpoint?.seq ?? 0,
    checkpoint,
    public_key_id: signingKey().keyId,
    public_key_url: PUBLIC_KEY_PATH,
  };
  const digest = createHash("sha256");
  const enc = new TextEncoder();
  let after = 0;
  let first = true;
  let done = false;
  const emit = (c: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    if (!text) return;
    digest.update(text, "utf8");
    c.enqueue(enc.encode(text));
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        emit(c, opening(req.format, header));
      },
      async pull(c) {
        if (done) return;
        const rows = await withTenant(
          req.tenantId,
          (tx) => exportBatch(tx, req.filters, after, header.upto_seq, BATCH),
          { db: req.db },
        );
        emit(c, entryChunk(req.format, rows, first));
        if (rows.length) first = false;
        if (rows.length === BATCH) {
          after = rows[rows.length - 1].seq;
          return;
        }
        done = true;
        emit(c, closingBeforeSignature(req.format));
        const sig = signatureChunk(req.format, signDigest(digest.digest("hex")));
        c.enqueue(enc.encode(sig)); // not part of the signed bytes
        c.close();
      },
    },
    { highWaterMark: 1 },
  );
  const contentType =
    req.format === "csv"
      ? "text/csv; charset=utf-8"
      : req.format === "json"
        ? "application/json"
        : "application/x-ndjson";
  return { stream, filename: `audit-${req.tenantId}-${header.generated_at.slice(0, 10)}.${req.format}`, contentType };
}
