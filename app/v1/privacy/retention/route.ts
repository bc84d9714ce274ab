// GET,PUT /v1/privacy/retention - retention in days per data class (audit_entries, usage_records, request_bodies); null = keep.
import { route } from "@/lib/http/route";
import { getRetention, putRetention, retentionSchema } from "@/lib/privacy/retention";

export const GET = route({ permission: "privacy.read" }, async ({ tx }) => getRetention(tx));

export const PUT = route({ permission: "privacy.write", body: retentionSchema }, async ({ tx, actor, body }) => putRetention(tx, actor, body));
