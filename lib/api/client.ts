// The console's one client for /v1, typed by the generated lib/api/v1.d.ts (openapi-fetch, ADR 0024):
// paths, parameters, bodies and answers are checked by tsc against the OpenAPI document, which a
// drift test keeps equal to the route declarations. Browser-safe: same origin, the session cookie,
// never cached. Every failure (an error answer, an unreadable one, no answer at all) becomes one
// ApiError whose message the console shows as is.
import createClient, { type FetchResponse, type MaybeOptionalInit, type Middleware } from "openapi-fetch";
import type { ErrorBody, FieldIssue } from "@/lib/errors";
import { actionErrorText, type ActionError, type ActionResult } from "@/lib/http/action-result";
import type { paths } from "./v1";

export type { paths };

/** An answer that was not a success, or no answer at all (status 0, type "network_error"). */
export class ApiError extends Error {
  readonly status: number;
  /** The error type (lib/errors.ts), or "network_error" when Warden could not be reached. */
  readonly type: string;
  readonly requestId?: string;
  readonly issues: FieldIssue[];
  /** The error body as the server sent it (the shape of a failed action's error). */
  readonly error: ActionError;

  constructor(status: number, error: { type: string; message: string; request_id?: string; issues?: FieldIssue[] }) {
    // One line for people: the message, the field issues, and the request id to quote to support
    // (the same id is on the audited refusal).
    const text = actionErrorText({ ...error, request_id: error.request_id ?? "" } as ErrorBody["error"]);
    super(error.request_id ? `${text} (request ${error.request_id})` : text);
    this.name = "ApiError";
    this.status = status;
    this.type = error.type;
    this.requestId = error.request_id;
    this.issues = error.issues ?? [];
    this.error = { ...error, request_id: error.request_id ?? "" } as ActionError;
  }
}

function isErrorBody(v: unknown): v is ErrorBody {
  const e = (v as Partial<ErrorBody> | null)?.error;
  return typeof e?.type === "string" && typeof e.message === "string";
}

/** The ApiError for a response that is not 2xx: its error body, or a plain one when the body is not Warden's. */
export async function toApiError(res: Response): Promise<ApiError> {
  const body: unknown = await res
    .clone()
    .json()
    .catch(() => null);
  if (isErrorBody(body)) return new ApiError(res.status, body.error);
  return new ApiError(res.status, {
    type: res.status >= 500 ? "internal_error" : "invalid_request",
    message: `Request failed (HTTP ${res.status})`,
    request_id: res.headers.get("x-request-id") ?? undefined,
  });
}

export const UNREACHABLE = "Warden could not be reached. Check your connection and try again.";

const errors: Middleware = {
  async onResponse({ response }) {
    // 304 answers a conditional GET the caller made itself (If-None-Match, the live console's
    // version polls): "unchanged", not a failure. Nothing else on /v1 answers it.
    if (!response.ok && response.status !== 304) throw await toApiError(response);
  },
  onError({ error }) {
    if (error instanceof ApiError || (error instanceof DOMException && error.name === "AbortError"))
      return error as Error;
    return new ApiError(0, { type: "network_error", message: UNREACHABLE });
  },
};

type Method = "get" | "put" | "post" | "delete" | "patch";
type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];
type Init<P extends keyof paths, M extends Method> = MaybeOptionalInit<paths[P], M>;
type Call<M extends Method> = <P extends PathsWith<M>>(
  url: P,
  ...init: undefined extends Init<P, M> ? [init?: Init<P, M>] : [init: Init<P, M>]
) => Promise<FetchResponse<paths[P][M] & Record<string | number, unknown>, Init<P, M>, `${string}/${string}`>>;

/**
 * openapi-fetch's methods with the init typed from the path instead of inferred from the
 * argument: the same calls, but an object literal is checked field by field, so a body field
 * the document no longer has is an error too (inferring the init accepts any extra field).
 */
export interface ApiClient {
  GET: Call<"get">;
  PUT: Call<"put">;
  POST: Call<"post">;
  DELETE: Call<"delete">;
  PATCH: Call<"patch">;
}

/**
 * A client for /v1 on this origin (the session cookie goes along; writes carry the browser's
 * Origin, which the server checks). Tests pass `baseUrl` and `fetch`.
 */
export function createApiClient(
  options: { baseUrl?: string; fetch?: (input: Request) => Promise<Response> } = {},
): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? "",
    fetch: options.fetch,
    cache: "no-store",
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  client.use(errors);
  // The same functions; ApiClient only types their init from the path.
  return client as unknown as ApiClient;
}

/** The console's client. Calls throw ApiError on any failure; wrap them in `must()` for the typed data. */
export const api = createApiClient();

type Success<R> = R extends { data: infer D; error?: never } ? D : never;

declare const expected: unique symbol;
/** The type a caller expects from an operation whose success response the document does not describe yet. */
export interface UntilDeclared<T> {
  readonly [expected]?: T;
}
/**
 * `must(call, untilDeclared<ReportView>())`: while the route declares no response schema, the data
 * is typed as the caller says; as soon as it declares one, the generated type wins and tsc checks
 * every use of the data against it (the marker then does nothing and can go).
 */
export const untilDeclared = <T>(): UntilDeclared<T> => ({});

type Data<R, F> = [Success<R>] extends [undefined] ? F : Success<R>;

/** The typed success data of a call; every failure was already thrown as ApiError. */
export async function must<R extends { data?: unknown; error?: unknown; response: Response }, F = undefined>(
  call: Promise<R>,
  _until?: UntilDeclared<F>,
): Promise<Data<R, F>> {
  const out = await call;
  // The middleware throws for every non-2xx answer; this keeps the type honest.
  if (!out.response.ok) throw await toApiError(out.response);
  return out.data as Data<R, F>;
}

/** The JSON body an operation accepts, for typing a form's state against the document. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

/**
 * A /v1 call answered as `{ ok: true, data } | { ok: false, error }`, the shape the console's forms
 * handle (lib/http/action-result.ts): the same error body the server sent, or a network error. A
 * change of power held for a second admin's approval (202, `approval_required`) was not made: it is
 * a failure whose message says so; repeating the change once approved applies it.
 */
export async function asResult<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<ActionResult<Data<R, unknown>>> {
  try {
    const out = await call;
    if (!out.response.ok) throw await toApiError(out.response);
    const held = out.data as { status?: unknown; message?: unknown } | undefined;
    if (out.response.status === 202 && held?.status === "approval_required")
      return {
        ok: false,
        error: {
          type: "approval_required",
          message: String(held.message),
          request_id: out.response.headers.get("x-request-id") ?? "",
        } as ActionError,
      };
    return { ok: true, data: out.data as Data<R, unknown> };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: e.error };
    throw e;
  }
}

/**
 * How a console form calls /v1: each call answered as `asResult`, and `onSuccess` (the page's
 * `router.refresh()`, which re-renders its server data) run after a success.
 */
export function resultCalls(onSuccess: () => void) {
  return async <R extends { data?: unknown; error?: unknown; response: Response }>(
    call: Promise<R>,
  ): Promise<ActionResult<Data<R, unknown>>> => {
    const out = await asResult(call);
    if (out.ok) onSuccess();
    return out;
  };
}
