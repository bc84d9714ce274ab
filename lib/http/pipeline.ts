// The one request pipeline under every wrapper: route() (lib/http/route.ts), action()
// (lib/http/action.ts), scimRoute() (lib/scim/handler.ts) and page() (lib/http/page.tsx).
//   resolve the Actor (the one resolver) -> refuse an undeclared entry -> authorize ->
//   request checks -> read and validate the input -> run in the tenant transaction ->
//   on failure, write the refusal's audit entry.
// It never answers: each wrapper turns the outcome into its own shape (the error JSON, an
// action result, SCIM's error schema, a page's "not allowed" view).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordRefusal } from "@/lib/audit/refusal";
import { toErrorBody, WardenError } from "@/lib/errors";
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
      throw new WardenError("user_not_authorized", `This route serves ${decl.actorKind.replace("_", " ")} callers only`);
    }
    // Request checks that depend on how the caller authenticated belong here, before any input
    // is read (an Origin check for cookie-authenticated writes).
    const parsed = (input.parse ? await input.parse() : undefined) as I;
    const a = actor;
    const exec = (tx: TenantTx) => run({ actor: a, tx, input: parsed });
    const value = decl.tenantTx === false ? await exec(undefined as unknown as TenantTx) : await withTenant(actor, exec);
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
  if (mapped.status >= 500) console.error(`[warden] ${requestId} unhandled ${where} error`, e);
  return mapped;
}

/** The error type of a refused outcome ("authentication_required", "user_not_authorized", ...). */
export function errorType(e: unknown): string | undefined {
  return e instanceof WardenError ? e.type : undefined;
}
