// The three channels. Each send throws on failure (the outbox records the message and retries).
//   email   SMTP through nodemailer (SMTP_URL, or the tenant's sealed SMTP URL)
//   slack   Slack incoming webhook: POST {"channel", "text"} to the configured webhook URL
//   webhook generic JSON POST signed with HMAC-SHA256 (signing.ts)
// Slack and webhook targets pass the outbound URL guard (url-guard.ts) at delivery too.
import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import nodemailer from "nodemailer";
import type { AlertPayload } from "./outbox";
import type { ChannelSecrets } from "./settings";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signPayload } from "./signing";
import { resolveOutbound } from "./url-guard";

export type Channel = "email" | "slack" | "webhook";
const TIMEOUT_MS = 10_000;

function text(p: AlertPayload): string {
  const a = p.alert;
  return `[${a.severity.toUpperCase()}] ${a.title}\n${a.summary}\nRule: ${a.rule} (${a.action})\nFired: ${a.fired_at}\n${a.url}`;
}

/**
 * POSTs to a checked target: the guard resolves and checks every address first (url-guard.ts),
 * then the connection is pinned to that address through `lookup`, so a second DNS answer cannot
 * send it elsewhere. Redirects are not followed (a 3xx is a failure). Errors name the origin only.
 */
async function post(rawUrl: string, body: string, headers: Record<string, string>): Promise<void> {
  const target = await resolveOutbound(rawUrl);
  const { url } = target;
  const pinned = ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
    opts?.all ? cb(null, [{ address: target.address, family: target.family }]) : cb(null, target.address, target.family)) as unknown as LookupFunction;
  const payload = Buffer.from(body);
  const status = await new Promise<number>((resolve, reject) => {
    const req = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(payload.length), ...headers },
        lookup: pinned,
        agent: false,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(payload);
  }).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`POST ${url.origin} failed: ${e.code ?? e.message}`);
  });
  if (status >= 300 && status < 400) throw new Error(`POST ${url.origin} answered ${status} (redirects are not followed)`);
  if (status < 200 || status >= 300) throw new Error(`POST ${url.origin} answered ${status}`);
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
