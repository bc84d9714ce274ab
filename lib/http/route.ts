// The one declarative wrapper for route handlers:
//   export const GET = route({ permission: "audit.read" }, async ({ actor, tx }) => ...)
// It assigns request ids, resolves the Actor, checks the declared permission, validates
// input with zod, opens the tenant transaction and maps every error to the one error shape.
// The declaration stays attached to the handler so tests can walk every route.
import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor, type Surface } from "@/lib/auth/resolver";
import { toErrorBody, WardenError } from "@/lib/errors";
export type { Access };
import { authorize, type Access } from "@/lib/rbac/authorize";
import { recordRefusal } from "@/lib/audit/refusal";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { readJsonBody } from "./body";
import { assertSameOrigin } from "./origin";
import { requestIds, type RequestIds } from "./request-context";

export interface RouteDeclaration<B extends z.ZodType | undefined = undefined> {
  /** What the caller must hold. "public" skips authentication entirely. */
  permission: Access;
  surface?: Surface;
  body?: B;
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

export interface RouteContext<B> {
  req: Request;
  params: Record<string, string>;
  ids: RequestIds;
  actor: Actor;
  tx: TenantTx;
  body: B;
}

export interface PublicRouteContext {
  req: Request;
  params: Record<string, string>;
  ids: RequestIds;
}

type NextCtx = { params: Promise<Record<string, string>> };
export type DeclaredHandler = ((req: Request, ctx: NextCtx) => Promise<Response>) & { declaration: RouteDeclaration<z.ZodType | undefined> };

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, init);
}

function finish(res: Response, ids: RequestIds): Response {
  res.headers.set("x-request-id", ids.requestId);
  res.headers.set("traceparent", ids.traceparent);
  return res;
}

export function errorResponse(e: unknown, ids: RequestIds): Response {
  const { status, body, headers } = toErrorBody(e, ids.requestId);
  if (status >= 500) console.error(`[warden] ${ids.requestId} unhandled error`, e);
  return finish(Response.json(body, { status, headers }), ids);
}

async function readBody<B extends z.ZodType>(req: Request, schema: B, limit?: number): Promise<z.infer<B>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new WardenError("unsupported_media_type", "Send a JSON body (Content-Type: application/json)");
  return schema.parse(await readJsonBody(req, { limit }));
}

export function publicRoute(
  handler: (ctx: PublicRouteContext) => Promise<Response>,
  opts: { authenticatesWith?: Surface } = {},
): DeclaredHandler {
  const wrapped = async (req: Request, ctx: NextCtx) => {
    const ids = requestIds(req.headers);
    try {
      return finish(await handler({ req, params: (await ctx?.params) ?? {}, ids }), ids);
    } catch (e) {
      return errorResponse(e, ids);
    }
  };
  return Object.assign(wrapped, { declaration: { permission: "public" as const, ...opts } });
}

type Run = (req: Request, ids: RequestIds, params: Record<string, string>, actor: () => Promise<Actor>) => Promise<Response>;

// invokeAs() reaches the same pipeline with a given Actor. Kept off the handler object so
// nothing in a request can select it.
const pipelines = new WeakMap<DeclaredHandler, Run>();

export function route<B extends z.ZodType | undefined = undefined>(
  decl: RouteDeclaration<B>,
  handler: (ctx: RouteContext<B extends z.ZodType ? z.infer<B> : undefined>) => Promise<Response | unknown>,
): DeclaredHandler {
  // No declared permission means no access: the wrapper refuses rather than guess.
  const declared = Boolean(decl?.permission);
  const run: Run = async (req, ids, params, getActor) => {
    let actor: Actor | undefined;
    try {
      actor = await getActor();
      if (!declared) throw new WardenError("user_not_authorized", "This route declares no permission");
      authorize(actor, decl.permission);
      if (decl.actorKind && actor.kind !== decl.actorKind) {
        throw new WardenError("user_not_authorized", `This route serves ${decl.actorKind.replace("_", " ")} callers only`);
      }
      const body = (decl.body ? await readBody(req, decl.body, decl.maxBodyBytes) : undefined) as B extends z.ZodType ? z.infer<B> : undefined;
      const a = actor;
      const exec = (tx: TenantTx) => handler({ req, params, ids, actor: a, tx, body });
      const out = decl.tenantTx === false ? await exec(undefined as unknown as TenantTx) : await withTenant(actor, exec);
      return finish(out instanceof Response ? out : json(out), ids);
    } catch (e) {
      await recordRefusal(actor, e);
      return errorResponse(e, ids);
    }
  };
  const wrapped = async (req: Request, ctx: NextCtx) => {
    const ids = requestIds(req.headers);
    const params = (await ctx?.params) ?? {};
    return run(req, ids, params, async () => assertSameOrigin(req, await resolveActor({ headers: req.headers, ids, surface: decl?.surface ?? "api" })));
  };
  // An undeclared handler carries no declaration, so the registry check flags it.
  const out = (declared ? Object.assign(wrapped, { declaration: decl as RouteDeclaration<z.ZodType | undefined> }) : wrapped) as DeclaredHandler;
  pipelines.set(out, run);
  return out;
}

/**
 * Test seam (STYLE.md "createCaller"): runs a route's real pipeline -- authorize, body
 * validation, withTenant, error mapping, denial audit -- with a given Actor instead of
 * resolving credentials. Used by the RBAC matrix; never reachable from a request.
 */
export async function invokeAs(handler: DeclaredHandler, actor: Actor, req: Request, params: Record<string, string> = {}): Promise<Response> {
  const run = pipelines.get(handler);
  if (!run) throw new Error("invokeAs: not a route() handler");
  const ids = requestIds(req.headers);
  return run(req, ids, params, async () => ({ ...actor, requestId: ids.requestId }));
}
