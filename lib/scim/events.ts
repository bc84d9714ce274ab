// The provisioning log (scim_events): every SCIM mutation and every failed SCIM request, with
// the request and response bodies (secrets redacted), for the Settings -> SCIM page. Audit entries (appendAudit) are written by the resource modules.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { keysetArgs, keysetOf, type Page } from "@/lib/paging";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export interface ScimEventInput {
  method: string;
  path: string;
  status: number;
  outcome: "success" | "failure";
  resource?: { type: string; id?: string };
  detail?: string;
  /** The parsed request body and the response body; stored redacted and capped. */
  request?: unknown;
  response?: unknown;
}

const SECRET_KEY = /password|secret|token|credential/i;
const MAX_BODY = 32_768;

/** Secret-looking values (password, tokens) replaced, recursively; oversized bodies summarised. */
export function redactBody(v: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (v === undefined || v === null) return Prisma.DbNull;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === "object") {
      // PATCH operations name the attribute in "path": {"path": "password", "value": "…"}.
      const o = x as Record<string, unknown>;
      const secretPath = typeof o.path === "string" && SECRET_KEY.test(o.path);
      return Object.fromEntries(
        Object.entries(o).map(([k, val]) => [
          k,
          SECRET_KEY.test(k) || (secretPath && k === "value") ? "[redacted]" : walk(val),
        ]),
      );
    }
    return x;
  };
  const out = walk(v) as Prisma.InputJsonValue;
  const size = JSON.stringify(out).length;
  return size > MAX_BODY ? { truncated: true, bytes: size } : out;
}

/** One provisioning log entry as /v1/scim/events sends it. */
export const scimEventView = z
  .object({
    id: z.string(),
    ts: z.iso.datetime(),
    method: z.string(),
    path: z.string(),
    resource_type: z.string().nullable(),
    resource_id: z.string().nullable(),
    status: z.number().int().describe("The HTTP status Warden answered"),
    outcome: z.enum(["success", "failure"]),
    detail: z.string().nullable(),
    request_body: z.unknown().describe("What the IdP sent (secrets redacted; large bodies summarised), or null"),
    response_body: z.unknown().describe("What Warden answered (same rules), or null"),
  })
  .meta({ id: "ScimEvent" });
export type ScimEventView = z.infer<typeof scimEventView>;

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
      requestBody: redactBody(e.request),
      responseBody: redactBody(e.response),
    },
  });
}

/** The provisioning log, newest first, one page. */
export async function listScimEvents(
  tx: TenantTx,
  q: Page,
): Promise<{ data: ScimEventView[]; next_cursor: string | null }> {
  const rows = await tx.scimEvent.findMany(keysetArgs(q, "ts"));
  const page = keysetOf(rows, q, (r) => r.ts);
  return {
    data: page.data.map((r) => ({
      id: r.id,
      ts: r.ts.toISOString(),
      method: r.method,
      path: r.path,
      resource_type: r.resourceType,
      resource_id: r.resourceId,
      status: r.status,
      outcome: r.outcome as ScimEventView["outcome"],
      detail: r.detail,
      request_body: r.requestBody,
      response_body: r.responseBody,
    })),
    next_cursor: page.next_cursor,
  };
}
