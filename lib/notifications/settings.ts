// Per-tenant notification channels, in the shape of the monitoring document:
//   { "email": [..], "slack": "#security-alerts", "webhook": "https://..." }
// and the delivery secrets are separate, write-only fields (sealed with secret-box, never returned):
//   slack_webhook_url (the Slack incoming-webhook URL), webhook_secret (HMAC key), smtp_url, email_from.
import "server-only";
import { z } from "zod";
import { appendAudit, type AuditActorRef } from "@/lib/audit/append";
import { openSecret, sealSecret, type TenantKeyMaterial } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { assertOutboundUrl } from "@/lib/net/outbound";

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const channelsSchema = z.object({
  email: z.union([z.email(), z.array(z.email()).max(50)]).optional(),
  slack: z
    .string()
    .trim()
    .regex(/^#?[a-z0-9][a-z0-9._-]{0,79}$/i, "A Slack channel name such as #security-alerts")
    .nullable()
    .optional(),
  webhook: httpUrl.nullable().optional(),
  slack_webhook_url: httpUrl.nullable().optional(),
  webhook_secret: z.string().min(16, "Use a webhook secret of at least 16 characters").max(256).nullable().optional(),
  smtp_url: z
    .string()
    .regex(/^smtps?:\/\//, "An SMTP URL such as smtps://user:pass@mail.example.com:465")
    .max(2000)
    .nullable()
    .optional(),
  email_from: z.email().nullable().optional(),
});
export type ChannelsInput = z.infer<typeof channelsSchema>;

/** The channels as sent: the three fields of the monitoring document (email, slack, webhook), the sender address, and whether each secret is set. */
export const channelsViewSchema = z
  .object({
    email: z.array(z.string()).describe("Alert e-mail recipients"),
    slack: z.string().nullable().describe("Slack channel name, e.g. #security-alerts"),
    webhook: z.string().nullable().describe("Signed webhook URL"),
    email_from: z.string().nullable(),
    slack_webhook_configured: z.boolean().describe("Whether a Slack incoming-webhook URL is stored (never returned)"),
    webhook_secret_configured: z.boolean().describe("Whether a webhook signing secret is stored (never returned)"),
    smtp_configured: z.boolean(),
    smtp_source: z
      .enum(["tenant", "environment"])
      .nullable()
      .describe("Where the SMTP URL comes from: the tenant's own, SMTP_URL, or none"),
  })
  .meta({ id: "NotificationChannels" });
export type ChannelsView = z.infer<typeof channelsViewSchema>;

export async function channelsView(tx: TenantTx): Promise<ChannelsView> {
  const s = await tx.monitoringSettings.findFirst();
  return {
    email: s?.emailTo ?? [],
    slack: s?.slackChannel ?? null,
    webhook: s?.webhookUrl ?? null,
    email_from: s?.emailFrom ?? null,
    slack_webhook_configured: Boolean(s?.slackWebhookUrlSealed),
    webhook_secret_configured: Boolean(s?.webhookSecretSealed),
    smtp_configured: Boolean(s?.smtpUrlSealed || process.env.SMTP_URL),
    smtp_source: s?.smtpUrlSealed ? "tenant" : process.env.SMTP_URL ? "environment" : null,
  };
}

const sealUnder = (tk: TenantKeyMaterial) => (v: string | null | undefined) =>
  v === undefined ? undefined : v === null || v === "" ? null : sealSecret(v, tk);

export async function saveChannels(
  tx: TenantTx,
  actor: AuditActorRef,
  input: ChannelsInput,
  requestId?: string,
): Promise<ChannelsView> {
  const tenantId = await tenantIdOf(tx);
  // SSRF: every outbound URL passes the one guard (lib/net/outbound.ts); SMTP must use TLS.
  await assertOutboundUrl("webhook", input.webhook, { kind: "webhook" });
  await assertOutboundUrl("slack_webhook_url", input.slack_webhook_url, { kind: "webhook" });
  await assertOutboundUrl("smtp_url", input.smtp_url, { kind: "smtp" });
  const before = await channelsView(tx);
  const seal = sealUnder(await tenantKeyFor(tx));
  const data = {
    emailTo: input.email === undefined ? undefined : Array.isArray(input.email) ? input.email : [input.email],
    slackChannel:
      input.slack === undefined
        ? undefined
        : input.slack
          ? input.slack.startsWith("#")
            ? input.slack
            : `#${input.slack}`
          : null,
    webhookUrl: input.webhook,
    emailFrom: input.email_from,
    slackWebhookUrlSealed: seal(input.slack_webhook_url),
    webhookSecretSealed: seal(input.webhook_secret),
    smtpUrlSealed: seal(input.smtp_url),
  };
  await tx.monitoringSettings.upsert({
    where: { tenantId },
    update: data,
    create: { tenantId, ...data, emailTo: data.emailTo ?? [] },
  });
  const after = await channelsView(tx);
  // Secrets appear in the audit only as "changed".
  const secrets = (["slack_webhook_url", "webhook_secret", "smtp_url"] as const).filter((k) => input[k] !== undefined);
  await appendAudit(tx, {
    action: "monitoring.channels_update",
    outcome: "success",
    actor,
    requestId,
    target: { type: "monitoring_settings", id: tenantId },
    details: { before, after, secrets_changed: secrets },
  });
  return after;
}

/** What the delivery worker needs, secrets opened. */
export interface ChannelSecrets {
  emailTo: string[];
  emailFrom: string;
  smtpUrl: string | null;
  slackChannel: string | null;
  slackWebhookUrl: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

export async function channelSecrets(tx: TenantTx): Promise<ChannelSecrets> {
  const s = await tx.monitoringSettings.findFirst();
  if (s) await tenantKeyFor(tx);
  return {
    emailTo: s?.emailTo ?? [],
    emailFrom: s?.emailFrom ?? process.env.SMTP_FROM ?? "warden-alerts@localhost",
    smtpUrl: s?.smtpUrlSealed ? openSecret(s.smtpUrlSealed) : (process.env.SMTP_URL ?? null),
    slackChannel: s?.slackChannel ?? null,
    slackWebhookUrl: s?.slackWebhookUrlSealed ? openSecret(s.slackWebhookUrlSealed) : null,
    webhookUrl: s?.webhookUrl ?? null,
    webhookSecret: s?.webhookSecretSealed ? openSecret(s.webhookSecretSealed) : null,
  };
}
