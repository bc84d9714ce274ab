// The provisioning log (scim_events): every SCIM mutation and every failed SCIM request, for
// the Settings -> SCIM page. Audit entries (appendAudit) are written by the resource modules.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export interface ScimEventInput {
  method: string;
  path: string;
  status: number;
  outcome: "success" | "failure";
  resource?: { type: string; id?: string };
  detail?: string;
}

export interface ScimEventView {
  id: string;
  ts: string;
  method: string;
  path: string;
  resource_type: string | null;
  resource_id: string | null;
  status: number;
  outcome: string;
  detail: string | null;
}

export async function logScimEvent(tx: TenantTx, actor: Actor, e: ScimEventInput): Promise<void> {
  await tx.scimEvent.create({
    data: {
      tenantId: actor.tenantId,
      method: e.method,
      path: e.path.slice(0, 300),
      status: e.status,
      outcome: e.outcome,
      resourceType: e.resource?.type ?? null,
      resourceId: e.resource?.id ?? null,
      detail: e.detail?.slice(0, 500) ?? null,
      tokenId: actor.kind === "scim" ? actor.subject : null,
    },
  });
}

export async function listScimEvents(tx: TenantTx, limit = 50, cursor?: string): Promise<{ data: ScimEventView[]; next_cursor: string | null }> {
  const rows = await tx.scimEvent.findMany({
    orderBy: [{ ts: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      ts: r.ts.toISOString(),
      method: r.method,
      path: r.path,
      resource_type: r.resourceType,
      resource_id: r.resourceId,
      status: r.status,
      outcome: r.outcome,
      detail: r.detail,
    })),
    next_cursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}
