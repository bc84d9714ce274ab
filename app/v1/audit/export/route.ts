// GET /v1/audit/export?format=json|jsonl|csv&<filters>[&approval_id=] - a streamed, Ed25519-signed
// export (itself audited). A require_approval rule on data_export_size gates it: the answer is then
// 202 with an approval id, and the same request with approval_id runs once another admin approved.
import { z } from "zod";
import { auditActor } from "@/lib/audit/append";
import { estimateExportBytes, exportAudit } from "@/lib/audit/export";
import { auditFilterSchema } from "@/lib/audit/query";
import { route } from "@/lib/http/route";
import { approvalGate, gateResponse } from "@/lib/monitoring/approvals";
import { kickMonitor } from "@/lib/monitoring/monitor";
import { withTenant } from "@/lib/tenancy/with-tenant";

const query = auditFilterSchema.extend({
  format: z.enum(["json", "jsonl", "csv"]).default("jsonl").describe("jsonl (default), json or csv"),
  approval_id: z
    .string()
    .regex(/^apr_[0-9a-f]{32}$/, "approval_id is not valid")
    .optional()
    .describe("An approved request for exactly this export (after a 202)"),
});

export const GET = route(
  {
    permission: "audit.export",
    tenantTx: false,
    summary: "Export the audit trail",
    description:
      'Streams the entries the filters match (oldest first) as JSON Lines, JSON or CSV, signed with Ed25519 over the SHA-256 of every byte before the signature; the export itself is audited. When a require_approval monitoring rule on data_export_size holds it, the answer is 202 `{ status: "approval_required", approval_id, approval, message, estimate }` instead; repeat the same request with `approval_id` once another admin approved.',
    query,
    response: {
      contentType: "application/x-ndjson",
      description:
        "The signed export (application/x-ndjson for jsonl, application/json for json, text/csv for csv), as an attachment",
    },
    errors: ["approval_required", "conflict"],
    example: { query: { format: "jsonl", category: "access", from: "2026-01-01T00:00:00Z" } },
  },
  async ({ actor, ids, query }) => {
    const { format, approval_id, ...filters } = query;
    const who = auditActor(actor);
    const gate = await withTenant(actor, async (tx) => {
      const est = await estimateExportBytes(tx, filters);
      const g = await approvalGate(tx, {
        action: "audit.export",
        params: { format, filters },
        measures: { data_export_size: est.bytes },
        approvalId: approval_id,
        actor: who,
        requestId: ids.requestId,
      });
      return { g, est };
    });
    if (!gate.g.allowed) {
      kickMonitor(actor.tenantId); // deliver the approval alert now rather than on the next tick
      return Response.json({ ...gateResponse(gate.g), estimate: gate.est }, { status: 202 });
    }
    const out = await exportAudit({
      tenantId: actor.tenantId,
      format,
      filters,
      actor: who,
      requestId: ids.requestId,
      estimatedBytes: gate.est.bytes,
      approvalId: gate.g.approval?.id,
    });
    return new Response(out.stream, {
      headers: {
        "content-type": out.contentType,
        "content-disposition": `attachment; filename="${out.filename}"`,
        "cache-control": "no-store",
      },
    });
  },
);
