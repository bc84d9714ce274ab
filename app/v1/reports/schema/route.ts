// GET /v1/reports/schema - the JSON Schema of reports in the json format
import { route } from "@/lib/http/route";
import { REPORT_JSON_SCHEMA } from "@/lib/reports/json-schema";

export const GET = route({ permission: "reports.read", tenantTx: false }, async () => REPORT_JSON_SCHEMA);
