// GET, PUT /v1/monitoring/channels - e-mail, Slack and webhook channels; secrets are write-only
import { auditActor } from "@/lib/audit/append";
import { route } from "@/lib/http/route";
import { channelsSchema, channelsView, channelsViewSchema, saveChannels } from "@/lib/notifications/settings";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "monitoring.read",
    summary: "Read the notification channels",
    response: channelsViewSchema,
    example: {},
  },
  async ({ tx }) => channelsView(tx),
);

export const PUT = route(
  {
    permission: "monitoring.write",
    summary: "Set the notification channels",
    description:
      "Fields left out are kept; null clears one. Secrets (slack_webhook_url, webhook_secret, smtp_url) are sealed and never returned. Every URL passes the outbound guard (https, no private address) at save. Audited.",
    body: channelsSchema,
    response: channelsViewSchema,
    example: { body: { email: ["security@acme.test"], slack: "#security-alerts" } },
  },
  async ({ tx, actor, body, ids }) => saveChannels(tx, auditActor(actor), body, ids.requestId),
);
