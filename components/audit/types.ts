// Plain, serialisable shapes the Audit page hands its client components. They mirror the
// explorer API's entry view: type-only imports from lib/audit (erased at build, so no server code
// reaches the browser).

export type { AuditEntryView as AuditRow } from "@/lib/audit/query";
export type { LatestVerification as VerificationView } from "@/lib/audit/verification";
import type { AuditEntryView as AuditRow } from "@/lib/audit/query";

/** A table row plus the link that opens it in the detail drawer (built on the server). */
export type AuditTableRow = AuditRow & { href: string };

/** The outcome of "Verify now", shown in a live region. */
export type VerifyActionState =
  { status: "idle" } | { status: "done"; verified: boolean; message: string } | { status: "error"; message: string };

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
