// Data for the Monitoring page, read in one tenant transaction with the console Actor.
import "server-only";
import type { PublicActor } from "@/lib/auth/actor";
import { frameworkApplicability } from "@/lib/compliance/dashboard";
import { FRAMEWORK_CONTROLS, FRAMEWORKS, type Framework } from "@/lib/compliance/catalog";
import { listDeliveries, type DeliveryView } from "@/lib/notifications/outbox";
import { channelsView, type ChannelsView } from "@/lib/notifications/settings";
import { liveVersion } from "@/lib/live/version";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { listAlerts, type AlertView } from "./alerts";
import { listApprovals, type ApprovalView } from "./approvals";
import { listRules, type RuleView } from "./rules";

export interface MonitoringPageData {
  /** lib/live/version.ts, read before everything else (the live indicator compares it). */
  version: string;
  rules: RuleView[];
  channels: ChannelsView;
  alerts: AlertView[];
  approvals: (ApprovalView & { requester_email: string | null; decider_email: string | null })[];
  deliveries: DeliveryView[];
  frameworks: { id: Framework; name: string; applicable: boolean }[];
  me: string;
}

export async function loadMonitoringPage(actor: PublicActor): Promise<MonitoringPageData | null> {
  if (!actor.permissions.includes("monitoring.read")) return null;
  return withTenant(actor.tenantId, async (tx) => {
    const version = await liveVersion(tx, "monitoring");
    const approvals = (await listApprovals(tx, { status: "all", limit: 200 })).data;
    const ids = [...new Set(approvals.flatMap((a) => [a.requested_by, a.decided_by ?? ""]).filter(Boolean))];
    const users = new Map(
      (await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })).map((u) => [
        u.id,
        u.email,
      ]),
    );
    const applicable = await frameworkApplicability(tx);
    return {
      version,
      rules: await listRules(tx),
      channels: await channelsView(tx),
      alerts: (await listAlerts(tx, { status: "all", limit: 200 })).data,
      approvals: approvals.map((a) => ({
        ...a,
        requester_email: users.get(a.requested_by) ?? null,
        decider_email: a.decided_by ? (users.get(a.decided_by) ?? null) : null,
      })),
      deliveries: (await listDeliveries(tx, { limit: 100 })).data,
      frameworks: FRAMEWORKS.map((f) => ({ id: f, name: FRAMEWORK_CONTROLS[f].name, applicable: applicable[f] })),
      me: actor.userId ?? actor.subject,
    };
  });
}
