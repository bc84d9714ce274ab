// The signed tenant export bundle (ADR 0040): every row of one suspended tenant, one JSON Lines
// file per table that has a tenant_id column (found in the catalog exactly as the purge finds
// them, ADR 0035) plus the tenant's own row, read in ONE REPEATABLE READ tenant transaction (so
// the files and the chain head in the manifest are one snapshot) through a cursor in bounded
// batches, and streamed as a ZIP (stored, data descriptors: no size is needed before a file's
// bytes). Values are exported as stored: sealed secrets stay sealed (v1 / v2 envelopes), hashes
// stay hashes; nothing is opened. The last entry, manifest.json, is the RFC 8785 JSON of
// { manifest, signature }: per-file row counts, byte counts and SHA-256, signed with the audit
// signing key like the erasure certificate (documentSignedBytes in ./erasure.ts). The export is
// audited (tenant.export) in the tenant's chain and in the platform log before the first byte.
import "server-only";
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { signingKey } from "@/lib/audit/signing";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { log } from "@/lib/observability/log";
import { tenantById, tenantSuspended } from "@/lib/tenancy/system";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { operatorOf, signDocument } from "./erasure";
import { operatorById, platformLog } from "./operators";

export const EXPORT_FORMAT = "warden-tenant-export-v1";
/** The signed bytes are this context plus the SHA-256 (hex) of the manifest's RFC 8785 JSON. */
export const EXPORT_CONTEXT = "warden-tenant-export-v1\n";
/** Rows per FETCH: the most the export holds in memory at once (per table file). */
export const EXPORT_BATCH = 500;

export const exportQuery = z.object({
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason (at least 3 characters)")
    .max(500)
    .describe("Why the tenant's data is exported (platform log)"),
});

/** The longest an export's snapshot transaction may stay open (default 30 minutes). */
export function exportTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WARDEN_TENANT_EXPORT_TIMEOUT_S);
  return Number.isInteger(n) && n >= 10 && n <= 86_400 ? n * 1000 : 30 * 60_000;
}

export interface ExportFileEntry {
  path: string;
  table: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  tenant: { id: string; slug: string };
  exported_at: string;
  requested_by: { operator_id: string; email: string | null };
  reason: string;
  snapshot: { isolation: "repeatable read"; chain_head: { seq: number; hash: string } | null };
  files: ExportFileEntry[];
  not_exported: { table: string; reason: string }[];
  values: string;
  signing_key_id: string;
}

// ---- ZIP (PKWARE APPNOTE 6.3: stored entries, bit 3 data descriptors, bit 11 UTF-8 names) -------
const LIMIT = 0xffff_ffff;

class ZipWriter {
  private offset = 0;
  private readonly entries: { name: Buffer; crc: number; size: number; offset: number }[] = [];
  private readonly stamp = dosTime(new Date());
  constructor(private readonly out: (b: Uint8Array) => Promise<void>) {}

  private async put(b: Buffer): Promise<void> {
    this.offset += b.length;
    if (this.offset > LIMIT) throw new Error("tenant export exceeds 4 GiB (ZIP without ZIP64)");
    await this.out(b);
  }

  /** Writes one entry whose bytes `body` produces; returns its size and SHA-256. */
  async file(
    path: string,
    body: (write: (b: Buffer) => Promise<void>) => Promise<void>,
  ): Promise<{ bytes: number; sha256: string }> {
    const name = Buffer.from(path, "utf8");
    const at = this.offset;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0808, 6);
    h.writeUInt16LE(0, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt16LE(name.length, 26);
    await this.put(Buffer.concat([h, name]));
    let crc = 0;
    let size = 0;
    const sha = createHash("sha256");
    await body(async (b) => {
      crc = crc32(b, crc);
      size += b.length;
      sha.update(b);
      await this.put(b);
    });
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(crc >>> 0, 4);
    d.writeUInt32LE(size, 8);
    d.writeUInt32LE(size, 12);
    await this.put(d);
    this.entries.push({ name, crc: crc >>> 0, size, offset: at });
    return { bytes: size, sha256: sha.digest("hex") };
  }

  async end(): Promise<void> {
    const start = this.offset;
    const parts: Buffer[] = [];
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0808, 8);
      c.writeUInt16LE(0, 10);
      c.writeUInt16LE(this.stamp.time, 12);
      c.writeUInt16LE(this.stamp.date, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.size, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      parts.push(c, e.name);
    }
    const cd = Buffer.concat(parts);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(this.entries.length, 8);
    eocd.writeUInt16LE(this.entries.length, 10);
    eocd.writeUInt32LE(cd.length, 12);
    eocd.writeUInt32LE(start, 16);
    await this.put(Buffer.concat([cd, eocd]));
  }
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

// ---- The snapshot -----------------------------------------------------------------------------

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Every table with a tenant_id column, in every schema the purge empties (the same catalog query
 * as warden_platform.purge_tenant), and whether the tenant role may read it.
 */
async function tenantTables(tx: TenantTx): Promise<{ schema: string; table: string; readable: boolean }[]> {
  const rows = await tx.$queryRaw<{ s: string; t: string; readable: boolean }[]>`
    SELECT n.nspname AS s, c.relname AS t, has_table_privilege(c.oid, 'SELECT') AS readable
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE a.attname = 'tenant_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'warden_platform', 'warden_keys')
     ORDER BY n.nspname, c.relname`;
  return rows.map((r) => ({ schema: r.s, table: r.t, readable: r.readable }));
}

