// What each report type reads and counts. Audit-based types (access, data, security) select
// audit entries by action and filter them; usage reads usage_records and budgets; compliance
// runs the compliance catalog at the end of the window. Every figure counts the same predicate
// the detail rows use, so the report's numbers are the rows it lists; summaries read the hourly
// rollups for the whole hours of the window and the rows for its edges (ADR 0025), so they cost
// O(rollup rows) however many events the window holds.
import "server-only";
import type { ReportType } from "../spec";
import { auditSource } from "./audit";
import { complianceSource } from "./compliance";
import { usageSource } from "./usage";

import type { Source } from "./common";
export type { Cell, Row, Snapshot, Source } from "./common";
export { auditAfter, auditWhere, usageAfter, usageWhere } from "./where";
export { fillDays } from "./common";

export function sourceFor(type: ReportType): Source {
  if (type === "usage") return usageSource;
  if (type === "compliance") return complianceSource;
  return auditSource(type);
}
