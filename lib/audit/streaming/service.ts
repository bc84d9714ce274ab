// Audit streams: create, read, change, delete and backfill (ADR 0030). Every change is audited in
// the same transaction; secrets are sealed (lib/crypto/secret-box) and appear in the audit only
// as "changed"; every destination passes the outbound guard at save (lib/net/outbound.ts) and
// again at connect (delivery.ts).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { sealSecret } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { WardenError } from "@/lib/errors";
import type { AuditStream } from "@/lib/generated/prisma/client";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import { assertOutboundUrl } from "@/lib/net/outbound";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { CreateStreamInput, StreamConfig, StreamKind, StreamView, UpdateStreamInput } from "./schemas";

export const MAX_STREAMS_PER_TENANT = 20;

/** The tenant's latest audit seq (0 before the first entry). */
export async function headSeq(tx: TenantTx): Promise<number> {
  const head = await tx.auditHead.findFirst();
  return head ? Number(head.seq) : 0;
}

export function configOf(row: Pick<AuditStream, "config">): StreamConfig {
  return (row.config ?? {}) as StreamConfig;
}

/** The syslog receiver as a URL, so the one guard judges it with the same rules (TLS, addresses, opt-in). */
export function syslogGuardUrl(host: string, port: number): string {
  return `https://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}/`;
}

export function destinationOf(kind: string, c: StreamConfig): string {
  return kind === "syslog_tls" ? `syslog-tls://${c.host ?? "?"}:${c.port ?? 6514}` : (c.url ?? "");
}

