// SCIM has its own error schema (RFC 7644 §3.12), separate from Warden's { error: {...} }.
// Everything thrown under /scim/v2 is mapped here; WardenErrors from the shared resolver and
// authorize() become SCIM errors with the same status.
import "server-only";
import { WardenError } from "@/lib/errors";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_CONTENT_TYPE = "application/scim+json";

export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = "ScimError";
  }
}

export interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  // RFC 6750 §3 / RFC 7644 §2: a 401 names the scheme the client must use.
  const challenge: Record<string, string> = status === 401 ? { "www-authenticate": 'Bearer realm="scim"' } : {};
  // A 304 carries no body, so no content type either.
  const type: Record<string, string> = status === 304 ? {} : { "content-type": SCIM_CONTENT_TYPE };
  return new Response(body === null || status === 304 ? null : JSON.stringify(body), {
    status,
    headers: { ...type, ...challenge, ...headers },
  });
}

/** Maps anything thrown to a SCIM error; unknown errors leak nothing. */
export function toScimError(e: unknown): ScimError {
  if (e instanceof ScimError) return e;
  // RFC 7644 §3.12 defines one scimType for 409: "uniqueness".
  if (e instanceof WardenError)
    return new ScimError(
      e.status,
      e.message,
      e.status === 400 ? "invalidValue" : e.status === 409 ? "uniqueness" : undefined,
    );
  if (e && typeof e === "object" && (e as { name?: string }).name === "ZodError") {
    const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
    const detail = issues.map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ");
    return new ScimError(400, detail || "The request is invalid", "invalidValue");
  }
  return new ScimError(500, "An internal error occurred");
}

export function scimErrorBody(e: ScimError): ScimErrorBody {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(e.status),
    ...(e.scimType ? { scimType: e.scimType } : {}),
    detail: e.message,
  };
}
