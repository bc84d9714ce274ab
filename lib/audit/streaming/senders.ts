// The three receivers of an audit stream (ADR 0030). Each send takes a batch of consecutive
// entries and resolves only when the receiver acknowledged all of them; anything else throws
// and the cursor stays where it was. The seq is each entry's idempotency key at the receiver.
//   splunk_hec  POST <url>/services/collector/event, `Authorization: Splunk <token>`, one event
//               object per entry (event = the entry; fields carry seq, hash, tenant); acknowledged
//               by 200 and {"code":0}
//   webhook     POST <url> with {"type":"audit.entries", first_seq, last_seq, entries}, signed as
//               the alert webhooks are (lib/notifications/signing.ts); x-warden-delivery is
//               "<stream>:<first>-<last>" and x-warden-seq-range "<first>-<last>"; acknowledged by 2xx
//   syslog_tls  RFC 5424 messages (facility 13 "log audit", structured data warden@32473 with seq
//               and hash, the entry as JSON in MSG) framed with octet counting (RFC 5425 4.3) over
//               node:tls; RFC 5425 has no application acknowledgement, so a batch counts as
//               delivered when every byte was written and the receiver closed the connection cleanly.
// Every connection passes the outbound guard and is pinned to the address it checked; errors
// name the origin and a code only, never a secret or a resolved address.
import "server-only";
import { isIP } from "node:net";
import os from "node:os";
import tls from "node:tls";
import type { AuditEntryView } from "@/lib/audit/query";
import { OutboundRefused, postJsonChecked, resolveOutbound } from "@/lib/net/outbound";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signPayload } from "@/lib/notifications/signing";
import type { StreamConfig, StreamKind } from "./schemas";
import { syslogGuardUrl } from "./service";

export const SEQ_RANGE_HEADER = "x-warden-seq-range";
const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export interface StreamTarget {
  id: string;
  kind: StreamKind;
  config: StreamConfig;
  secret: string | null;
  tenantSlug: string;
}

/** The entry as it leaves Warden: the signed export's entry view (lib/audit/query.ts). */
export type StreamedEntry = AuditEntryView;

const postTo = (rawUrl: string, body: string, headers: Record<string, string>, ca: string | null | undefined) =>
  postJsonChecked(rawUrl, body, headers, { timeoutMs: TIMEOUT_MS, ca, maxAnswerBytes: MAX_ANSWER_BYTES });

/** The HEC endpoint: the configured base with /services/collector/event, unless it already names one. */
export function hecEndpoint(base: string): string {
  const u = new URL(base);
  if (!/\/services\/collector(\/event)?\/?$/.test(u.pathname))
    u.pathname = `${u.pathname.replace(/\/+$/, "")}/services/collector/event`;
  return u.toString();
}

export function hecBody(entries: StreamedEntry[], t: Pick<StreamTarget, "config" | "tenantSlug">): string {
  return entries
    .map((e) =>
      JSON.stringify({
        time: Date.parse(e.ts) / 1000,
        host: "warden",
        source: `warden:${t.tenantSlug}`,
        sourcetype: t.config.sourcetype || "warden:audit",
        ...(t.config.index ? { index: t.config.index } : {}),
        fields: { seq: e.seq, hash: e.hash, tenant: t.tenantSlug, action: e.action, outcome: e.outcome },
        event: e,
      }),
    )
    .join("\n");
}

async function sendHec(t: StreamTarget, entries: StreamedEntry[]): Promise<void> {
  if (!t.config.url || !t.secret) throw new Error("The stream has no HEC URL or token");
  const first = entries[0].seq;
  const last = entries[entries.length - 1].seq;
  const r = await postTo(
    hecEndpoint(t.config.url),
    hecBody(entries, t),
    { authorization: `Splunk ${t.secret}`, [SEQ_RANGE_HEADER]: `${first}-${last}` },
    t.config.ca_pem,
  );
  let code: unknown;
  try {
    code = (JSON.parse(r.text) as { code?: unknown }).code;
  } catch {
    code = undefined;
  }
  if (r.status !== 200 || code !== 0)
    throw new Error(`HEC ${r.origin} answered ${r.status}${typeof code === "number" ? ` (code ${code})` : ""}`);
}

