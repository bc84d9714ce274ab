// The one request pipeline under every wrapper: route() (lib/http/route.ts), action()
// (lib/http/action.ts), scimRoute() (lib/scim/handler.ts) and page() (lib/http/page.tsx).
//   resolve the Actor (the one resolver) -> refuse an undeclared entry -> authorize ->
//   request checks -> read and validate the input -> run in the tenant transaction ->
//   on failure, write the refusal's audit entry.
// It never answers: each wrapper turns the outcome into its own shape (the error JSON, an
// action result, SCIM's error schema, a page's "not allowed" view).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { actorRefOf } from "@/lib/audit/append";
import { recordRefusal } from "@/lib/audit/refusal";
import { toErrorBody, WardenError } from "@/lib/errors";
import { log } from "@/lib/observability/log";
import { httpDuration, httpRequests } from "@/lib/observability/metrics";
import { authorize, type Access } from "@/lib/rbac/authorize";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";

export interface PipelineDeclaration {
  permission: Access;
  /** Only this kind of caller is served (e.g. "virtual_key" for a key's own quota); others get 403. */
  actorKind?: Actor["kind"];
  /** Open a tenant transaction around the handler (default true). */
  tenantTx?: boolean;
}

export interface PipelineInput<I> {
  /** Who is calling: the one resolver on the wrapper's surface. */
  resolve: () => Promise<Actor>;
  /**
   * Reads and validates the input, after authorization (an unauthorized caller learns nothing
   * about the expected shape). Request bodies are read here.
   */
  parse?: () => Promise<I>;
}

export interface PipelineContext<I> {
  actor: Actor;
  /** Undefined when the declaration says tenantTx: false. */
  tx: TenantTx;
  input: I;
}

export type Outcome<T> = { ok: true; actor: Actor; value: T } | { ok: false; actor?: Actor; error: unknown };

/**
 * Runs one declared entry. `declared` is false when the declaration is missing or incomplete:
 * the caller is still resolved (401 stays 401) and then refused, never served.
 */
export async function runPipeline<I, T>(
  decl: PipelineDeclaration,
  declared: boolean,
  input: PipelineInput<I>,
  run: (ctx: PipelineContext<I>) => Promise<T>,
): Promise<Outcome<T>> {
  let actor: Actor | undefined;
  try {
    actor = await input.resolve();
    if (!declared) throw new WardenError("user_not_authorized", "This entry declares no permission");
    authorize(actor, decl.permission);
    if (decl.actorKind && actor.kind !== decl.actorKind) {
      throw new WardenError(
        "user_not_authorized",
        `This route serves ${decl.actorKind.replace("_", " ")} callers only`,
      );
    }
    // Request checks that depend on how the caller authenticated belong here, before any input
    // is read (an Origin check for cookie-authenticated writes).
    const parsed = (input.parse ? await input.parse() : undefined) as I;
    const a = actor;
    const exec = (tx: TenantTx) => run({ actor: a, tx, input: parsed });
    const value =
      decl.tenantTx === false ? await exec(undefined as unknown as TenantTx) : await withTenant(actor, exec);
    return { ok: true, actor, value };
  } catch (error) {
    // The failed transaction rolled back; an audited refusal is written in a fresh one.
    await recordRefusal(actor, error);
    return { ok: false, actor, error };
  }
}

/** The one error shape for an outcome's error; unexpected errors are logged once, here. */
export function errorOf(e: unknown, requestId: string, where: string) {
  const mapped = toErrorBody(e, requestId);
  if (mapped.status >= 500) log.error({ request_id: requestId, where, err: e }, "unhandled error");
  return mapped;
}

/** The error type of a refused outcome ("authentication_required", "user_not_authorized", ...). */
export function errorType(e: unknown): string | undefined {
  return e instanceof WardenError ? e.type : undefined;
}

/**
 * The route template of a request: the path with each dynamic segment put back as its folder
 * name (/v1/teams/tm_1 with { id: "tm_1" } -> /v1/teams/[id]; a catch-all's segments -> [...name]),
 * so metrics and log lines are labelled by route file, never by URL.
 */
export function routeTemplate(pathname: string, params: Record<string, string | string[] | undefined> = {}): string {
  const segs = pathname.split("/");
  const done = new Set<number>();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      // A catch-all takes the trailing segments.
      const n = value.length;
      if (n > 0 && n < segs.length) {
        segs.splice(segs.length - n, n, `[...${name}]`);
      } else segs.push(`[...${name}]`);
      continue;
    }
    if (value === undefined) continue;
    const i = segs.findIndex((s, j) => !done.has(j) && j > 0 && safeDecode(s) === value);
    if (i > 0) {
      segs[i] = `[${name}]`;
      done.add(i);
    }
  }
  return segs.join("/") || "/";
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface RequestObservation {
  route: string;
  method: string;
  status: number;
  /** performance.now() when the request arrived. */
  started: number;
  requestId: string;
  traceId: string;
  actor?: Pick<Actor, "tenantId" | "tenantSlug" | "subject" | "userId" | "kind">;
  errorType?: string;
}

/**
 * The one request record: the request counter and latency histogram, and one JSON log line with
 * request id, trace id, tenant slug, actor ref (the audit trail's pseudonymous ref, never a name
 * or address), route template, status and duration. Called by every route wrapper and the gateway.
 */
export function observeRequest(o: RequestObservation): void {
  const seconds = (performance.now() - o.started) / 1000;
  const labels = { route: o.route, method: o.method, status: String(o.status) };
  httpRequests.inc(labels);
  httpDuration.observe(labels, seconds);
  const line = {
    request_id: o.requestId,
    trace_id: o.traceId,
    tenant: o.actor?.tenantSlug,
    actor_ref: o.actor ? logActorRef(o.actor) : undefined,
    route: o.route,
    method: o.method,
    status: o.status,
    duration_ms: Math.round(seconds * 1e4) / 10,
    ...(o.errorType ? { error_type: o.errorType } : {}),
  };
  if (o.status >= 500) log.error(line, "request");
  else log.info(line, "request");
}

/** The log line's actor ref; a pseudonym needs the tenant's key, which a refused request may not have loaded. */
function logActorRef(actor: Parameters<typeof actorRefOf>[1] & { tenantId: string }): string | undefined {
  try {
    return actorRefOf(actor.tenantId, actor);
  } catch {
    return undefined;
  }
}
