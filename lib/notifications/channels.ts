// The three channels. Each send throws on failure (the outbox records the message and retries).
//   email   SMTP through nodemailer (SMTP_URL, or the tenant's sealed SMTP URL), TLS required
//   slack   Slack incoming webhook: POST {"channel", "text"} to the configured webhook URL
//   webhook generic JSON POST signed with HMAC-SHA256 (signing.ts)
// Every target passes the outbound guard (lib/net/outbound.ts) at delivery too, and the
// connection is pinned to the address it checked.
import "server-only";
import { isIP } from "node:net";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { postJsonChecked, resolveOutbound, type CheckedTarget } from "@/lib/net/outbound";
import type { NotificationPayload } from "./outbox";
import type { ChannelSecrets } from "./settings";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signPayload } from "./signing";

export type Channel = "email" | "slack" | "webhook";
const TIMEOUT_MS = 10_000;

function text(p: NotificationPayload): string {
  if (p.event === "report.ready") {
    const r = p.report;
    return `Scheduled report "${r.schedule}": ${r.type} report (${r.format}), ${r.from} to ${r.to}, ${r.rows} rows, SHA-256 ${r.sha256}\n${r.url}`;
  }
  const a = p.alert;
  return `[${a.severity.toUpperCase()}] ${a.title}\n${a.summary}\nRule: ${a.rule} (${a.action})\nFired: ${a.fired_at}\n${a.url}`;
}

/**
 * POSTs through the outbound guard (checked target, pinned socket; lib/net/outbound.ts). Anything
 * but a 2xx fails, a 3xx included: redirects are not followed. Errors name the origin only.
 */
async function post(rawUrl: string, body: string, headers: Record<string, string>): Promise<void> {
  const { status, origin } = await postJsonChecked(rawUrl, body, headers, { timeoutMs: TIMEOUT_MS });
  if (status >= 300 && status < 400) throw new Error(`POST ${origin} answered ${status} (redirects are not followed)`);
  if (status < 200 || status >= 300) throw new Error(`POST ${origin} answered ${status}`);
}

/**
 * nodemailer options for a checked SMTP target: connect to the checked address (nodemailer does
 * no DNS for an address), verify the certificate against the host name, TLS required: smtps is
 * TLS from the first byte, smtp must upgrade with STARTTLS (requireTLS) unless the host is listed
 * in WARDEN_OUTBOUND_ALLOW. Nothing else is taken from the URL.
 */
export function smtpOptions(t: CheckedTarget): SMTPTransport.Options {
  const secure = t.url.protocol === "smtps:";
  const name = isIP(t.host) ? undefined : t.url.hostname;
  const user = decodeURIComponent(t.url.username);
  return {
    host: t.address,
    port: t.port,
    secure,
    requireTLS: !secure && !t.plaintext,
    ignoreTLS: false,
    ...(name ? { servername: name, tls: { servername: name } } : {}),
    ...(user ? { auth: { user, pass: decodeURIComponent(t.url.password) } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  };
}

export async function sendToChannel(
  channel: Channel,
  target: string,
  p: NotificationPayload,
  s: ChannelSecrets,
  deliveryId: string,
  attachment?: { filename: string; content: Buffer },
): Promise<void> {
  switch (channel) {
    case "email": {
      if (!s.smtpUrl)
        throw new Error("SMTP is not configured: set SMTP_URL or an SMTP URL under Monitoring → Channels");
      const smtp = await resolveOutbound(s.smtpUrl, { kind: "smtp" });
      const transport = nodemailer.createTransport(smtpOptions(smtp));
      try {
        await transport.sendMail({
          from: s.emailFrom,
          to: target,
          subject:
            p.event === "report.ready"
              ? `[Warden report] ${p.report.schedule}`
              : `[Warden ${p.alert.severity}] ${p.alert.title}`,
          text: text(p),
          headers:
            p.event === "report.ready"
              ? { "X-Warden-Report": p.report.id, "X-Warden-Delivery": deliveryId }
              : { "X-Warden-Alert": p.alert.id, "X-Warden-Delivery": deliveryId },
          ...(attachment ? { attachments: [{ filename: attachment.filename, content: attachment.content }] } : {}),
        });
      } catch (e) {
        // The server's own words stay out of the console: the code and the SMTP reply code only.
        const err = e as { code?: string; responseCode?: number };
        throw new Error(
          `SMTP ${smtp.url.hostname}:${smtp.port} failed: ${err.code ?? "error"}${err.responseCode ? ` (${err.responseCode})` : ""}`,
        );
      } finally {
        transport.close();
      }
      return;
    }
    case "slack": {
      if (!s.slackWebhookUrl) throw new Error(`No Slack incoming-webhook URL is configured for ${target}`);
      await post(s.slackWebhookUrl, JSON.stringify({ channel: target, text: text(p) }), {});
      return;
    }
    case "webhook": {
      if (!s.webhookSecret) throw new Error("No webhook signing secret is configured; unsigned webhooks are not sent");
      const body = JSON.stringify({ ...p, delivery_id: deliveryId });
      await post(target, body, {
        [SIGNATURE_HEADER]: signPayload(s.webhookSecret, body),
        [DELIVERY_HEADER]: deliveryId,
        "x-warden-event": p.event,
      });
      return;
    }
  }
}