export function webhookBody(entries: StreamedEntry[], t: Pick<StreamTarget, "id" | "tenantSlug">): string {
  return JSON.stringify({
    type: "audit.entries",
    tenant: t.tenantSlug,
    stream_id: t.id,
    first_seq: entries[0].seq,
    last_seq: entries[entries.length - 1].seq,
    entries,
  });
}

async function sendWebhook(t: StreamTarget, entries: StreamedEntry[]): Promise<void> {
  if (!t.config.url || !t.secret)
    throw new Error("The stream has no URL or signing secret; unsigned webhooks are not sent");
  const range = `${entries[0].seq}-${entries[entries.length - 1].seq}`;
  const body = webhookBody(entries, t);
  const r = await postTo(
    t.config.url,
    body,
    {
      [SIGNATURE_HEADER]: signPayload(t.secret, body),
      [DELIVERY_HEADER]: `${t.id}:${range}`,
      [SEQ_RANGE_HEADER]: range,
      "x-warden-event": "audit.entries",
    },
    t.config.ca_pem,
  );
  if (r.status < 200 || r.status >= 300)
    throw new Error(
      `POST ${r.origin} answered ${r.status}${r.status >= 300 && r.status < 400 ? " (redirects are not followed)" : ""}`,
    );
}

// ---- syslog (RFC 5424 over RFC 5425) ----------------------------------------------------------

const FACILITY_LOG_AUDIT = 13;
/** The structured-data id: the documentation enterprise number (RFC 5612) until Warden has its own. */
export const SD_ID = "warden@32473";

const printable = (s: string, max: number) => s.replace(/[^!-~]/g, "").slice(0, max) || "-";
const sdValue = (s: string) => s.replace(/[\\"\]]/g, (c) => `\\${c}`);
const HOSTNAME = printable(os.hostname(), 255);

/** One RFC 5424 message (without its frame). */
export function syslogMessage(e: StreamedEntry, t: Pick<StreamTarget, "config" | "tenantSlug">): string {
  const severity = e.outcome === "success" ? 6 : 5; // informational, or notice for failures and denials
  const pri = FACILITY_LOG_AUDIT * 8 + severity;
  const sd = `[${SD_ID} tenant="${sdValue(t.tenantSlug)}" seq="${e.seq}" hash="${sdValue(e.hash)}" action="${sdValue(e.action)}" outcome="${sdValue(e.outcome)}"]`;
  const app = printable(t.config.app_name || "warden", 48);
  return `<${pri}>1 ${e.ts} ${HOSTNAME} ${app} - ${printable(e.action, 32)} ${sd} \uFEFF${JSON.stringify(e)}`;
}

/** RFC 5425 4.3 octet counting: MSG-LEN SP SYSLOG-MSG, the length in bytes. */
export function octetFrame(msg: string): Buffer {
  const body = Buffer.from(msg, "utf8");
  return Buffer.concat([Buffer.from(`${body.length} `, "ascii"), body]);
}

/** Opens a TLS connection to the checked receiver, writes `frames` and waits for a clean close. */
async function syslogWrite(c: StreamConfig, frames: Buffer[]): Promise<void> {
  if (!c.host || !c.port) throw new Error("The stream has no syslog host or port");
  const where = `${c.host}:${c.port}`;
  const target = await resolveOutbound(syslogGuardUrl(c.host, c.port), { kind: "endpoint" }).catch((e: unknown) => {
    // The guard judged it as an https URL; name it as what it is.
    throw e instanceof OutboundRefused ? new OutboundRefused(`syslog-tls://${where}`, e.problem, e.rule) : e;
  });
  const servername = isIP(target.host) ? undefined : target.host;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const done = (e?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (e) reject(e);
      else resolve();
    };
    const timer = setTimeout(
      () => done(new Error(`syslog ${where} did not finish within ${TIMEOUT_MS / 1000} s`)),
      TIMEOUT_MS,
    );
    // The socket goes to the address the guard checked; the certificate is checked against the host name.
    const socket = tls.connect(
      {
        host: target.address,
        port: target.port,
        servername,
        ...(c.ca_pem ? { ca: c.ca_pem } : {}),
        ...(servername ? {} : { checkServerIdentity: (_h, cert) => tls.checkServerIdentity(target.host, cert) }),
      },
      () => {
        socket.end(Buffer.concat(frames));
      },
    );
    let finished = false;
    socket.on("finish", () => (finished = true));
    socket.on("data", () => {}); // receivers may answer; nothing is expected
    socket.on("error", (e: NodeJS.ErrnoException) => done(new Error(`syslog ${where} failed: ${e.code ?? e.message}`)));
    socket.on("close", (hadError) =>
      done(
        finished && !hadError
          ? undefined
          : new Error(`syslog ${where} closed the connection before the batch was written`),
      ),
    );
  });
}

