// The chain's canonical form. hash = HMAC-SHA256(tenant_key, prev_hash || RFC 8785 JSON of the
// sealed fields). The raw IP is NOT sealed (personal data, erasable); its keyed pseudonym ip_ref is.
import "server-only";
import { createHmac } from "node:crypto";
import { canonicalJson, sealedParts, type SealedShape } from "./canonical";
import { tenantIdOf, type TenantTx } from "@/lib/tenancy/with-tenant";
import { tenantKey } from "./keys";

export const GENESIS_HASH = "0".repeat(64);

/**
 * The tenant's chain head now (seq 0 and the genesis hash before its first entry). The transaction's
 * tenant is named as well as enforced by RLS, so a connection RLS does not bind still reads only it.
 */
export async function chainHead(tx: TenantTx): Promise<{ seq: number; hash: string }> {
  const r = await tx.$queryRaw<
    { seq: bigint; hash: string }[]
  >`SELECT seq, hash FROM audit_heads WHERE tenant_id = ${await tenantIdOf(tx)}`;
  return r[0] ? { seq: Number(r[0].seq), hash: r[0].hash } : { seq: 0, hash: GENESIS_HASH };
}

/** The sealed fields of one entry, exactly as stored (ts: ISO 8601 with milliseconds, UTC). */
export interface SealedFields extends SealedShape {
  seq: number;
}

export function canonicalFields(f: SealedFields): string {
  if (!Number.isSafeInteger(f.seq)) return canonicalJson(f);
  const { prefix, suffix } = sealedParts(f);
  return prefix + String(f.seq) + suffix;
}

export function sealHash(prevHash: string, f: SealedFields): string {
  return createHmac("sha256", tenantKey(f.tenant_id, f.key_id))
    .update(prevHash)
    .update(canonicalFields(f))
    .digest("hex");
}

/** sealHash with the chain key and the canonical text around seq prepared beforehand (the hot paths). */
export function sealHashWith(key: Buffer, prevHash: string, prefix: string, seq: number, suffix: string): string {
  return createHmac("sha256", key)
    .update(prevHash)
    .update(prefix + String(seq) + suffix)
    .digest("hex");
}

/** A stored row (snake_case raw SQL shape) → its sealed fields. */
export interface EntryRow extends Omit<SealedShape, "ts"> {
  id: string;
  seq: bigint | number | string;
  ts: Date | string;
  ip: string | null;
  prev_hash: string;
  hash: string;
}
