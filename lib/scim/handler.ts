// The one wrapper for /scim/v2 route handlers, the SCIM twin of route(): the shared pipeline
// (lib/http/pipeline.ts) resolves the Actor (surface "scim": SCIM token only), checks the
// declared permission and runs the handler in the tenant transaction; this wrapper records
// mutations and failures in the provisioning log, and answers in SCIM's own error schema and content type. The
// declaration is attached like route()'s, so the route registry sees every SCIM handler.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor } from "@/lib/auth/resolver";
import type { DeclaredHandler, RouteDeclaration } from "@/lib/http/route";
import { errorType, observeRequest, routeTemplate, runPipeline } from "@/lib/http/pipeline";
import { log } from "@/lib/observability/log";
import { requestIds } from "@/lib/http/request-context";
import type { Permission } from "@/lib/rbac/permissions";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { ScimError, scimErrorBody, scimJson, toScimError } from "./errors";
import { sentBody, type ScimResult } from "./protocol";
import { logScimEvent } from "./events";

export interface ScimContext {
  req: Request;
  url: URL;
  params: Record<string, string>;
  actor: Actor;
  tx: TenantTx;
}

type NextCtx = { params: Promise<Record<string, string>> };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function scimRoute(
  decl: { permission: Permission; resourceType?: string },
  handler: (ctx: ScimContext) => Promise<ScimResult>,
): DeclaredHandler {
  const wrapped = async (req: Request, ctx: NextCtx) => {
    const started = performance.now();
    const ids = requestIds(req.headers);
    const url = new URL(req.url);
    const params = (await ctx?.params) ?? {};
    const out = await runPipeline(
      decl,
      true,
      { resolve: () => resolveActor({ headers: req.headers, ids, surface: "scim" }) },
      async ({ actor, tx }) => {
        const r = await handler({ req, url, params, actor, tx });
        if (MUTATING.has(req.method)) {
          await logScimEvent(tx, actor, {
            method: req.method,
            path: url.pathname,
            status: r.status,
            outcome: "success",
            resource: r.resource,
            detail: r.detail,
            request: sentBody(req),
            response: r.body,
          });
        }
        return r;
      },
    );
    const observe = (status: number, type?: string) =>
      observeRequest({
        route: routeTemplate(url.pathname, params),
        method: req.method,
        status,
        started,
        requestId: ids.requestId,
        traceId: ids.traceId,
        actor: out.actor,
        errorType: type,
      });
    if (out.ok) {
      observe(out.value.status);
      return scimJson(out.value.body, out.value.status, { "x-request-id": ids.requestId, ...out.value.headers });
    }
    const e = out.error;
    const err = toScimError(e);
    if (!(e instanceof ScimError) && err.status >= 500) log.error({ request_id: ids.requestId, err: e }, "SCIM error");
    // Failures are logged in their own transaction: the failed one has rolled back.
    if (out.actor) await logFailure(out.actor, req, url, err, decl.resourceType);
    observe(err.status, errorType(e) ?? err.scimType);
    return scimJson(scimErrorBody(err), err.status, { "x-request-id": ids.requestId });
  };
  // Authenticated only by a SCIM token (never a console session or API key): the registry
  // and the RBAC matrix read authenticatesWith to expect 401 from any other caller.
  const declaration: RouteDeclaration<undefined> = {
    permission: decl.permission,
    surface: "scim",
    authenticatesWith: "scim",
  };
  return Object.assign(wrapped, { declaration }) as DeclaredHandler;
}

async function logFailure(actor: Actor, req: Request, url: URL, err: ScimError, resourceType?: string): Promise<void> {
  try {
    await withTenant(actor, (tx) =>
      logScimEvent(tx, actor, {
        method: req.method,
        path: url.pathname,
        status: err.status,
        outcome: "failure",
        resource: resourceType ? { type: resourceType } : undefined,
        detail: err.message,
        request: sentBody(req),
        response: scimErrorBody(err),
      }),
    );
  } catch (e) {
    log.warn({ request_id: actor.requestId, err: e }, "could not record a SCIM failure");
  }
}

// The parsed body of each request, for the provisioning log (a request is read once).
