// The one declarative wrapper for server actions, the twin of route():
//   export const createRole = action({ permission: "roles.write", input: roleInput }, async ({ actor, tx, input }) => ...)
// It resolves the console Actor with the same resolver (surface "console", headers from
// next/headers), checks the declared permission, validates input with zod, runs in the tenant
// transaction and maps every error to a typed result instead of throwing across the wire.
import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor } from "@/lib/auth/resolver";
import { toErrorBody, WardenError, type ErrorBody } from "@/lib/errors";
import { authorize, type Access } from "@/lib/rbac/authorize";
import { recordDenial } from "@/lib/rbac/escalation";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { requestIds } from "./request-context";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ErrorBody["error"] };

export interface ActionDeclaration<I extends z.ZodType> {
  permission: Exclude<Access, "public">;
  input: I;
}

export interface ActionContext<I> {
  actor: Actor;
  tx: TenantTx;
  input: I;
}

export type DeclaredAction<I extends z.ZodType, T> = ((raw: z.input<I>) => Promise<ActionResult<T>>) & {
  declaration: ActionDeclaration<I>;
};

type Run<T> = (raw: unknown, actor: () => Promise<Actor>, requestId: string) => Promise<ActionResult<T>>;
const pipelines = new WeakMap<object, Run<unknown>>();

export function action<I extends z.ZodType, T>(decl: ActionDeclaration<I>, fn: (ctx: ActionContext<z.infer<I>>) => Promise<T>): DeclaredAction<I, T> {
  const declared = Boolean(decl?.permission && decl.input);
  const run: Run<T> = async (raw, getActor, requestId) => {
    let actor: Actor | undefined;
    try {
      actor = await getActor();
      if (!declared) throw new WardenError("user_not_authorized", "This action declares no permission");
      authorize(actor, decl.permission);
      const input = decl.input.parse(raw) as z.infer<I>;
      const a = actor;
      return { ok: true, data: await withTenant(actor, (tx) => fn({ actor: a, tx, input })) };
    } catch (e) {
      await recordDenial(actor, e);
      const { status, body } = toErrorBody(e, requestId);
      if (status >= 500) console.error(`[warden] ${requestId} unhandled action error`, e);
      return { ok: false, error: body.error };
    }
  };
  const wrapped = async (raw: z.input<I>): Promise<ActionResult<T>> => {
    const h = await headers();
    const ids = requestIds(h);
    return run(raw, () => resolveActor({ headers: h, ids, surface: "console" }), ids.requestId);
  };
  pipelines.set(wrapped, run as Run<unknown>);
  return (declared ? Object.assign(wrapped, { declaration: decl }) : wrapped) as DeclaredAction<I, T>;
}

/** Test seam, like invokeAs for routes: the real pipeline with a given Actor. */
export async function invokeActionAs<T>(fn: (raw: never) => Promise<ActionResult<T>>, actor: Actor | null, raw: unknown): Promise<ActionResult<T>> {
  const run = pipelines.get(fn) as Run<T> | undefined;
  if (!run) throw new Error("invokeActionAs: not an action() function");
  const anonymous = async (): Promise<Actor> => {
    throw new WardenError("authentication_required", "Authentication is required");
  };
  return run(raw, actor ? async () => actor : anonymous, actor?.requestId ?? "req_test");
}
