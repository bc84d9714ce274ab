// The public shape of a key (API answers and the console list). Never includes the hash.
import "server-only";
import { z } from "zod";
import { API_KEY_STATES, keyState, type ApiKeyState } from "./state";

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

const isoDate = z.iso.datetime();

/** A key as /v1/auth/keys sends it (the hash never, the secret only once: keyWithSecret). */
export const keyView = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("The start of the secret, to recognise it"),
    role: z.string().describe("A built-in role or a custom role id; the key never holds more than its creator"),
    scopes: z.array(z.string()).describe("Permissions the key is narrowed to; empty = all of its role's"),
    state: z.enum(API_KEY_STATES),
    source: z.string().describe("Where it was minted: console, api, saml"),
    created_by: z.string(),
    created_at: isoDate,
    expires_at: isoDate,
    last_used_at: isoDate.nullable(),
    revoked_at: isoDate.nullable(),
    rotated_from: z.string().nullable(),
    replaced_by: z.string().nullable(),
    overlap_until: isoDate.nullable().describe("Until when a rotated-away secret still works"),
  })
  .meta({ id: "ApiKey" });

export const keyWithSecret = keyView
  .extend({ secret: z.string().describe("Shown once; store it now") })
  .meta({ id: "ApiKeyWithSecret" });

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
