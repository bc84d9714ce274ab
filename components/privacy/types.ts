// Props of the Privacy page's client components: the page data (a type-only import) and the
// operations they call (usePrivacyActions, through /v1).
import type { RequestBody } from "@/lib/api/client";
import type { ActionResult } from "@/lib/http/action-result";
import type { PrivacyPageData } from "@/lib/privacy/page-data";

export type { PrivacyPageData };
export type RequestRow = PrivacyPageData["requests"][number];
export type ConsentRow = PrivacyPageData["consents"][number];
export type PolicyRow = PrivacyPageData["policies"][number];
export type Option = { id: string; label: string };

type Act<I> = (input: I) => Promise<ActionResult<unknown>>;
export interface PrivacyActions {
  createRequest: Act<{ kind: "access" | "erasure"; user_id: string; note?: string }>;
  approveRequest: Act<{ id: string }>;
  rejectRequest: Act<{ id: string; reason: string }>;
  completeRequest: Act<{ id: string }>;
  recordConsent: Act<{
    user_id: string;
    purpose: "prompt_logging" | "usage_analytics" | "product_emails";
    status: "granted" | "withdrawn";
  }>;
  saveRetention: Act<{ audit_entries?: number | null; usage_records?: number | null; request_bodies?: number | null }>;
  runRetention: (input: {
    dry_run: boolean;
  }) => Promise<ActionResult<{ removed: Record<string, number>; dry_run: boolean; audit_skipped?: string }>>;
  savePolicy: Act<RequestBody<"/v1/privacy/policies", "put">>;
  deletePolicy: Act<{ id: string }>;
}

export const fmtDate = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "—";
