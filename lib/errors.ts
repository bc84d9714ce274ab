// The one error type. Every failure that reaches a client outside SCIM is
// { error: { type, message, request_id } } with the status its type implies.
export const ERROR_STATUS = {
  authentication_required: 401,
  invalid_credentials: 401,
  mfa_required: 401,
  virtual_key_not_found: 401,
  budget_exceeded: 402,
  user_not_authorized: 403,
  cross_origin_request: 403,
  compliance_violation: 403,
  approval_required: 403,
  virtual_key_blocked: 403,
  model_blocked: 403,
  provider_blocked: 403,
  tenant_suspended: 403,
  ip_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_request: 400,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  service_unavailable: 503,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  path: string;
  message: string;
}

export class WardenError extends Error {
  readonly type: ErrorType;
  readonly status: number;
  readonly issues?: FieldIssue[];
  readonly headers?: Record<string, string>;

  constructor(
    type: ErrorType,
    message: string,
    opts: { issues?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "WardenError";
    this.type = type;
    this.status = ERROR_STATUS[type];
    this.issues = opts.issues;
    this.headers = opts.headers;
  }
}

export interface ErrorBody {
  error: { type: ErrorType; message: string; request_id: string; issues?: FieldIssue[] };
}

/** Maps anything thrown to the error shape. Unknown errors leak nothing. */
export function toErrorBody(
  e: unknown,
  requestId: string,
): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (e instanceof WardenError) {
    return {
      status: e.status,
      headers: e.headers,
      body: {
        error: { type: e.type, message: e.message, request_id: requestId, ...(e.issues ? { issues: e.issues } : {}) },
      },
    };
  }
  const zodIssues = zodLikeIssues(e);
  if (zodIssues) {
    return {
      status: 400,
      body: {
        error: { type: "invalid_request", message: "The request is invalid", request_id: requestId, issues: zodIssues },
      },
    };
  }
  return {
    status: 500,
    body: { error: { type: "internal_error", message: "An internal error occurred", request_id: requestId } },
  };
}

function zodLikeIssues(e: unknown): FieldIssue[] | null {
  if (!e || typeof e !== "object" || (e as { name?: string }).name !== "ZodError") return null;
  const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
  return issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