/** A pull-driven byte stream a producer writes into, waiting while the reader is behind. */
function backpressured(): {
  stream: ReadableStream<Uint8Array>;
  write: (b: Uint8Array) => Promise<void>;
  close: () => void;
  fail: (e: unknown) => void;
} {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  let wake: (() => void) | null = null;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        ctl = c;
      },
      pull() {
        wake?.();
        wake = null;
      },
      cancel() {
        cancelled = true;
        wake?.();
        wake = null;
      },
    },
    { highWaterMark: 8 },
  );
  return {
    stream,
    async write(b) {
      if (cancelled) throw new Error("the export's reader went away");
      ctl.enqueue(b);
      if ((ctl.desiredSize ?? 1) <= 0) await new Promise<void>((r) => (wake = r));
      if (cancelled) throw new Error("the export's reader went away");
    },
    close: () => {
      if (!cancelled) ctl.close();
    },
    fail: (e) => {
      if (!cancelled) ctl.error(e);
    },
  };
}

export interface TenantExport {
  stream: ReadableStream<Uint8Array>;
  filename: string;
}

/**
 * GET /v1/platform/tenants/{id}/export. The tenant must be suspended (409 otherwise) and a reason
 * given (ADR 0040). Audited before the first byte; the bundle is produced while it is read.
 */
export async function exportTenant(actor: Actor, id: string, reason: string, db?: Database): Promise<TenantExport> {
  const by = operatorOf(actor);
  signingKey(); // fail closed before recording an export that could not be signed
  const tenant = await tenantById(id, db);
  if (!tenant) throw new WardenError("not_found", "No such tenant");
  if (!(await tenantSuspended(id, db)))
    throw new WardenError("conflict", "Suspend the tenant before exporting its data");
  const operator = await operatorById(by, db);
  const exportedAt = new Date().toISOString();

  await withTenant(
    id,
    (tx) =>
      appendAudit(tx, {
        action: "tenant.export",
        outcome: "success",
        actor: { kind: "operator", subject: by, authMethod: "session" },
        target: { type: "tenant", id },
        details: { format: EXPORT_FORMAT },
        requestId: actor.requestId,
      }),
    { db },
  );
  await platformLog(by, "tenant.export", id, { reason, format: EXPORT_FORMAT }, db);

  const pipe = backpressured();
  const produce = withTenant(
    id,
    async (tx) => {
      const zip = new ZipWriter(pipe.write);
      const files: ExportFileEntry[] = [];
      const notExported: { table: string; reason: string }[] = [];
      const head = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM audit_heads`;
      const tables = [
        { schema: "public", table: "tenants", readable: true, own: true },
        ...(await tenantTables(tx)).map((t) => ({ ...t, own: false })),
      ];
      let cursor = 0;
      for (const t of tables) {
        const name = `${t.schema}.${t.table}`;
        if (!t.readable) {
          notExported.push({ table: name, reason: "the tenant role may not read it (platform-internal table)" });
          continue;
        }
        if (!IDENT.test(t.schema) || !IDENT.test(t.table)) {
          notExported.push({ table: name, reason: "unexpected table name" });
          continue;
        }
        const where = t.own
          ? `WHERE x.id = current_setting('app.tenant_id', true)`
          : `WHERE x.tenant_id = current_setting('app.tenant_id', true)`;
        const c = `export_${++cursor}`;
        await tx.$executeRawUnsafe(
          `DECLARE ${c} NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM "${t.schema}"."${t.table}" x ${where}`,
        );
        let rows = 0;
        const path = `tables/${name}.jsonl`;
        const out = await zip.file(path, async (write) => {
          for (;;) {
            const batch = await tx.$queryRawUnsafe<{ j: string }[]>(`FETCH ${EXPORT_BATCH} FROM ${c}`);
            if (!batch.length) break;
            rows += batch.length;
            await write(Buffer.from(batch.map((r) => r.j + "\n").join(""), "utf8"));
            if (batch.length < EXPORT_BATCH) break;
          }
        });
        await tx.$executeRawUnsafe(`CLOSE ${c}`);
        files.push({ path, table: name, rows, ...out });
      }
      const manifest: ExportManifest = {
        format: EXPORT_FORMAT,
        tenant: { id, slug: tenant.slug },
        exported_at: exportedAt,
        requested_by: { operator_id: by, email: operator?.email ?? null },
        reason,
        snapshot: {
          isolation: "repeatable read",
          chain_head: head[0] ? { seq: Number(head[0].seq), hash: head[0].hash } : null,
        },
        files,
        not_exported: notExported,
        values: "as stored: sealed secrets stay sealed (v1 / v2 envelopes), hashes stay hashes; nothing was opened",
        signing_key_id: signingKey().keyId,
      };
      const signed = canonicalize({ manifest, signature: signDocument(EXPORT_CONTEXT, manifest) })!;
      await zip.file("manifest.json", (write) => write(Buffer.from(signed, "utf8")));
      await zip.end();
      return files.length;
    },
    { db, isolationLevel: "RepeatableRead", timeout: exportTimeoutMs() },
  );
  produce.then(
    (n) => {
      log.info({ tenant: id, files: n }, "tenant exported");
      pipe.close();
    },
    (e) => {
      log.error({ tenant: id, err: e }, "tenant export failed");
      pipe.fail(e);
    },
  );
  return { stream: pipe.stream, filename: `warden-export-${tenant.slug}-${exportedAt.slice(0, 10)}.zip` };
}
