// The one declarative wrapper for server actions, the twin of route():
//   export const createRole = action({ permission: "roles.write", input: roleInput }, async ({ actor, tx, input }) => ...)
// It resolves the console Actor with the same resolver (surface "console", headers from
// next/headers), checks the declared permission, validates input with zod, runs in the tenant
// transaction and maps every error to a typed result instead of throwing across the wire.
// publicAction() is the declared variant for the few actions that run before anyone is
// signed in (the sign-in page): no actor, no tenant transaction, permission "public".
// Next's own control flow (redirect(), notFound(), Auth.js signIn/signOut) is rethrown, never
// turned into { ok: false }.
import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor } from "@/lib/auth/resolver";
import { toErrorBody, WardenError } from "@/lib/errors";
import { authorize, type Access } from "@/lib/rbac/authorize";
import { recordRefusal } from "@/lib/audit/refusal";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import type { ActionError, ActionResult } from "./action-result";
import { requestIds } from "./request-context";

export type { ActionResult };

export interface ActionDeclaration<I extends z.ZodType> {
  permission: Access;
  input: I;
  /** Open a tenant transaction around the body (default true); false for network calls or sign-out. */
  tenantTx?: boolean;
}

export interface ActionContext<I> {
  actor: Actor;
  /** Undefined when the declaration says tenantTx: false. */
  tx: TenantTx;
  input: I;
}

export interface PublicActionContext<I> {
  input: I;
  /** The request's headers (client IP for throttling); empty in tests. */
  headers: Headers;
  requestId: string;
}

export type DeclaredAction<I extends z.ZodType, T> = ((raw: z.input<I> | FormData) => Promise<ActionResult<T>>) & {
  declaration: ActionDeclaration<I>;
};

type Run<T> = (raw: unknown, actor: () => Promise<Actor>, requestId: string, h: Headers) => Promise<ActionResult<T>>;
const pipelines = new WeakMap<object, Run<unknown>>();

/** A <form action> posts FormData: read it as a plain object so one zod schema fits both. */
function plain(raw: unknown): unknown {
  return raw instanceof FormData ? Object.fromEntries([...raw.entries()].filter(([, v]) => typeof v === "string")) : raw;
}

function failure(e: unknown, requestId: string): { ok: false; error: ActionError } {
  const { status, body } = toErrorBody(e, requestId);
  if (status >= 500) console.error(`[warden] ${requestId} unhandled action error`, e);
  return { ok: false, error: body.error };
}

function expose<I extends z.ZodType, T>(decl: ActionDeclaration<I>, declared: boolean, run: Run<T>): DeclaredAction<I, T> {
  const wrapped = async (raw: z.input<I> | FormData): Promise<ActionResult<T>> => {
    const h = await headers();
    const ids = requestIds(h);
    // The actor is resolved lazily: a public action never asks for it.
    return run(raw, () => resolveActor({ headers: h, ids, surface: "console" }), ids.requestId, h);
  };
  pipelines.set(wrapped, run as Run<unknown>);
  return (declared ? Object.assign(wrapped, { declaration: decl }) : wrapped) as DeclaredAction<I, T>;
}

export function action<I extends z.ZodType, T>(decl: ActionDeclaration<I>, fn: (ctx: ActionContext<z.infer<I>>) => Promise<T>): DeclaredAction<I, T> {
  // "public" has its own wrapper (no actor at all), so action() never skips authentication.
  const declared = Boolean(decl?.permission && decl.input) && decl.permission !== "public";
  const run: Run<T> = async (raw, getActor, requestId) => {
    let actor: Actor | undefined;
    try {
      actor = await getActor();
      if (!declared) throw new WardenError("user_not_authorized", "This action declares no permission");
      authorize(actor, decl.permission);
      const input = decl.input.parse(plain(raw)) as z.infer<I>;
      const a = actor;
      const exec = (tx: TenantTx) => fn({ actor: a, tx, input });
      return { ok: true, data: decl.tenantTx === false ? await exec(undefined as unknown as TenantTx) : await withTenant(actor, exec) };
    } catch (e) {
      unstable_rethrow(e);
      await recordRefusal(actor, e);
      return failure(e, requestId);
    }
  };
  return expose(decl, declared, run);
}

export function publicAction<I extends z.ZodType, T>(decl: { input: I }, fn: (ctx: PublicActionContext<z.infer<I>>) => Promise<T>): DeclaredAction<I, T> {
  const full: ActionDeclaration<I> = { permission: "public", input: decl?.input, tenantTx: false };
  const run: Run<T> = async (raw, _actor, requestId, h) => {
    try {
      const input = full.input.parse(plain(raw)) as z.infer<I>;
      return { ok: true, data: await fn({ input, headers: h, requestId }) };
    } catch (e) {
      unstable_rethrow(e);
      return failure(e, requestId);
    }
  };
  return expose(full, Boolean(decl?.input), run);
}

/** Test seam, like invokeAs for routes: the real pipeline with a given Actor (ignored by public actions). */
export async function invokeActionAs<T>(fn: (raw: never) => Promise<ActionResult<T>>, actor: Actor | null, raw: unknown): Promise<ActionResult<T>> {
  const run = pipelines.get(fn) as Run<T> | undefined;
  if (!run) throw new Error("invokeActionAs: not an action() function");
  const anonymous = async (): Promise<Actor> => {
    throw new WardenError("authentication_required", "Authentication is required");
  };
  return run(raw, actor ? async () => actor : anonymous, actor?.requestId ?? "req_test", new Headers());
}
