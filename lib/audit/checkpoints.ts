// Signed head checkpoints, kept apart from the entries: in audit_checkpoints (insert-only for
// the application role) and in an append-only JSONL file (WARDEN_AUDIT_CHECKPOINT_FILE), the
// outside witness that survives a hostile database writer who deletes the tail, rewinds
// audit_heads and removes checkpoint rows.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import canonicalize from "canonicalize";
import type { Database } from "@/lib/db/runtime";
import { withTenant, type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { firstInvalidSignature, signBytes, signingKey, verifyBytes } from "./signing";

export type CheckpointKind = "checkpoint" | "anchor";

export interface Checkpoint {
  tenant_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  kind: CheckpointKind;
  key_id: string;
  signature: string;
}

export function checkpointPayload(c: Omit<Checkpoint, "signature" | "key_id">): string {
  return canonicalize({
    type: "warden.audit.checkpoint",
    tenant_id: c.tenant_id,
    seq: c.seq,
    hash: c.hash,
    signed_at: c.signed_at,
    kind: c.kind,
  })!;
}

export function signCheckpoint(tenantId: string, seq: number, hash: string, kind: CheckpointKind): Checkpoint {
  const body = { tenant_id: tenantId, seq, hash, signed_at: new Date().toISOString(), kind };
  return { ...body, key_id: signingKey().keyId, signature: signBytes(checkpointPayload(body)) };
}

export function checkpointSignatureValid(c: Checkpoint): boolean {
  return verifyBytes(checkpointPayload(c), c.signature, c.key_id);
}

/** The first checkpoint of `list` whose signature does not verify (checked off the main thread), or null. */
export async function firstForgedCheckpoint(list: readonly Checkpoint[]): Promise<Checkpoint | null> {
  const i = await firstInvalidSignature(
    list.map((c) => ({ data: checkpointPayload(c), signature: c.signature, keyId: c.key_id })),
  );
  return i < 0 ? null : list[i];
}

export async function insertCheckpoint(
  tx: TenantTx,
  seq: number,
  hash: string,
  kind: CheckpointKind,
): Promise<Checkpoint> {
  const tenantId = await tenantIdOf(tx);
  const c = signCheckpoint(tenantId, seq, hash, kind);
  await tx.$executeRaw`
    INSERT INTO audit_checkpoints (tenant_id, seq, hash, signed_at, signature, key_id, kind)
    VALUES (${tenantId}, ${seq}, ${hash}, ${c.signed_at}::timestamptz, ${c.signature}, ${c.key_id}, ${kind})`;
  return c;
}

export function checkpointFile(): string | null {
  return process.env.WARDEN_AUDIT_CHECKPOINT_FILE || null;
}

/** Appends to the sink file (opened with 'a': never rewritten). Called after the checkpoint commits. */
export function writeToSink(c: Checkpoint): void {
  const file = checkpointFile();
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, JSON.stringify(c) + "\n", { flag: "a", mode: 0o600 });
}

/** The sink's checkpoints for one tenant, signature-checked (forged lines are ignored). */
export function readSink(tenantId: string): Checkpoint[] {
  const file = checkpointFile();
  if (!file || !fs.existsSync(file)) return [];
  const out: Checkpoint[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const c = JSON.parse(line) as Checkpoint;
      if (c.tenant_id === tenantId && checkpointSignatureValid(c)) out.push(c);
    } catch {
      // a torn last line after a crash is not a checkpoint
    }
  }
  return out;
}

/** Signs the current head in its own transaction, then writes it to the sink. */
export async function takeCheckpoint(tenantId: string, opts: { db?: Database } = {}): Promise<Checkpoint | null> {
  const c = await withTenant(
    tenantId,
    async (tx) => {
      const heads = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM audit_heads FOR UPDATE`;
      if (!heads[0] || Number(heads[0].seq) === 0) return null;
      return insertCheckpoint(tx, Number(heads[0].seq), heads[0].hash, "checkpoint");
    },
    { db: opts.db },
  );
  if (c) writeToSink(c);
  return c;
}
