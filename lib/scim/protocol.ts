// SCIM's request and response conventions shared by the resource modules (users, groups) and the
// route wrapper (handler.ts): the JSON body reader, ETags and conditional requests (RFC 7644 §3.14),
// and the result a SCIM handler answers.
import "server-only";
import { WardenError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";
import { ScimError } from "./errors";

export interface ScimResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** What was touched, for the provisioning log. */
  resource?: { type: string; id?: string };
  detail?: string;
}

const sent = new WeakMap<Request, unknown>();
/** The body readScimBody read from this request, for the provisioning log. */
export const sentBody = (req: Request): unknown => sent.get(req);

/** Reads a SCIM JSON body (application/scim+json or application/json). */
export async function readScimBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/application\/(scim\+)?json/i.test(type))
    throw new ScimError(415, "Send application/scim+json", "invalidSyntax");
  try {
    const body = await readJsonBody(req);
    sent.set(req, body);
    return body;
  } catch (e) {
    if (e instanceof WardenError)
      throw new ScimError(e.status, e.message, e.status === 400 ? "invalidSyntax" : undefined);
    throw e;
  }
}

/** If-Match (RFC 7644 §3.14): a mismatch is 412; "*" or no header always passes. */
export function checkIfMatch(req: Request, version: number): void {
  const h = req.headers.get("if-match");
  if (!h || h.trim() === "*") return;
  const wanted = h.split(",").map((s) => s.trim().replace(/^W\//, ""));
  if (!wanted.includes(`"${version}"`)) throw new ScimError(412, "The resource has changed (ETag mismatch)");
}

export function etag(version: number): string {
  return `W/"${version}"`;
}

/** A User's or Group's answer: its document with its ETag and Location, and what the log records. */
export function resourceResult(
  type: "User" | "Group",
  r: { id: string; version: number },
  base: string,
  body: unknown,
  status: number,
  detail?: string,
): ScimResult {
  return {
    status,
    body,
    headers: { etag: etag(r.version), location: `${base}/${type}s/${r.id}` },
    resource: { type, id: r.id },
    detail,
  };
}

/** If-None-Match (RFC 7644 §3.14, RFC 9110 §13.1.2): the current version answers 304 without a body. */
export function notModified(req: Request, version: number): ScimResult | undefined {
  const h = req.headers.get("if-none-match");
  if (!h) return undefined;
  const tags = h.split(",").map((s) => s.trim().replace(/^W\//, ""));
  if (!tags.includes("*") && !tags.includes(`"${version}"`)) return undefined;
  return { status: 304, body: null, headers: { etag: etag(version) } };
}
