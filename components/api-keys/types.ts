// The key shape the server page hands to the browser (mirrors /v1/auth/keys; never a hash).
import type { ActionResult } from "@/lib/http/action-result";
import type { Permission } from "@/lib/rbac/permissions";

export type KeyState = "active" | "expiring" | "rotating" | "rotated" | "revoked" | "expired";

export interface ConsoleKey {
  id: string;
  name: string;
  prefix: string;
  role: string;
  scopes: string[];
  state: KeyState;
  source: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  overlap_until: string | null;
  replaced_by: string | null;
}

export interface KeyPolicyView {
  defaultTtlDays: number;
  maxTtlDays: number;
  maxOverlapHours: number;
  defaultOverlapHours: number;
}

export interface CreateKeyInput {
  name: string;
  role: string;
  scopes?: Permission[];
  ttl_days?: number;
}

export interface KeyActions {
  create(input: CreateKeyInput): Promise<ActionResult<ConsoleKey & { secret: string }>>;
  rotate(input: {
    id: string;
    overlap_hours?: number;
    ttl_days?: number;
  }): Promise<ActionResult<ConsoleKey & { secret: string }>>;
  revoke(input: { id: string }): Promise<ActionResult<ConsoleKey>>;
}
