// The governed gateway, framework-free: authenticate (the one resolver, surface "gateway"),
// admit (checks against a ~1 s key cache, budget reservations against in-memory leases), forward, answer, then settle from the
// actual usage. The lean node:http server and the console route both drive this through a Sink.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor } from "@/lib/auth/resolver";
import type { Database } from "@/lib/db/runtime";
import { toErrorBody, WardenError } from "@/lib/errors";
import { admit, Rejection, type Admission } from "@/lib/gateway/admission";
import { boundChatCost, type CostBound } from "@/lib/gateway/pricing";
import { recordRejection } from "@/lib/gateway/settle";
import { decodeText, parseJsonText } from "@/lib/http/body";
import { assertSameOrigin } from "@/lib/http/origin";
import { requestIds, type RequestIds } from "@/lib/http/request-context";
import { getDb } from "@/lib/db";
import { OutboundRefused } from "@/lib/net/outbound";
import { log } from "@/lib/observability/log";
import { gatewayAdmissions, upstreamDuration } from "@/lib/observability/metrics";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { enforcePolicy, storeBody, type PolicyOutcome } from "@/lib/privacy/gateway";
import { bodyUsage, SseUsageReader } from "./sse";
import { enqueueSettlement } from "./settler";
import { callUpstream } from "./upstream";

export { settled } from "./settler";

export interface Sink {
  head(status: number, headers: Record<string, string>): void;
  write(chunk: Buffer): void;
  end(chunk?: Buffer | string): void;
  /** Called when the client goes away before the answer is complete. */
  onClose(cb: () => void): void;
}

export interface GatewayDeps {
  db?: Database;
  /** Injectable clock for budget and rate-limit windows. */
  clock?: () => Date;
}

export interface GatewayInput {
  headers: Headers;
  body: Buffer;
  ip?: string;
  /** Filled in for the request log line: who called, and the error type that refused them. */
  observed?: { actor?: Actor; errorType?: string };
}

interface ChatBody {
  model: string;
  messages: unknown[];
  stream?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  stream_options?: Record<string, unknown>;
  [k: string]: unknown;
}

function parseBody(raw: Buffer): ChatBody {
  // Strict UTF-8, no NUL, no lone surrogates: the same checks as every other body.
  const b = parseJsonText(decodeText(raw));
  const o = b as Partial<ChatBody>;
  const issues: { path: string; message: string }[] = [];
  if (!o || typeof o !== "object") throw new WardenError("invalid_request", "The body must be a JSON object");
  if (typeof o.model !== "string" || !o.model) issues.push({ path: "model", message: "Required string" });
  if (!Array.isArray(o.messages) || o.messages.length === 0)
    issues.push({ path: "messages", message: "Required non-empty array" });
  if (o.stream !== undefined && typeof o.stream !== "boolean")
    issues.push({ path: "stream", message: "Expected boolean" });
  for (const f of ["max_tokens", "max_completion_tokens"] as const) {
    const v = o[f];
    if (v !== undefined && v !== null && (!Number.isInteger(v) || (v as number) < 1))
      issues.push({ path: f, message: "Expected a positive integer" });
  }
  if (issues.length) throw new WardenError("invalid_request", "The request is invalid", { issues });
  return o as ChatBody;
}

/** What a gateway caller is told about a refused base URL: the rule, never the host or address. */
const GUARD_RULES = {
  url: "it must use https and carry no credentials, query or fragment, and no private address",
  address: "it resolves to a private, loopback, link-local or reserved address",
  plaintext: "it must use https",
  dns: "its host did not resolve",
} as const;

const typeOf = (e: unknown): string => (e instanceof WardenError ? e.type : "internal_error");

/** Counts the admission decision (exactly one per request) and notes the refusal for the log line. */
function refused(input: GatewayInput, e: unknown): void {
  const type = typeOf(e);
  gatewayAdmissions.inc({ outcome: "refused", error_type: type });
  if (input.observed) input.observed.errorType = type;
}

function sendError(sink: Sink, e: unknown, ids: RequestIds): void {
  const { status, body, headers } = toErrorBody(e, ids.requestId);
  if (status >= 500 && !(e instanceof WardenError))
    log.error({ request_id: ids.requestId, err: e }, "gateway: unhandled error");
  sink.head(status, { "content-type": "application/json", "x-request-id": ids.requestId, ...(headers ?? {}) });
  sink.end(JSON.stringify(body));
}

