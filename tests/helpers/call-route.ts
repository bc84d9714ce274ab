// Calls a Next route handler directly with a real Request, as Next would.
import type { DeclaredHandler } from "@/lib/http/route";

export interface CallResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(
  handler: DeclaredHandler,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown; params?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers = new Headers(opts.headers);
  if (opts.body !== undefined) headers.set("content-type", "application/json");
  const req = new Request(`http://127.0.0.1${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
