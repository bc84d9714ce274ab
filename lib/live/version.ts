// Live console (ADR 0033): a cheap version of what the Dashboard or the Monitoring page shows, so
// the browser can poll with If-None-Match and re-render only when it changed. Each part is one
// indexed read; nothing here recomputes a page.
//   a<seq>   the tenant's audit chain head (audit_heads, by primary key): every alert raised,
//            acknowledged or resolved, every approval, rule, channel or setting change is audited
//   u<min>   the newest usage record's minute (usage_records (tenant_id, ts), one backward index
//            step): the Dashboard's spend and trends; minute-grained so a busy gateway refreshes
//            the Dashboard at most once a minute
//   h<hour>  the UTC hour: the Dashboard's 24 h / 30 d windows move with time alone
//   o<...>   Monitoring only: pending deliveries and their attempts (the outbox's (status,
//            next_attempt_at) index holds only the few pending rows) and the newest outbox row
import "server-only";
import { z } from "zod";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

export type LiveView = "dashboard" | "monitoring";

export const liveVersionView = z
  .object({
    version: z.string().describe("Opaque; changes whenever the view's data may have changed. Also the ETag (quoted)."),
    checked_at: z.string().describe("When the server read it (ISO 8601)"),
  })
  .describe("The current version of a console view");

export async function liveVersion(tx: TenantTx, view: LiveView, now = new Date()): Promise<string> {
  const tenantId = await tenantIdOf(tx);
  const head = await tx.auditHead.findUnique({ where: { tenantId }, select: { seq: true } });
  const parts = [`a${head?.seq ?? 0}`];
  if (view === "dashboard") {
    const usage = await tx.usageRecord.findFirst({
      where: { tenantId },
      orderBy: { ts: "desc" },
      select: { ts: true },
    });
    parts.push(`u${usage ? Math.floor(usage.ts.getTime() / 60_000) : 0}`, `h${Math.floor(now.getTime() / 3_600_000)}`);
  } else {
    const pending = await tx.notificationOutbox.aggregate({
      where: { status: "pending", tenantId },
      _count: { _all: true },
      _sum: { attempts: true },
    });
    const newest = await tx.notificationOutbox.findFirst({
      where: { tenantId },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    parts.push(`o${pending._count._all}-${pending._sum.attempts ?? 0}-${newest?.createdAt.getTime() ?? 0}`);
  }
  return `${view === "dashboard" ? "d" : "m"}.${parts.join(".")}`;
}

const etagOf = (version: string) => `"${version}"`;

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/** 304 without a body when If-None-Match names the current version, else the version as JSON. */
export function liveAnswer(req: Request, version: string, now = new Date()): Response {
  const etag = etagOf(version);
  const headers = { etag, "cache-control": "private, no-cache" };
  if (matches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return Response.json({ version, checked_at: now.toISOString() } satisfies z.infer<typeof liveVersionView>, {
    headers,
  });
}

export const LIVE_DESCRIPTION =
  "Cheap to call every few seconds: a few indexed reads, no page computation. Send If-None-Match with the last ETag; 304 (no body) means nothing changed, 200 carries the new version.";
