// Plain, serialisable shapes the Audit page hands its client components. They mirror the
// explorer API's entry view; client code may not import lib/audit, so the shape lives here.

export interface AuditRow {
  id: string;
  seq: number;
  ts: string;
  actor: { ref: string; kind: string; name: string | null; email: string | null };
  auth_method: string | null;
  action: string;
  category: string;
  target: { type: string; id: string | null } | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  key_id: string;
}

/** A table row plus the link that opens it in the detail drawer (built on the server). */
export type AuditTableRow = AuditRow & { href: string };

export interface VerificationView {
  verified: boolean;
  checked: number;
  first_bad_seq: number | null;
  reason: string | null;
  checked_at: string;
  trigger: string;
}

/** The outcome of "Verify now", shown in a live region. */
export type VerifyActionState = { status: "idle" } | { status: "done"; verified: boolean; message: string } | { status: "error"; message: string };

export interface FilterValues {
  range: string;
  from: string;
  to: string;
  actor: string;
  action: string;
  category: string;
  outcome: string;
  target: string;
  q: string;
}

export interface ActionOption {
  value: string;
  category: string;
}
