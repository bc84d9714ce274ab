// JSON Schema (draft 2020-12) of a report in the json format. Served at GET /v1/reports/schema.
import { z } from "zod";

export const REPORT_JSON_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://warden.dev/schemas/report-v1.json",
  title: "Warden report",
  type: "object",
  required: ["$schema", "report", "summary", "columns", "rows", "row_count"],
  additionalProperties: false,
  properties: {
    $schema: { const: "https://warden.dev/schemas/report-v1.json" },
    report: {
      type: "object",
      required: ["id", "type", "format", "tenant", "generated_at", "generated_by", "params", "chain_head"],
      additionalProperties: false,
      properties: {
        id: { type: "string", pattern: "^rep_" },
        type: { enum: ["access", "usage", "data", "compliance", "security"] },
        format: { const: "json" },
        tenant: {
          type: "object",
          required: ["id", "name"],
          properties: { id: { type: "string" }, name: { type: "string" } },
        },
        generated_at: { type: "string", format: "date-time" },
        generated_by: {
          type: "object",
          required: ["ref", "name"],
          properties: { ref: { type: "string" }, name: { type: ["string", "null"] } },
        },
        params: {
          type: "object",
          required: ["range", "from", "to", "filters"],
          properties: {
            range: { enum: ["24h", "7d", "30d", "custom"] },
            from: { type: "string", format: "date-time" },
            to: { type: "string", format: "date-time" },
            filters: {
              type: "object",
              required: ["users", "teams", "customers", "event_types"],
              properties: Object.fromEntries(
                ["users", "teams", "customers", "event_types"].map((k) => [
                  k,
                  { type: "array", items: { type: "string" } },
                ]),
              ),
            },
          },
        },
        chain_head: {
          type: "object",
          required: ["seq", "hash"],
          properties: { seq: { type: "integer", minimum: 0 }, hash: { type: "string", pattern: "^[0-9a-f]{64}$" } },
        },
      },
    },
    summary: {
      type: "object",
      required: ["figures", "chart", "breakdowns"],
      properties: {
        figures: {
          type: "array",
          items: {
            type: "object",
            required: ["key", "label", "value"],
            properties: {
              key: { type: "string" },
              label: { type: "string" },
              value: { type: "number" },
              unit: { enum: ["count", "usd", "tokens", "percent"] },
            },
          },
        },
        chart: {
          type: "object",
          required: ["title", "points"],
          properties: {
            title: { type: "string" },
            points: {
              type: "array",
              items: {
                type: "object",
                required: ["label", "value"],
                properties: { label: { type: "string" }, value: { type: "number" } },
              },
            },
          },
        },
        breakdowns: {
          type: "array",
          items: {
            type: "object",
            required: ["title", "columns", "rows"],
            properties: {
              title: { type: "string" },
              columns: { type: "array", items: { type: "string" } },
              rows: { type: "array", items: { type: "array", items: { type: ["string", "number"] } } },
            },
          },
        },
      },
    },
    columns: { type: "array", items: { type: "string" }, minItems: 1 },
    rows: { type: "array", items: { type: "object", additionalProperties: { type: ["string", "number", "null"] } } },
    row_count: { type: "integer", minimum: 0 },
  },
} as const;

/** What GET /v1/reports/schema sends: the document above, described by its top level. */
export const reportJsonSchemaView = z
  .object({
    $schema: z.literal(REPORT_JSON_SCHEMA.$schema),
    $id: z.literal(REPORT_JSON_SCHEMA.$id),
    title: z.string(),
    type: z.literal("object"),
    required: z.array(z.string()),
    additionalProperties: z.literal(false),
    properties: z.record(z.string(), z.unknown()).describe("report, summary, columns, rows, row_count"),
  })
  .describe("A JSON Schema (draft 2020-12) document");
