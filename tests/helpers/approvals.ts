// A decision on an approval request (four-eyes, docs/decisions/0033-live-console-and-four-eyes-for-power.md),
// sent as this caller to the routes the Monitoring page's approvals panel calls
// (components/monitoring/approvals-panel.tsx).
import { POST as approvePOST } from "@/app/v1/approvals/[id]/approve/route";
import { POST as rejectPOST } from "@/app/v1/approvals/[id]/reject/route";
import { requestAs, type Caller } from "./callers";

function decide(decision: "approve" | "reject", who: Caller, id: string, note?: string): Promise<Response> {
  const handler = decision === "approve" ? approvePOST : rejectPOST;
  return requestAs(handler, who, "POST", `/v1/approvals/${id}/${decision}`, note === undefined ? {} : { note }, { id });
}

export const approveAs = (who: Caller, id: string, note?: string) => decide("approve", who, id, note);
export const rejectAs = (who: Caller, id: string, note?: string) => decide("reject", who, id, note);
