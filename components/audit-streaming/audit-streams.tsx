"use client";
// Settings -> Audit streaming: the tenant's streams with their lag, last success and last error,
// and (with audit.manage) add, edit, test, backfill and delete. Calls go through the typed /v1
// client; the server re-checks every permission. The page refreshes itself every 10 s while
// open, so a falling lag can be watched.
import { Panel } from "@/components/ui/panel";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useCan } from "@/components/rbac/can";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api, must, type RequestBody } from "@/lib/api/client";
import type { StreamView } from "@/lib/audit/streaming/schemas";
import { when } from "@/components/monitoring/api";
import { inputClass } from "@/components/ui/field";
import { useRun } from "@/components/monitoring/use-run";
import { LabeledField } from "@/components/ui/labeled-field";

export const KIND_LABEL: Record<StreamView["kind"], string> = {
  splunk_hec: "Splunk HEC",
  webhook: "Signed webhook",
  syslog_tls: "Syslog over TLS",
};

type Form = {
  name: string;
  kind: StreamView["kind"];
  url: string;
  host: string;
  port: string;
  index: string;
  sourcetype: string;
  app_name: string;
  ca_pem: string;
  secret: string;
  start: "beginning" | "now";
  enabled: boolean;
};

const formOf = (s: StreamView | null): Form => ({
  name: s?.name ?? "",
  kind: s?.kind ?? "splunk_hec",
  url: s?.url ?? "",
  host: s?.host ?? "",
  port: s?.port ? String(s.port) : "6514",
  index: s?.index ?? "",
  sourcetype: s?.sourcetype ?? "",
  app_name: s?.app_name ?? "",
  ca_pem: "",
  secret: "",
  start: "beginning",
  enabled: s?.enabled ?? true,
});

