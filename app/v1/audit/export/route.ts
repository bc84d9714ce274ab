// GET /v1/audit/export?format=json|jsonl|csv&<filters> - a streamed, Ed25519-signed export (itself audited)
import { z } from "zod";
import { auditActor } from "@/lib/audit/append";
import { exportAudit } from "@/lib/audit/export";
import { auditFilterSchema, parseSearch } from "@/lib/audit/query";
import { route } from "@/lib/http/route";

const schema = auditFilterSchema.extend({ format: z.enum(["json", "jsonl", "csv"]).default("jsonl") });

export const GET = route({ permission: "audit.export", tenantTx: false }, async ({ req, actor, ids }) => {
  const { format, ...filters } = parseSearch(schema, new URL(req.url).searchParams);
  const out = await exportAudit({ tenantId: actor.tenantId, format, filters, actor: auditActor(actor), requestId: ids.requestId });
  return new Response(out.stream, {
    headers: { "content-type": out.contentType, "content-disposition": `attachment; filename="${out.filename}"`, "cache-control": "no-store" },
  });
});