export async function serveChatCompletion(input: GatewayInput, sink: Sink, deps: GatewayDeps = {}): Promise<void> {
  const ids = requestIds(input.headers);
  const clock = deps.clock ?? (() => new Date());
  const t0 = performance.now();
  let actor: Actor;
  let body: ChatBody;
  let bound: CostBound;
  let db: Database;
  try {
    // A console session spends money here too: the same cross-origin guard as every /v1 write.
    const self = { method: "POST", url: `http://${input.headers.get("host") ?? "localhost"}/`, headers: input.headers };
    actor = assertSameOrigin(self, await resolveActor({ headers: input.headers, ids, surface: "gateway" }));
    if (input.observed) input.observed.actor = actor;
    body = parseBody(input.body);
    // The request's whole possible cost (every choice, tools, images), or 400 naming the field.
    bound = boundChatCost(body);
    db = deps.db ?? (await getDb());
  } catch (e) {
    refused(input, e);
    return sendError(sink, e, ids);
  }
  const stream = body.stream === true;
  const promptMax = bound.promptTokensMax;
  const tx = { db };

  let a: Admission;
  try {
    a = await admit(db, {
      actor,
      model: body.model,
      promptTokensMax: promptMax,
      completionTokensMax: bound.completionTokensMax,
      now: clock(),
    });
  } catch (e) {
    if (e instanceof Rejection) {
      refused(input, e.error);
      const facts = {
        requestId: ids.requestId,
        latencyMs: Math.round(performance.now() - t0),
        status: e.error.type,
        httpStatus: e.error.status,
        stream,
        now: clock(),
      };
      await withTenant(actor, (t) => recordRejection(t, actor, e, facts, body.model, input.ip), tx).catch((err) =>
        log.error({ request_id: ids.requestId, err }, "gateway: could not record a rejection"),
      );
      return sendError(sink, e.error, ids);
    }
    refused(input, e);
    return sendError(sink, e, ids);
  }
  gatewayAdmissions.inc({ outcome: "admitted", error_type: "" });

  const finish = (promptTokens: number, completionTokens: number, status: string, httpStatus: number) => {
    const facts = {
      requestId: ids.requestId,
      promptTokens,
      completionTokens,
      latencyMs: Math.round(performance.now() - t0),
      status,
      httpStatus,
      stream,
      now: clock(),
    };
    enqueueSettlement(db, { actor, a, u: facts });
  };

  // Compliance policies (lib/privacy/gateway.ts): block, redact or record personal data, data
  // residency, HIPAA routing. A block settles at zero cost and never reaches the upstream.
  let policy: PolicyOutcome;
  try {
    policy = await enforcePolicy(db, { actor, a, messages: body.messages, requestId: ids.requestId, ip: input.ip });
  } catch (e) {
    finish(0, 0, e instanceof WardenError ? e.type : "internal_error", e instanceof WardenError ? e.status : 500);
    if (input.observed) input.observed.errorType = typeOf(e);
    return sendError(sink, e, ids);
  }
  const keep = (response: Buffer | null) => {
    if (policy.storeBody)
      storeBody(db, {
        actor,
        a,
        requestId: ids.requestId,
        model: body.model,
        messages: policy.messages,
        response,
      }).catch((err) => log.error({ request_id: ids.requestId, err }, "gateway: could not store a body"));
  };

  // The completion cap we reserved for is the cap the upstream gets.
  const upstreamBody: ChatBody = { ...body, messages: policy.messages, model: a.upstreamModel, ...bound.caps };
  if (stream) upstreamBody.stream_options = { ...(body.stream_options ?? {}), include_usage: true };

  const call = callUpstream({
    baseUrl: a.provider.base_url,
    apiKeySealed: a.provider.api_key_sealed,
    body: Buffer.from(JSON.stringify(upstreamBody)),
    requestId: ids.requestId,
    traceparent: ids.traceparent,
  });
  let closed = false;
  sink.onClose(() => {
    closed = true;
    call.abort();
  });
  let res;
  const upstreamStarted = performance.now();
  try {
    res = await call.response;
    upstreamDuration.observe(
      { outcome: `${Math.floor((res.statusCode ?? 500) / 100)}xx` },
      (performance.now() - upstreamStarted) / 1000,
    );
  } catch (e) {
    upstreamDuration.observe({ outcome: "unreachable" }, (performance.now() - upstreamStarted) / 1000);
    if (input.observed) input.observed.errorType = "upstream_error";
    finish(0, 0, "upstream_error", 502);
    // A refusal names the rule, not the address; connect errors are not echoed (they name internal hosts).
    const message =
      e instanceof OutboundRefused
        ? `The provider's base URL was refused by the outbound guard: ${GUARD_RULES[e.rule]}`
        : "The upstream provider could not be reached";
    if (!closed) sendError(sink, new WardenError("upstream_error", message), ids);
    return;
  }
  const status = res.statusCode ?? 502;
  const ok = status >= 200 && status < 300;
  const headers: Record<string, string> = {
    "content-type": String(res.headers["content-type"] ?? "application/json"),
    "x-request-id": ids.requestId,
  };
  if (stream && ok) {
    headers["cache-control"] = "no-cache";
    sink.head(status, headers);
    const reader = new SseUsageReader();
    const kept: Buffer[] | null = policy.storeBody ? [] : null;
    await new Promise<void>((resolve) => {
      res.on("data", (c: Buffer) => {
        reader.push(c);
        kept?.push(c);
        if (!closed) sink.write(c);
      });
      res.on("end", resolve);
      res.on("error", () => resolve());
      res.on("close", () => resolve());
    });
    if (!closed) sink.end();
    if (kept) keep(Buffer.concat(kept));
    // No usage chunk (old upstream, or the client left): charge the prompt bound and the deltas seen.
    const u = reader.usage ?? { promptTokens: promptMax, completionTokens: reader.deltas };
    finish(u.promptTokens, u.completionTokens, reader.usage ? "ok" : "ok_estimated", status);
    return;
  }
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", resolve);
    res.on("error", () => resolve());
    res.on("close", () => resolve());
  });
  const out = Buffer.concat(chunks);
  if (!closed) {
    sink.head(status, headers);
    sink.end(out);
  }
  if (!ok) return finish(0, 0, "upstream_error", status);
  keep(out);
  const reported = bodyUsage(out);
  const u = reported ?? { promptTokens: promptMax, completionTokens: bound.completionTokensMax };
  finish(u.promptTokens, u.completionTokens, reported ? "ok" : "ok_estimated", status);
}
