// GET/PATCH/DELETE /v1/audit/streams/{id} - one audit stream of the tenant.
import { deleteStream, streamView as viewOf, updateStream } from "@/lib/audit/streaming/service";
import { streamView, updateStreamSchema } from "@/lib/audit/streaming/schemas";
import { route } from "@/lib/http/route";
import { kickStream } from "@/lib/audit/streaming/jobs";

export const GET = route(
  {
    permission: "audit.read",
    summary: "One audit stream with its cursor, lag and last error",
    response: streamView,
    errors: ["not_found"],
    example: { params: { id: "ast_example" } },
  },
  async ({ tx, params }) => viewOf(tx, params.id),
);

export const PATCH = route(
  {
    permission: "audit.manage",
    summary:
      "Change an audit stream: name, enabled, destination, secret (audited with before and after; secrets never logged)",
    body: updateStreamSchema,
    response: streamView,
    errors: ["not_found", "conflict"],
    example: { params: { id: "ast_example" }, body: { enabled: true, sourcetype: "warden:audit" } },
  },
  async ({ tx, actor, params, body }) => {
    const updated = await updateStream(tx, actor, params.id, body);
    kickStream(actor.tenantId, updated.id);
    return updated;
  },
);

export const DELETE = route(
  {
    permission: "audit.manage",
    summary: "Remove an audit stream (audited)",
    status: 204,
    errors: ["not_found"],
    example: { params: { id: "ast_example" } },
  },
  async ({ tx, actor, params }) => {
    await deleteStream(tx, actor, params.id);
    return new Response(null, { status: 204 });
  },
);
