// GET,PUT /v1/privacy/retention - retention in days per data class (audit_entries, usage_records, request_bodies); null = keep.
import { route } from "@/lib/http/route";
import { getRetention, putRetention, retentionSchema, retentionView } from "@/lib/privacy/retention";

export const GET = route(
  { permission: "privacy.read", summary: "Read retention per data class", response: retentionView, example: {} },
  async ({ tx }) => getRetention(tx),
);

export const PUT = route(
  {
    permission: "privacy.write",
    summary: "Set retention per data class",
    description:
      "Days (1-3650) per class given; null keeps the class forever; classes left out are unchanged. Audited.",
    body: retentionSchema,
    response: retentionView,
    example: { body: { usage_records: 400, request_bodies: 30 } },
  },
  async ({ tx, actor, body }) => putRetention(tx, actor, body),
);
