// The key shape the server page hands to the browser (mirrors /v1/auth/keys; never a hash).
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

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: string; issues?: { path: string; message: string }[] };

export interface KeyActions {
  create(input: unknown): Promise<ActionResult<ConsoleKey & { secret: string }>>;
  rotate(id: string, input: unknown): Promise<ActionResult<ConsoleKey & { secret: string }>>;
  revoke(id: string): Promise<ActionResult<ConsoleKey>>;
}
