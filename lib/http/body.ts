// The one body reader for route(), SCIM, the gateway and routes that read their body themselves.
// The size limit is enforced while the body streams in (never after buffering it whole): 413
// payload_too_large. Bytes that are not UTF-8, a NUL character, or a lone UTF-16 surrogate (a
// "\ud800" escape in JSON) are refused with 400 invalid_request: PostgreSQL cannot store them,
// and they would otherwise surface as a 500 from deep inside a transaction.
import "server-only";
import { WardenError } from "@/lib/errors";

/** Default cap for request bodies: WARDEN_MAX_BODY_BYTES, else 1 MiB. */
export function defaultBodyLimit(): number {
  const n = Number(process.env.WARDEN_MAX_BODY_BYTES);
  return Number.isInteger(n) && n > 0 ? n : 1024 * 1024;
}

/** The gateway's own cap (chat requests carry images and long contexts); same reader, same checks. */
export const GATEWAY_BODY_LIMIT = 10 * 1024 * 1024;

export interface BodyOptions {
  /** Bytes; defaults to defaultBodyLimit(). */
  limit?: number;
}

function tooLarge(limit: number): WardenError {
  return new WardenError("payload_too_large", `The body is larger than ${limit} bytes`);
}

/** The raw body, read as a stream and refused with 413 as soon as it passes the limit. */
export async function readBodyBytes(req: Request, opts: BodyOptions = {}): Promise<Buffer> {
  const limit = opts.limit ?? defaultBodyLimit();
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8 strictly and refuses NUL: 400 invalid_request. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new WardenError("invalid_request", "The body is not valid UTF-8");
  }
  if (text.includes("\u0000")) throw new WardenError("invalid_request", "The body contains a NUL character");
  return text;
}

/** The body as text (size-limited, strict UTF-8, no NUL). */
export async function readBodyText(req: Request, opts: BodyOptions = {}): Promise<string> {
  return decodeText(await readBodyBytes(req, opts));
}

/** Throws 400 when any string or key in a parsed JSON value holds NUL or a lone surrogate. */
export function assertStorableJson(value: unknown, path = ""): void {
  if (typeof value === "string") {
    checkString(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertStorableJson(v, `${path}[${i}]`));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      checkString(k, at);
      assertStorableJson(v, at);
    }
  }
}

function checkString(s: string, path: string): void {
  const where = path ? ` (at ${path})` : "";
  if (s.includes("\u0000")) throw new WardenError("invalid_request", `The body contains a NUL character${where}`);
  if (!s.isWellFormed()) throw new WardenError("invalid_request", `The body contains a lone UTF-16 surrogate${where}`);
}

/** Parses JSON text and refuses what PostgreSQL cannot store. An empty text is invalid JSON. */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WardenError("invalid_request", "The body is not valid JSON");
  }
  assertStorableJson(value);
  return value;
}

/** A JSON body: size-limited, strict UTF-8, no NUL, no lone surrogates. The caller checks the content type. */
export async function readJsonBody(req: Request, opts: BodyOptions = {}): Promise<unknown> {
  return parseJsonText(await readBodyText(req, opts));
}