async function sendSyslog(t: StreamTarget, entries: StreamedEntry[]): Promise<void> {
  await syslogWrite(
    t.config,
    entries.map((e) => octetFrame(syslogMessage(e, t))),
  );
}

export async function sendBatch(t: StreamTarget, entries: StreamedEntry[]): Promise<void> {
  if (!entries.length) return;
  if (t.kind === "splunk_hec") return sendHec(t, entries);
  if (t.kind === "webhook") return sendWebhook(t, entries);
  return sendSyslog(t, entries);
}

/** One test message (not an audit entry): HEC and webhook must acknowledge it, syslog must accept it. */
export async function sendTest(t: StreamTarget): Promise<string> {
  const at = new Date().toISOString();
  if (t.kind === "splunk_hec") {
    if (!t.config.url || !t.secret) throw new Error("The stream has no HEC URL or token");
    const body = JSON.stringify({
      time: Date.parse(at) / 1000,
      host: "warden",
      source: `warden:${t.tenantSlug}`,
      sourcetype: t.config.sourcetype || "warden:audit",
      ...(t.config.index ? { index: t.config.index } : {}),
      event: { type: "warden.stream_test", stream_id: t.id, at },
    });
    const r = await postTo(hecEndpoint(t.config.url), body, { authorization: `Splunk ${t.secret}` }, t.config.ca_pem);
    if (r.status !== 200) throw new Error(`HEC ${r.origin} answered ${r.status}`);
    return `HEC ${r.origin} accepted the test event`;
  }
  if (t.kind === "webhook") {
    if (!t.config.url || !t.secret) throw new Error("The stream has no URL or signing secret");
    const body = JSON.stringify({ type: "audit.stream_test", tenant: t.tenantSlug, stream_id: t.id, at });
    const r = await postTo(
      t.config.url,
      body,
      {
        [SIGNATURE_HEADER]: signPayload(t.secret, body),
        [DELIVERY_HEADER]: `${t.id}:test`,
        "x-warden-event": "audit.stream_test",
      },
      t.config.ca_pem,
    );
    if (r.status < 200 || r.status >= 300) throw new Error(`POST ${r.origin} answered ${r.status}`);
    return `${r.origin} answered ${r.status}`;
  }
  const app = printable(t.config.app_name || "warden", 48);
  await syslogWrite(t.config, [
    octetFrame(
      `<${FACILITY_LOG_AUDIT * 8 + 6}>1 ${at} ${HOSTNAME} ${app} - stream_test [${SD_ID} tenant="${sdValue(t.tenantSlug)}" test="true"] \uFEFFWarden audit stream test`,
    ),
  ]);
  return `syslog ${t.config.host}:${t.config.port} accepted the TLS connection and the test message`;
}
