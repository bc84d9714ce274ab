// The one declarative wrapper for route handlers:
//   export const GET = route({ permission: "audit.read" }, async ({ actor, tx }) => ...)
// It assigns request ids and runs the shared pipeline (lib/http/pipeline.ts: resolve the Actor,
// check the declared permission, validate input with zod, open the tenant transaction, audit a
// refusal), then maps every error to the one error shape.
// The declaration stays attached to the handler so tests can walk every route.
import "server-only";
import type { z } from "zod";
export type { Access };
import type { ErrorType } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor, type Surface } from "@/lib/auth/resolver";
import { WardenError } from "@/lib/errors";
import type { Access } from "@/lib/rbac/authorize";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { parseJsonText, readBodyText, readJsonBody } from "./body";
import { assertSameOrigin } from "./origin";
import { errorOf, errorType, observeRequest, routeTemplate, runPipeline } from "./pipeline";
import { requestIds, type RequestIds } from "./request-context";

/** A response that is not JSON (a file, a stream, a redirect): described, not schema-checked. */
export interface RawResponse {
  contentType: string;
  description: string;
}

/**
 * What the OpenAPI document (GET /v1/openapi.json, lib/api/openapi.ts) says about a route. The
 * schemas are the ones the handler runs with: `query` and `body` are parsed before the handler
 * sees them, and `response` is what the contract test validates every live answer against.
 */
export interface RouteDocs<Q extends z.ZodType | undefined = undefined> {
  summary?: string;
  description?: string;
  /** Query parameters, parsed from the URL (empty values dropped) and handed over as `query`. */
  query?: Q;
  /** The success body: a zod schema for JSON, RawResponse for anything else. */
  response?: z.ZodType | RawResponse;
  /** The success status: 200 by default, 201 for creates, 204 for no body, 302 for redirects. */
  status?: number;
  /** Error types this operation answers besides the ones every authenticated route can. */
  errors?: ErrorType[];
  /** A request the API reference shows and the contract test sends (path params by name). */
  example?: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };
}

export interface RouteDeclaration<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
> extends RouteDocs<Q> {
  /** What the caller must hold. "public" skips authentication entirely. */
  permission: Access;
  surface?: Surface;
  body?: B;
  /** The body may be left out altogether (no bytes): the handler then gets the schema's parse of `{}`. */
  bodyOptional?: boolean;
  /** Largest accepted body in bytes (default WARDEN_MAX_BODY_BYTES, 1 MiB); routes reading raw bodies pass it on. */
  maxBodyBytes?: number;
  /** Open a tenant transaction around the handler (default true for authenticated routes). */
  tenantTx?: boolean;
  /** Only this kind of caller is served (e.g. "virtual_key" for a key's own quota); others get 403. */
  actorKind?: Actor["kind"];
  /**
   * For publicRoute handlers that authenticate the caller themselves through the same resolver
   * (the framework-free gateway, SCIM): the surface they resolve on. Without credentials they answer 401.
   */
  authenticatesWith?: Surface;
}

export interface RouteContext<B, Q = Record<string, never>> {
  req: Request;
  params: Record<string, string>;
  ids: RequestIds;
  actor: Actor;
  tx: TenantTx;
  body: B;
  /** The declared `query`, parsed; an empty object when the route declares none. */
  query: Q;
}

export interface PublicRouteContext {
  req: Request;
  params: Record<string, string>;
  ids: RequestIds;
  /** A handler that authenticates its caller itself (the gateway) names it here for the request log line. */
  observed: { actor?: Actor; errorType?: string };
}

type NextCtx = { params: Promise<Record<string, string>> };
export type AnyDeclaration = RouteDeclaration<z.ZodType | undefined, z.ZodType | undefined>;
export type DeclaredHandler = ((req: Request, ctx: NextCtx) => Promise<Response>) & { declaration: AnyDeclaration };

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, init);
}

function finish(res: Response, ids: RequestIds): Response {
  // Response.redirect() and some library responses (Auth.js error redirects) have immutable
  // headers: answer a copy with the ids rather than a 500.
  let out = res;
  try {
    out.headers.set("x-request-id", ids.requestId);
  } catch {
    out = new Response(res.body, { status: res.status, statusText: res.statusText, headers: new Headers(res.headers) });
    out.headers.set("x-request-id", ids.requestId);
  }
  out.headers.set("traceparent", ids.traceparent);
  return out;
}

export function errorResponse(e: unknown, ids: RequestIds): Response {
  const { status, body, headers } = errorOf(e, ids.requestId, "route");
  return finish(Response.json(body, { status, headers }), ids);
}

