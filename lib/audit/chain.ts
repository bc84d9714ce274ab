// The chain's canonical form. hash = HMAC-SHA256(tenant_key, prev_hash || RFC 8785 JSON of the
// sealed fields). The raw IP is NOT sealed (personal data, erasable); its keyed pseudonym ip_ref is.
import "server-only";
import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";
import { tenantKey } from "./keys";

export const GENESIS_HASH = "0".repeat(64);

/** The sealed fields of one entry, exactly as stored. */
export interface SealedFields {
  tenant_id: string;
  seq: number;
  ts: string; // ISO 8601 with milliseconds, UTC
  actor_ref: string;
  actor_kind: string;
  auth_method: string | null;
  action: string;
  category: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip_ref: string | null;
  request_id: string | null;
  details: unknown;
  key_id: string;
}

export function canonicalFields(f: SealedFields): string {
  const text = canonicalize(f);
  if (text === undefined) throw new Error("audit: entry cannot be canonicalized");
  return text;
}

export function sealHash(prevHash: string, f: SealedFields): string {
  return createHmac("sha256", tenantKey(f.tenant_id, f.key_id)).update(prevHash).update(canonicalFields(f)).digest("hex");
}

/** A stored row (snake_case raw SQL shape) → its sealed fields. */
export interface EntryRow {
  id: string;
  tenant_id: string;
  seq: bigint | number | string;
  ts: Date | string;
  actor_ref: string;
  actor_kind: string;
  auth_method: string | null;
  action: string;
  category: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip_ref: string | null;
  ip: string | null;
  request_id: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
  key_id: string;
}

export function sealedOf(r: EntryRow): SealedFields {
  return {
    tenant_id: r.tenant_id,
    seq: Number(r.seq),
    ts: new Date(r.ts).toISOString(),
    actor_ref: r.actor_ref,
    actor_kind: r.actor_kind,
    auth_method: r.auth_method,
    action: r.action,
    category: r.category,
    target_type: r.target_type,
    target_id: r.target_id,
    outcome: r.outcome,
    ip_ref: r.ip_ref,
    request_id: r.request_id,
    details: r.details ?? {},
    key_id: r.key_id,
  };
}