export function toStreamView(row: AuditStream, head: number): StreamView {
  const c = configOf(row);
  const cursor = Number(row.cursorSeq);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as StreamKind,
    enabled: row.enabled,
    destination: destinationOf(row.kind, c),
    url: c.url ?? null,
    host: c.host ?? null,
    port: c.port ?? null,
    index: c.index ?? null,
    sourcetype: c.sourcetype ?? null,
    app_name: c.app_name ?? null,
    ca_configured: Boolean(c.ca_pem),
    secret_configured: Boolean(row.secretSealed),
    cursor_seq: cursor,
    head_seq: head,
    lag: Math.max(0, head - cursor),
    failures: row.failures,
    last_error: row.lastError,
    last_attempt_at: row.lastAttemptAt?.toISOString() ?? null,
    last_success_at: row.lastSuccessAt?.toISOString() ?? null,
    next_attempt_at: row.nextAttemptAt.toISOString(),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The audit's picture of a stream: everything but the cursor's movement and the secrets. */
function auditShape(kind: string, name: string, enabled: boolean, c: StreamConfig) {
  return {
    name,
    kind,
    enabled,
    destination: destinationOf(kind, c),
    index: c.index ?? null,
    sourcetype: c.sourcetype ?? null,
    app_name: c.app_name ?? null,
    ca_configured: Boolean(c.ca_pem),
  };
}

const invalid = (path: string, message: string) =>
  new WardenError("invalid_request", `${path}: ${message}`, { issues: [{ path, message }] });

/** The kind's required fields, and no field of another kind; then the outbound guard. */
async function checkDestination(kind: StreamKind, c: StreamConfig, hasSecret: boolean): Promise<void> {
  if (kind === "syslog_tls") {
    if (c.url) throw invalid("url", "syslog_tls takes host and port, not a URL");
    if (!c.host) throw invalid("host", "Required for syslog_tls");
    if (!c.port) throw invalid("port", "Required for syslog_tls (RFC 5425: 6514)");
    if (c.index || c.sourcetype) throw invalid("index", "index and sourcetype apply to splunk_hec only");
    if (hasSecret)
      throw invalid("secret", "syslog_tls authenticates the receiver by its certificate; it takes no secret");
    await assertOutboundUrl("host", syslogGuardUrl(c.host, c.port), { kind: "endpoint" });
    return;
  }
  if (c.host || c.port) throw invalid("host", `${kind} takes a URL, not host and port`);
  if (c.app_name) throw invalid("app_name", "app_name applies to syslog_tls only");
  if (kind === "webhook" && (c.index || c.sourcetype))
    throw invalid("index", "index and sourcetype apply to splunk_hec only");
  if (!c.url) throw invalid("url", `Required for ${kind}`);
  if (!hasSecret)
    throw invalid(
      "secret",
      kind === "splunk_hec"
        ? "The HEC token is required"
        : "A signing secret is required; unsigned webhooks are not sent",
    );
  await assertOutboundUrl("url", c.url, { kind: "webhook" });
}

function pick(input: CreateStreamInput | UpdateStreamInput, base: StreamConfig): StreamConfig {
  const out: StreamConfig = { ...base };
  for (const k of ["url", "host", "port", "index", "sourcetype", "ca_pem", "app_name"] as const) {
    if (input[k] === undefined) continue;
    const v = input[k];
    if (v === null || v === "") delete out[k];
    else (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

async function uniqueName(tx: TenantTx, name: string, except?: string) {
  const clash = await tx.auditStream.findFirst({
    where: { name, ...(except ? { NOT: { id: except } } : {}) },
    select: { id: true },
  });
  if (clash)
    throw new WardenError("conflict", `A stream named "${name}" already exists`, {
      issues: [{ path: "name", message: "Choose another name" }],
    });
}

export async function pageStreams(tx: TenantTx, page: Page) {
  const head = await headSeq(tx);
  const out = pageOf(await tx.auditStream.findMany(pageArgs(page)), page);
  return { ...out, data: out.data.map((r) => toStreamView(r, head)) };
}

export async function getStreamOrThrow(tx: TenantTx, id: string): Promise<AuditStream> {
  const row = await tx.auditStream.findUnique({ where: { id } });
  if (!row) throw new WardenError("not_found", "Audit stream not found");
  return row;
}

export async function streamView(tx: TenantTx, id: string): Promise<StreamView> {
  return toStreamView(await getStreamOrThrow(tx, id), await headSeq(tx));
}

export async function createStream(tx: TenantTx, actor: Actor, input: CreateStreamInput): Promise<StreamView> {
  if ((await tx.auditStream.count()) >= MAX_STREAMS_PER_TENANT)
    throw new WardenError("conflict", `A tenant has at most ${MAX_STREAMS_PER_TENANT} audit streams`);
  const config = pick(input, {});
  await checkDestination(input.kind, config, Boolean(input.secret));
  await uniqueName(tx, input.name);
  const head = await headSeq(tx);
  const row = await tx.auditStream.create({
    data: {
      tenantId: actor.tenantId,
      name: input.name,
      kind: input.kind,
      config: config as object,
      secretSealed: input.secret ? sealSecret(input.secret, await tenantKeyFor(tx)) : null,
      enabled: input.enabled ?? true,
      // "now": the create's own audit entry (head + 1) is the first one delivered.
      cursorSeq: BigInt(input.start === "now" ? head : 0),
    },
  });
  await appendAudit(tx, {
    action: "audit.stream_create",
    outcome: "success",
    actor: auditActor(actor),
    requestId: actor.requestId,
    target: { type: "audit_stream", id: row.id },
    details: {
      after: auditShape(row.kind, row.name, row.enabled, config),
      start: input.start ?? "beginning",
      cursor_seq: Number(row.cursorSeq),
      secret_set: Boolean(input.secret),
    },
  });
  return toStreamView(row, head + 1);
}

export async function updateStream(
  tx: TenantTx,
  actor: Actor,
  id: string,
  input: UpdateStreamInput,
): Promise<StreamView> {
  const row = await getStreamOrThrow(tx, id);
  const before = configOf(row);
  const config = pick(input, before);
  const hasSecret = input.secret !== undefined ? true : Boolean(row.secretSealed);
  const destinationChanged = (["url", "host", "port", "ca_pem"] as const).some((k) => input[k] !== undefined);
  if (destinationChanged || input.secret !== undefined)
    await checkDestination(row.kind as StreamKind, config, hasSecret);
  if (input.name !== undefined && input.name !== row.name) await uniqueName(tx, input.name, id);
  const enabling = input.enabled === true && !row.enabled;
  const updated = await tx.auditStream.update({
    where: { id },
    data: {
      name: input.name,
      enabled: input.enabled,
      config: config as object,
      secretSealed: input.secret !== undefined ? sealSecret(input.secret, await tenantKeyFor(tx)) : undefined,
      // A new destination or secret, or a re-enabled stream, is tried at once.
      ...(destinationChanged || input.secret !== undefined || enabling
        ? { nextAttemptAt: new Date(), failures: 0 }
        : {}),
    },
  });
  await appendAudit(tx, {
    action: "audit.stream_update",
    outcome: "success",
    actor: auditActor(actor),
    requestId: actor.requestId,
    target: { type: "audit_stream", id },
    details: {
      before: auditShape(row.kind, row.name, row.enabled, before),
      after: auditShape(updated.kind, updated.name, updated.enabled, config),
      fields: Object.keys(input).filter((k) => input[k as keyof UpdateStreamInput] !== undefined),
      secret_changed: input.secret !== undefined,
    },
  });
  return toStreamView(updated, await headSeq(tx));
}

export async function deleteStream(tx: TenantTx, actor: Actor, id: string): Promise<void> {
  const row = await getStreamOrThrow(tx, id);
  await tx.auditStream.delete({ where: { id } });
  await appendAudit(tx, {
    action: "audit.stream_delete",
    outcome: "success",
    actor: auditActor(actor),
    requestId: actor.requestId,
    target: { type: "audit_stream", id },
    details: { before: auditShape(row.kind, row.name, row.enabled, configOf(row)), cursor_seq: Number(row.cursorSeq) },
  });
}

/**
 * Deliver again from `fromSeq`: the cursor becomes fromSeq - 1 and any claim on an in-flight batch
 * is dropped, so that batch's acknowledgement cannot move the cursor past the rewind.
 */
export async function backfillStream(tx: TenantTx, actor: Actor, id: string, fromSeq: number): Promise<StreamView> {
  const row = await getStreamOrThrow(tx, id);
  const head = await headSeq(tx);
  if (fromSeq > head + 1) throw invalid("from_seq", `The latest seq is ${head}; from_seq may be at most ${head + 1}`);
  const updated = await tx.auditStream.update({
    where: { id },
    data: {
      cursorSeq: BigInt(fromSeq - 1),
      leaseToken: null,
      leaseUntil: null,
      nextAttemptAt: new Date(),
      failures: 0,
    },
  });
  await appendAudit(tx, {
    action: "audit.stream_backfill",
    outcome: "success",
    actor: auditActor(actor),
    requestId: actor.requestId,
    target: { type: "audit_stream", id },
    details: {
      name: row.name,
      from_seq: fromSeq,
      before: { cursor_seq: Number(row.cursorSeq) },
      after: { cursor_seq: fromSeq - 1 },
    },
  });
  return toStreamView(updated, head + 1);
}