async function readBody<B extends z.ZodType>(
  req: Request,
  schema: B,
  opts: { limit?: number; optional?: boolean },
): Promise<z.infer<B>> {
  const type = req.headers.get("content-type") ?? "";
  if (opts.optional) {
    const text = await readBodyText(req, { limit: opts.limit });
    if (!text.trim()) return schema.parse({});
    if (!type.includes("application/json"))
      throw new WardenError("unsupported_media_type", "Send a JSON body (Content-Type: application/json)");
    return schema.parse(parseJsonText(text));
  }
  if (!type.includes("application/json"))
    throw new WardenError("unsupported_media_type", "Send a JSON body (Content-Type: application/json)");
  return schema.parse(await readJsonBody(req, { limit: opts.limit }));
}

/** The URL's query string through a schema; empty values count as absent. */
export function parseQuery<S extends z.ZodType>(schema: S, url: string | URL): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) if (v !== "") raw[k] = v;
  return schema.parse(raw);
}

/** The request's metric and log line, under the route's template (never the raw path). */
function observe(
  req: Request,
  params: Record<string, string>,
  res: Response,
  started: number,
  ids: RequestIds,
  who: { actor?: Actor; errorType?: string },
): void {
  observeRequest({
    route: routeTemplate(new URL(req.url).pathname, params),
    method: req.method,
    status: res.status,
    started,
    requestId: ids.requestId,
    traceId: ids.traceId,
    ...who,
  });
}

export function publicRoute(
  handler: (ctx: PublicRouteContext) => Promise<Response>,
  opts: {
    authenticatesWith?: Surface;
    /** The body the handler reads itself (the gateway): documented, not parsed here. */
    body?: z.ZodType;
  } & RouteDocs<z.ZodType | undefined> = {},
): DeclaredHandler {
  const wrapped = async (req: Request, ctx: NextCtx) => {
    const started = performance.now();
    const ids = requestIds(req.headers);
    const params = (await ctx?.params) ?? {};
    const observed: PublicRouteContext["observed"] = {};
    let res: Response;
    try {
      res = finish(await handler({ req, params, ids, observed }), ids);
    } catch (e) {
      observed.errorType ??= errorType(e);
      res = errorResponse(e, ids);
    }
    observe(req, params, res, started, ids, observed);
    return res;
  };
  return Object.assign(wrapped, { declaration: { permission: "public" as const, ...opts } });
}

export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  decl: RouteDeclaration<B, Q>,
  handler: (
    ctx: RouteContext<
      B extends z.ZodType ? z.infer<B> : undefined,
      Q extends z.ZodType ? z.infer<Q> : Record<string, never>
    >,
  ) => Promise<Response | unknown>,
): DeclaredHandler {
  // No declared permission means no access: the pipeline refuses rather than guess.
  const declared = Boolean(decl?.permission);
  type Body = B extends z.ZodType ? z.infer<B> : undefined;
  type Query = Q extends z.ZodType ? z.infer<Q> : Record<string, never>;
  const wrapped = async (req: Request, ctx: NextCtx) => {
    const started = performance.now();
    const ids = requestIds(req.headers);
    const params = (await ctx?.params) ?? {};
    const out = await runPipeline<{ body: Body; query: Query }, Response | unknown>(
      decl ?? { permission: "public" },
      declared,
      {
        // The Origin check needs to know how the caller authenticated (cookie writes only).
        resolve: async () =>
          assertSameOrigin(req, await resolveActor({ headers: req.headers, ids, surface: decl?.surface ?? "api" })),
        parse: async () => ({
          query: (decl.query ? parseQuery(decl.query, req.url) : {}) as Query,
          body: (decl.body
            ? await readBody(req, decl.body, { limit: decl.maxBodyBytes, optional: decl.bodyOptional })
            : undefined) as Body,
        }),
      },
      ({ actor, tx, input }) => handler({ req, params, ids, actor, tx, body: input.body, query: input.query }),
    );
    const res = out.ok
      ? finish(out.value instanceof Response ? out.value : json(out.value), ids)
      : errorResponse(out.error, ids);
    observe(req, params, res, started, ids, { actor: out.actor, errorType: out.ok ? undefined : errorType(out.error) });
    return res;
  };
  // An undeclared handler carries no declaration, so the registry check flags it.
  return (declared ? Object.assign(wrapped, { declaration: decl as AnyDeclaration }) : wrapped) as DeclaredHandler;
}
