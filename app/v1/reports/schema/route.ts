// GET /v1/reports/schema - the JSON Schema of reports in the json format
import { route } from "@/lib/http/route";
import { REPORT_JSON_SCHEMA, reportJsonSchemaView } from "@/lib/reports/json-schema";

export const GET = route(
  {
    permission: "reports.read",
    tenantTx: false,
    summary: "The JSON Schema of reports in the json format",
    response: reportJsonSchemaView,
    example: {},
  },
  async () => REPORT_JSON_SCHEMA,
);
