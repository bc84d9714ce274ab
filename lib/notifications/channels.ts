// The three channels. Each send throws on failure (the outbox records the message and retries).
//   email   SMTP through nodemailer (SMTP_URL, or the tenant's sealed SMTP URL)
//   slack   Slack incoming webhook: POST {"channel", "text"} to the configured webhook URL
//   webhook generic JSON POST signed with HMAC-SHA256 (signing.ts)
import "server-only";
import nodemailer from "nodemailer";
import type { AlertPayload } from "./outbox";
import type { ChannelSecrets } from "./settings";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signPayload } from "./signing";

export type Channel = "email" | "slack" | "webhook";
const TIMEOUT_MS = 10_000;

function text(p: AlertPayload): string {
  const a = p.alert;
  return `[${a.severity.toUpperCase()}] ${a.title}\n${a.summary}\nRule: ${a.rule} (${a.action})\nFired: ${a.fired_at}\n${a.url}`;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`POST ${new URL(url).origin} failed: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  if (!res.ok) throw new Error(`POST ${new URL(url).origin} answered ${res.status}`);
  await res.body?.cancel();
}

export async function sendToChannel(channel: Channel, target: string, p: AlertPayload, s: ChannelSecrets, deliveryId: string): Promise<void> {
  switch (channel) {
    case "email": {
      if (!s.smtpUrl) throw new Error("SMTP is not configured: set SMTP_URL or an SMTP URL under Monitoring → Channels");
      const transport = nodemailer.createTransport(s.smtpUrl, { connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
      try {
        await transport.sendMail({
          from: s.emailFrom,
          to: target,
          subject: `[Warden ${p.alert.severity}] ${p.alert.title}`,
          text: text(p),
          headers: { "X-Warden-Alert": p.alert.id, "X-Warden-Delivery": deliveryId },
        });
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
      await post(target, body, { [SIGNATURE_HEADER]: signPayload(s.webhookSecret, body), [DELIVERY_HEADER]: deliveryId, "x-warden-event": p.event });
      return;
    }
  }
}