function StreamForm({ stream, onDone }: { stream: StreamView | null; onDone: () => void }) {
  const [f, setF] = useState<Form>(formOf(stream));
  const { busy, error, run } = useRun();
  const set = (patch: Partial<Form>) => setF({ ...f, ...patch });
  const syslog = f.kind === "syslog_tls";
  const save = async () => {
    const dest = syslog
      ? { host: f.host.trim(), port: Number(f.port), app_name: f.app_name.trim() || null }
      : {
          url: f.url.trim(),
          ...(f.kind === "splunk_hec"
            ? { index: f.index.trim() || null, sourcetype: f.sourcetype.trim() || null }
            : {}),
        };
    const extra = {
      ...(f.ca_pem.trim() ? { ca_pem: f.ca_pem.trim() } : {}),
      ...(f.secret ? { secret: f.secret } : {}),
    };
    const ok = stream
      ? await run(() => {
          const body: RequestBody<"/v1/audit/streams/{id}", "patch"> = {
            name: f.name.trim(),
            enabled: f.enabled,
            ...dest,
            ...extra,
          };
          return must(api.PATCH("/v1/audit/streams/{id}", { params: { path: { id: stream.id } }, body }));
        })
      : await run(() => {
          const body: RequestBody<"/v1/audit/streams", "post"> = {
            name: f.name.trim(),
            kind: f.kind,
            enabled: f.enabled,
            start: f.start,
            ...dest,
            ...extra,
          };
          return must(api.POST("/v1/audit/streams", { body }));
        });
    if (ok) onDone();
  };
  return (
    <Card className="p-4">
      <form
        aria-label={stream ? `Edit ${stream.name}` : "Add audit stream"}
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset className="contents" disabled={busy}>
          <LabeledField id="as-name" label="Name">
            <input
              id="as-name"
              required
              className={inputClass}
              value={f.name}
              onChange={(e) => set({ name: e.target.value })}
              placeholder="Splunk (SOC)"
            />
          </LabeledField>
          <LabeledField id="as-kind" label="Destination type" hint={stream ? "Fixed once created" : undefined}>
            <select
              id="as-kind"
              className={inputClass}
              value={f.kind}
              disabled={Boolean(stream)}
              onChange={(e) => set({ kind: e.target.value as Form["kind"] })}
            >
              {Object.entries(KIND_LABEL).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </LabeledField>
          {syslog ? (
            <>
              <LabeledField id="as-host" label="Host">
                <input
                  id="as-host"
                  required
                  className={inputClass}
                  value={f.host}
                  onChange={(e) => set({ host: e.target.value })}
                  placeholder="siem.company.com"
                />
              </LabeledField>
              <LabeledField id="as-port" label="TLS port" hint="RFC 5425: 6514">
                <input
                  id="as-port"
                  required
                  inputMode="numeric"
                  className={inputClass}
                  value={f.port}
                  onChange={(e) => set({ port: e.target.value })}
                />
              </LabeledField>
              <LabeledField id="as-app" label="APP-NAME (optional)">
                <input
                  id="as-app"
                  className={inputClass}
                  value={f.app_name}
                  onChange={(e) => set({ app_name: e.target.value })}
                  placeholder="warden"
                />
              </LabeledField>
            </>
          ) : (
            <>
              <LabeledField
                id="as-url"
                label={f.kind === "splunk_hec" ? "HEC URL" : "Receiver URL"}
                hint={
                  f.kind === "splunk_hec"
                    ? "/services/collector/event is appended"
                    : "Signed like the alert webhooks (x-warden-signature)"
                }
              >
                <input
                  id="as-url"
                  required
                  className={inputClass}
                  value={f.url}
                  onChange={(e) => set({ url: e.target.value })}
                  placeholder={
                    f.kind === "splunk_hec" ? "https://splunk.company.com:8088" : "https://siem.company.com/warden"
                  }
                />
              </LabeledField>
              <LabeledField
                id="as-secret"
                label={f.kind === "splunk_hec" ? "HEC token" : "Signing secret"}
                hint={
                  stream?.secret_configured
                    ? "Stored (encrypted); leave blank to keep it"
                    : "Encrypted at rest, never shown again"
                }
              >
                <input
                  id="as-secret"
                  type="password"
                  autoComplete="off"
                  required={!stream}
                  className={inputClass}
                  value={f.secret}
                  onChange={(e) => set({ secret: e.target.value })}
                  placeholder={stream?.secret_configured ? "•••••• (set)" : "at least 16 characters"}
                />
              </LabeledField>
              {f.kind === "splunk_hec" && (
                <>
                  <LabeledField id="as-index" label="Index (optional)">
                    <input
                      id="as-index"
                      className={inputClass}
                      value={f.index}
                      onChange={(e) => set({ index: e.target.value })}
                      placeholder="the token's default"
                    />
                  </LabeledField>
                  <LabeledField id="as-sourcetype" label="Sourcetype (optional)">
                    <input
                      id="as-sourcetype"
                      className={inputClass}
                      value={f.sourcetype}
                      onChange={(e) => set({ sourcetype: e.target.value })}
                      placeholder="warden:audit"
                    />
                  </LabeledField>
                </>
              )}
            </>
          )}
          <div className="sm:col-span-2">
            <LabeledField
              id="as-ca"
              label="CA certificate (optional, PEM)"
              hint={
                stream?.ca_configured
                  ? "A CA certificate is stored; paste another to replace it"
                  : "For receivers whose certificate is not publicly trusted"
              }
            >
              <textarea
                id="as-ca"
                rows={3}
                className={`${inputClass} h-auto py-2 font-mono text-xs`}
                value={f.ca_pem}
                onChange={(e) => set({ ca_pem: e.target.value })}
                placeholder="-----BEGIN CERTIFICATE-----"
              />
            </LabeledField>
          </div>
          <div className="flex flex-wrap items-center gap-4 sm:col-span-2">
            <label className="flex items-center gap-2 text-sm text-fg">
              <input type="checkbox" checked={f.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
            </label>
            {!stream && (
              <label className="flex items-center gap-2 text-sm text-fg">
                Start from
                <select
                  aria-label="Start from"
                  className={`${inputClass} w-auto`}
                  value={f.start}
                  onChange={(e) => set({ start: e.target.value as Form["start"] })}
                >
                  <option value="beginning">the first entry (seq 1)</option>
                  <option value="now">new entries only</option>
                </select>
              </label>
            )}
          </div>
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            <Button type="submit" variant="primary" disabled={busy}>
              {stream ? "Save stream" : "Add stream"}
            </Button>
            <Button type="button" variant="ghost" onClick={onDone}>
              Cancel
            </Button>
            {error && (
              <span role="alert" className="text-sm text-danger-text">
                {error}
              </span>
            )}
          </div>
        </fieldset>
      </form>
    </Card>
  );
}

function StreamActions({ s, onEdit }: { s: StreamView; onEdit: () => void }) {
  const { busy, error, run } = useRun();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [from, setFrom] = useState("1");
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={onEdit}>
          Edit
        </Button>
        <Button
          size="sm"
          disabled={busy}
          onClick={() =>
            run(async () =>
              setResult(await must(api.POST("/v1/audit/streams/{id}/test", { params: { path: { id: s.id } } }))),
            )
          }
        >
          Test
        </Button>
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() =>
              must(
                api.POST("/v1/audit/streams/{id}/backfill", {
                  params: { path: { id: s.id } },
                  body: { from_seq: Number(from) },
                }),
              ),
            );
          }}
        >
          <label htmlFor={`bf-${s.id}`} className="sr-only">
            Backfill from seq
          </label>
          <input
            id={`bf-${s.id}`}
            inputMode="numeric"
            className={`${inputClass.replace("w-full", "w-20")} h-8`}
            placeholder="from seq"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <Button size="sm" type="submit" disabled={busy}>
            Backfill
          </Button>
        </form>
        {confirming ? (
          <>
            <Button
              size="sm"
              variant="primary"
              disabled={busy}
              onClick={() =>
                run(async () => void (await api.DELETE("/v1/audit/streams/{id}", { params: { path: { id: s.id } } })))
              }
            >
              Delete {s.name}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
              Keep
            </Button>
          </>
        ) : (
          <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
            Delete
          </Button>
        )}
      </div>
      {result && (
        <p role="status" className={`text-xs ${result.ok ? "text-success-text" : "text-danger-text"}`}>
          {result.ok ? "Test delivered: " : "Test failed: "}
          {result.message}
        </p>
      )}
      {error && (
        <p role="alert" className="text-xs text-danger-text">
          {error}
        </p>
      )}
    </div>
  );
}

