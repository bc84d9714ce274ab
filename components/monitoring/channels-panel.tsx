"use client";
// Notification channels as /api/enterprise/compliance/monitoring has them (email, slack, webhook),
// plus the write-only delivery secrets.
import { useCan } from "@/components/rbac/can";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { ChannelsView } from "@/lib/notifications/settings";
import { api, type RequestBody } from "@/lib/api/client";
import { inputClass } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useRun } from "./use-run";
import { LabeledField } from "@/components/ui/labeled-field";

const Configured = ({ on }: { on: boolean }) => (
  <Badge tone={on ? "success" : "warning"}>{on ? "configured" : "not configured"}</Badge>
);

export function ChannelsPanel({ channels }: { channels: ChannelsView }) {
  const canWrite = useCan("monitoring.write");
  const [email, setEmail] = useState(channels.email.join(", "));
  const [slack, setSlack] = useState(channels.slack ?? "");
  const [webhook, setWebhook] = useState(channels.webhook ?? "");
  const [secrets, setSecrets] = useState({ slack_webhook_url: "", webhook_secret: "", smtp_url: "" });
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useRun();
  const save = async () => {
    setSaved(false);
    const body: RequestBody<"/v1/monitoring/channels", "put"> = {
      email: email.split(/[\s,]+/).filter(Boolean),
      slack: slack.trim() || null,
      webhook: webhook.trim() || null,
    };
    for (const [k, v] of Object.entries(secrets) as [keyof typeof secrets, string][]) if (v.trim()) body[k] = v.trim();
    if (await run(() => api.PUT("/v1/monitoring/channels", { body }))) {
      setSecrets({ slack_webhook_url: "", webhook_secret: "", smtp_url: "" });
      setSaved(true);
    }
  };
  const dis = !canWrite || busy;
  return (
    <Panel
      id="channels"
      title="Channels"
      description="Where alerts go. Secrets are encrypted at rest and never shown again; leave a secret blank to keep it."
    >
      <Card className="p-4">
        <form
          className="grid gap-4 lg:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset className="space-y-3" disabled={dis}>
            <legend className="mb-1 flex items-center gap-2 text-sm font-medium text-fg">
              E-mail <Configured on={channels.smtp_configured} />
            </legend>
            <LabeledField id="ch-email" label="Recipients" hint="Comma-separated addresses">
              <input
                id="ch-email"
                className={inputClass}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                placeholder="security@company.com"
              />
            </LabeledField>
            <LabeledField
              id="ch-smtp"
              label="SMTP URL"
              hint={
                channels.smtp_source === "environment"
                  ? "Using SMTP_URL from the server environment"
                  : channels.smtp_source === "tenant"
                    ? "Set for this tenant"
                    : "Not set: e-mails wait in the outbox"
              }
            >
              <input
                id="ch-smtp"
                type="password"
                autoComplete="off"
                className={inputClass}
                value={secrets.smtp_url}
                onChange={(e) => setSecrets({ ...secrets, smtp_url: e.target.value })}
                placeholder="smtps://user:pass@mail.company.com:465"
              />
            </LabeledField>
          </fieldset>
          <fieldset className="space-y-3" disabled={dis}>
            <legend className="mb-1 flex items-center gap-2 text-sm font-medium text-fg">
              Slack <Configured on={channels.slack_webhook_configured} />
            </legend>
            <LabeledField id="ch-slack" label="Channel">
              <input
                id="ch-slack"
                className={inputClass}
                value={slack}
                onChange={(e) => setSlack(e.target.value)}
                placeholder="#security-alerts"
              />
            </LabeledField>
            <LabeledField id="ch-slack-url" label="Incoming-webhook URL">
              <input
                id="ch-slack-url"
                type="password"
                autoComplete="off"
                className={inputClass}
                value={secrets.slack_webhook_url}
                onChange={(e) => setSecrets({ ...secrets, slack_webhook_url: e.target.value })}
                placeholder="https://hooks.slack.com/services/…"
              />
            </LabeledField>
          </fieldset>
          <fieldset className="space-y-3" disabled={dis}>
            <legend className="mb-1 flex items-center gap-2 text-sm font-medium text-fg">
              Webhook <Configured on={Boolean(channels.webhook) && channels.webhook_secret_configured} />
            </legend>
            <LabeledField id="ch-webhook" label="URL">
              <input
                id="ch-webhook"
                className={inputClass}
                value={webhook}
                onChange={(e) => setWebhook(e.target.value)}
                placeholder="https://company.com/security-webhook"
              />
            </LabeledField>
            <LabeledField
              id="ch-secret"
              label="Signing secret"
              hint={
                <>
                  Signed as{" "}
                  <code className="font-mono">x-warden-signature: t=…,v1=HMAC-SHA256(secret, &quot;t.body&quot;)</code>;
                  5-minute replay window
                </>
              }
            >
              <input
                id="ch-secret"
                type="password"
                autoComplete="off"
                className={inputClass}
                value={secrets.webhook_secret}
                onChange={(e) => setSecrets({ ...secrets, webhook_secret: e.target.value })}
                placeholder={channels.webhook_secret_configured ? "•••••• (set)" : "at least 16 characters"}
              />
            </LabeledField>
          </fieldset>
          {canWrite && (
            <div className="flex flex-wrap items-center gap-3 lg:col-span-3">
              <Button type="submit" variant="primary" disabled={busy}>
                Save channels
              </Button>
              {saved && (
                <span role="status" className="text-sm text-success-text">
                  Saved
                </span>
              )}
              {error && (
                <span role="alert" className="text-sm text-danger-text">
                  {error}
                </span>
              )}
            </div>
          )}
        </form>
      </Card>
    </Panel>
  );
}
