// The public shape of a key (API answers and the console list). Never includes the hash.
import "server-only";
import { keyState, type ApiKeyState } from "./state";

export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  role: string;
  scopes: string[];
  source: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  rotatedFrom: string | null;
  replacedBy: string | null;
  overlapUntil: Date | null;
}

export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  role: string;
  scopes: string[];
  state: ApiKeyState;
  source: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  rotated_from: string | null;
  replaced_by: string | null;
  overlap_until: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toKeyView(r: KeyRow, now = new Date()): KeyView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role,
    scopes: r.scopes,
    state: keyState(r, now),
    source: r.source,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    expires_at: r.expiresAt.toISOString(),
    last_used_at: iso(r.lastUsedAt),
    revoked_at: iso(r.revokedAt),
    rotated_from: r.rotatedFrom,
    replaced_by: r.replacedBy,
    overlap_until: iso(r.overlapUntil),
  };
}
