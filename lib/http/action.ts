// The one declarative wrapper for server actions, the twin of route():
//   export const createRole = action({ permission: "roles.write", input: roleInput }, async ({ actor, tx, input }) => ...)
// It runs the shared pipeline (lib/http/pipeline.ts) with the console Actor from the same
// resolver (surface "console", the request's headers from lib/http/request-scope.ts), and maps
// every error to a typed result instead of throwing across the wire.
// publicAction() is the declared variant for the few actions that run before anyone is
// signed in (the sign-in page): no actor, no tenant transaction, permission "public".
// Next's own control flow (redirect(), notFound(), Auth.js signIn/signOut) is rethrown, never
// turned into { ok: false }.
import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor, type Surface } from "@/lib/auth/resolver";
import type { Access } from "@/lib/rbac/authorize";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import type { ActionError, ActionResult } from "./action-result";
import { errorOf, runPipeline } from "./pipeline";
import { requestIds } from "./request-context";
import { requestHeaders } from "./request-scope";

export type { ActionResult };

export interface ActionDeclaration<I extends z.ZodType> {
  permission: Access;
  input: I;
  /** Open a tenant transaction around the body (default true); false for network calls or sign-out. */
  tenantTx?: boolean;
  /** The resolver surface (default "console"; the Platform area's actions resolve on "platform"). */
  surface?: Surface;
}

export interface ActionContext<I> {
  actor: Actor;
  /** Undefined when the declaration says tenantTx: false. */
  tx: TenantTx;
  input: I;
}

export interface PublicActionContext<I> {
  input: I;
  /** The request's headers (client IP for throttling). */
  headers: Headers;
  requestId: string;
}

export type DeclaredAction<I extends z.ZodType, T> = ((raw: z.input<I> | FormData) => Promise<ActionResult<T>>) & {
  declaration: ActionDeclaration<I>;
};

/** A <form action> posts FormData: read it as a plain object so one zod schema fits both. */
function plain(raw: unknown): unknown {
  return raw instanceof FormData
    ? Object.fromEntries([...raw.entries()].filter(([, v]) => typeof v === "string"))
    : raw;
}

function failure(e: unknown, requestId: string): { ok: false; error: ActionError } {
  unstable_rethrow(e);
  return { ok: false, error: errorOf(e, requestId, "action").body.error };
}

export function action<I extends z.ZodType, T>(
  decl: ActionDeclaration<I>,
  fn: (ctx: ActionContext<z.infer<I>>) => Promise<T>,
): DeclaredAction<I, T> {
  // "public" has its own wrapper (no actor at all), so action() never skips authentication.
  const declared = Boolean(decl?.permission && decl.input) && decl.permission !== "public";
  const wrapped = async (raw: z.input<I> | FormData): Promise<ActionResult<T>> => {
    const h = await requestHeaders();
    const ids = requestIds(h);
    const out = await runPipeline<z.infer<I>, T>(
      decl ?? { permission: "public" },
      declared,
      {
        resolve: () => resolveActor({ headers: h, ids, surface: decl?.surface ?? "console" }),
        parse: async () => decl.input.parse(plain(raw)) as z.infer<I>,
      },
      fn,
    );
    return out.ok ? { ok: true, data: out.value } : failure(out.error, ids.requestId);
  };
  return (declared ? Object.assign(wrapped, { declaration: decl }) : wrapped) as DeclaredAction<I, T>;
}

export function publicAction<I extends z.ZodType, T>(
  decl: { input: I },
  fn: (ctx: PublicActionContext<z.infer<I>>) => Promise<T>,
): DeclaredAction<I, T> {
  const full: ActionDeclaration<I> = { permission: "public", input: decl?.input, tenantTx: false };
  const wrapped = async (raw: z.input<I> | FormData): Promise<ActionResult<T>> => {
    const h = await requestHeaders();
    const { requestId } = requestIds(h);
    try {
      const input = full.input.parse(plain(raw)) as z.infer<I>;
      return { ok: true, data: await fn({ input, headers: h, requestId }) };
    } catch (e) {
      return failure(e, requestId);
    }
  };
  return (decl?.input ? Object.assign(wrapped, { declaration: full }) : wrapped) as DeclaredAction<I, T>;
}
