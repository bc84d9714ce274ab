// Shared by the monitoring panels. Their /v1 calls go through the typed client (lib/api/client.ts);
// the server re-checks every permission.
export const when = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—");
export const SEVERITY_TONE = { high: "danger", medium: "warning", low: "accent" } as const;
