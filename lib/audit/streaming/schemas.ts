// Audit streams: the API's input and answer shapes (ADR 0030). One flat input for the three kinds
// (the console's form and PATCH stay simple); which fields a kind needs is checked in service.ts.
// Secrets (the HEC token, the webhook signing secret) are write-only: the answer says only
// whether one is stored.
import { z } from "zod";

export const STREAM_KINDS = ["splunk_hec", "webhook", "syslog_tls"] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

const pem = z
  .string()
  .max(20_000)
  .regex(
    /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/,
    "A PEM certificate (-----BEGIN CERTIFICATE----- ...)",
  );

const fields = {
  name: z.string().trim().min(1).max(100).describe("Display name, unique in the tenant"),
  enabled: z.boolean().describe("Disabled streams keep their cursor and deliver nothing"),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe(
      "splunk_hec: the HEC base URL (…/services/collector/event is appended); webhook: the receiver URL. https, or http to a host listed in WARDEN_OUTBOUND_ALLOW",
    ),
  host: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, "A host name or address")
    .describe("syslog_tls: the receiver's host"),
  port: z.number().int().min(1).max(65535).describe("syslog_tls: the receiver's TLS port (RFC 5425: 6514)"),
  index: z
    .string()
    .trim()
    .max(80)
    .regex(/^[A-Za-z0-9_.:-]*$/)
    .nullable()
    .describe("splunk_hec: the index (else the token's default)"),
  sourcetype: z
    .string()
    .trim()
    .max(80)
    .regex(/^[A-Za-z0-9_.:-]*$/)
    .nullable()
    .describe("splunk_hec: the sourcetype (default warden:audit)"),
  ca_pem: pem.nullable().describe("The receiver's CA certificate (PEM) when it is not publicly trusted"),
  app_name: z
    .string()
    .trim()
    .max(48)
    .regex(/^[!-~]*$/, "Printable ASCII without spaces")
    .nullable()
    .describe("syslog_tls: APP-NAME (default warden)"),
  secret: z
    .string()
    .min(16, "At least 16 characters")
    .max(512)
    .describe("splunk_hec: the HEC token; webhook: the HMAC signing secret. Write-only"),
};

export const createStreamSchema = z
  .object({
    name: fields.name,
    kind: z.enum(STREAM_KINDS),
    enabled: fields.enabled.optional(),
    url: fields.url.optional(),
    host: fields.host.optional(),
    port: fields.port.optional(),
    index: fields.index.optional(),
    sourcetype: fields.sourcetype.optional(),
    ca_pem: fields.ca_pem.optional(),
    app_name: fields.app_name.optional(),
    secret: fields.secret.optional(),
    start: z
      .enum(["beginning", "now"])
      .optional()
      .describe("Deliver the trail from seq 1 (beginning, default) or only entries written from now on"),
  })
  .strict()
  .meta({ id: "AuditStreamCreate" });
export type CreateStreamInput = z.infer<typeof createStreamSchema>;

export const updateStreamSchema = z
  .object({
    name: fields.name.optional(),
    enabled: fields.enabled.optional(),
    url: fields.url.optional(),
    host: fields.host.optional(),
    port: fields.port.optional(),
    index: fields.index.optional(),
    sourcetype: fields.sourcetype.optional(),
    ca_pem: fields.ca_pem.optional(),
    app_name: fields.app_name.optional(),
    secret: fields.secret.optional(),
  })
  .strict()
  .meta({ id: "AuditStreamUpdate" });
export type UpdateStreamInput = z.infer<typeof updateStreamSchema>;

export const backfillSchema = z
  .object({
    from_seq: z.number().int().min(1).describe("The first seq to deliver again; the cursor becomes from_seq - 1"),
  })
  .strict()
  .meta({ id: "AuditStreamBackfill" });

/** What a stream's row keeps in `config` (no secrets). */
export interface StreamConfig {
  url?: string;
  host?: string;
  port?: number;
  index?: string | null;
  sourcetype?: string | null;
  ca_pem?: string | null;
  app_name?: string | null;
}

export const streamView = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(STREAM_KINDS),
    enabled: z.boolean(),
    destination: z.string().describe("The URL, or syslog-tls://host:port"),
    url: z.string().nullable(),
    host: z.string().nullable(),
    port: z.number().int().nullable(),
    index: z.string().nullable(),
    sourcetype: z.string().nullable(),
    app_name: z.string().nullable(),
    ca_configured: z.boolean().describe("Whether a CA certificate is stored for the receiver"),
    secret_configured: z.boolean().describe("Whether a token / signing secret is stored (never returned)"),
    cursor_seq: z.number().int().describe("The last seq the receiver acknowledged"),
    head_seq: z.number().int().describe("The tenant's latest audit seq"),
    lag: z.number().int().describe("head_seq - cursor_seq: entries not yet acknowledged"),
    failures: z.number().int().describe("Consecutive failed attempts"),
    last_error: z.string().nullable(),
    last_attempt_at: z.string().nullable(),
    last_success_at: z.string().nullable(),
    next_attempt_at: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "AuditStream" });
export type StreamView = z.infer<typeof streamView>;

export const streamTestView = z
  .object({
    ok: z.boolean(),
    message: z.string().describe("What the receiver answered, or why it could not be reached"),
  })
  .meta({ id: "AuditStreamTestResult" });
export type StreamTestResult = z.infer<typeof streamTestView>;
