// Browser calls to /v1 (same origin, session cookie). The server re-checks every permission.
export async function callApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const issues = (json?.error?.issues ?? []) as { path: string; message: string }[];
    throw new Error([json?.error?.message ?? `Request failed (${res.status})`, ...issues.map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`)].join(" — "));
  }
  return json as T;
}

export const when = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—");
export const SEVERITY_TONE = { high: "danger", medium: "warning", low: "accent" } as const;
export const inputClass = "h-9 w-full min-w-0 rounded-md border border-border-strong bg-surface px-3 text-sm text-fg placeholder:text-subtle";