export function AuditStreams({ streams }: { streams: StreamView[] }) {
  const canManage = useCan("audit.manage");
  const router = useRouter();
  const [editing, setEditing] = useState<StreamView | "new" | null>(null);
  useEffect(() => {
    const t = setInterval(() => router.refresh(), 10_000);
    return () => clearInterval(t);
  }, [router]);
  return (
    <Panel
      id="streams"
      title="Streams"
      className=""
      action={
        canManage &&
        editing === null && (
          <Button variant="primary" onClick={() => setEditing("new")}>
            Add stream
          </Button>
        )
      }
    >
      <div className="flex flex-col gap-3">
        {editing !== null && (
          <StreamForm
            key={editing === "new" ? "new" : editing.id}
            stream={editing === "new" ? null : editing}
            onDone={() => setEditing(null)}
          />
        )}
        {streams.length === 0 && (
          <p className="text-sm text-muted">
            No stream yet: the audit trail leaves Warden only through signed exports.
          </p>
        )}
        <ul className="flex flex-col gap-3">
          {streams.map((s) => (
            <li key={s.id}>
              <Card className="flex flex-col gap-3 p-4 lg:flex-row lg:items-start lg:justify-between">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 font-medium text-fg">
                    {s.name}
                    <Badge>{KIND_LABEL[s.kind]}</Badge>
                    <Badge
                      tone={!s.enabled ? "neutral" : s.last_error ? "danger" : s.lag === 0 ? "success" : "warning"}
                    >
                      {!s.enabled ? "Disabled" : s.last_error ? "Failing" : s.lag === 0 ? "Up to date" : "Catching up"}
                    </Badge>
                  </p>
                  <p className="mt-1 truncate font-mono text-xs text-muted" title={s.destination}>
                    {s.destination}
                  </p>
                  <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4">
                    <div>
                      <dt className="text-subtle">Lag</dt>
                      <dd className="font-medium text-fg" data-testid="stream-lag">
                        {s.lag.toLocaleString("en-US")} {s.lag === 1 ? "entry" : "entries"}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-subtle">Delivered up to</dt>
                      <dd className="text-fg">
                        seq {s.cursor_seq} of {s.head_seq}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-subtle">Last success</dt>
                      <dd className="text-fg">{when(s.last_success_at)}</dd>
                    </div>
                    <div>
                      <dt className="text-subtle">Secret</dt>
                      <dd className="text-fg">
                        {s.kind === "syslog_tls"
                          ? "TLS certificate"
                          : s.secret_configured
                            ? "stored (encrypted)"
                            : "not set"}
                      </dd>
                    </div>
                  </dl>
                  {s.last_error && (
                    <p className="mt-2 break-words text-xs text-danger-text">
                      Last error ({s.failures} {s.failures === 1 ? "attempt" : "attempts"}, next{" "}
                      {when(s.next_attempt_at)}
                      ): {s.last_error}
                    </p>
                  )}
                </div>
                {canManage && <StreamActions s={s} onEdit={() => setEditing(s)} />}
              </Card>
            </li>
          ))}
        </ul>
      </div>
    </Panel>
  );
}
