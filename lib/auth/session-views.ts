// The shapes of console sessions and the session policy as /v1 and the console see them (ADR
// 0031). Pure: the browser imports the types and deviceLabel too.
import { z } from "zod";

/**
 * Where an IdP sends the browser back after RP-initiated logout (ADR 0034): the sign-in page,
 * which says the person signed out. The local demo IdP registers it for its clients.
 */
export const POST_LOGOUT_PATH = "/signin?signed_out=1";

/** Bounds of the per-tenant settings (also CHECK constraints in the migration). */
export const IDLE_MINUTES = { min: 5, max: 1440, default: 60 } as const;
export const MAX_MINUTES = { min: 15, max: 1440, default: 480 } as const;
/** How often an OIDC session goes back to its IdP (ADR 0034). */
export const REFRESH_MINUTES = { min: 1, max: 60, default: 5 } as const;

export const sessionView = z.object({
  id: z.string().describe("The session id (the sid of its cookie)"),
  user_id: z.string(),
  method: z
    .enum(["oidc", "saml", "break_glass"])
    .describe(
      "How the person signed in: through an identity provider (oidc, saml) or with two admins' one-time codes (break_glass)",
    ),
  provider: z.string().nullable().describe("The identity provider's name when the session began"),
  mfa: z.boolean().describe("The identity provider reported a second factor"),
  ip: z.string().nullable().describe("Client address at sign-in"),
  device: z.string().nullable().describe("The browser's User-Agent (trimmed)"),
  device_label: z.string().describe("A short description of the browser and system"),
  created_at: z.string().describe("Sign-in time"),
  last_seen_at: z.string().describe("Last request (kept to the minute)"),
  expires_at: z.string().describe("When the session ends at the latest (the tenant's absolute lifetime)"),
  idle_expires_at: z.string().describe("When the session ends without another request (the tenant's idle timeout)"),
  current: z.boolean().describe("This is the session making the request"),
});
export type SessionView = z.infer<typeof sessionView>;

export const sessionList = z.object({ data: z.array(sessionView) });
export const endedSessions = z.object({ ended: z.number().int().describe("How many live sessions were ended") });

export const sessionPolicySchema = z.object({
  idle_timeout_minutes: z
    .number()
    .int()
    .min(IDLE_MINUTES.min)
    .max(IDLE_MINUTES.max)
    .describe(
      `Minutes without a request after which a console session ends (${IDLE_MINUTES.min}-${IDLE_MINUTES.max}, default ${IDLE_MINUTES.default})`,
    ),
  absolute_lifetime_minutes: z
    .number()
    .int()
    .min(MAX_MINUTES.min)
    .max(MAX_MINUTES.max)
    .describe(
      `Minutes after sign-in at which a console session ends whatever happens (${MAX_MINUTES.min}-${MAX_MINUTES.max}, default ${MAX_MINUTES.default})`,
    ),
  refresh_interval_minutes: z
    .number()
    .int()
    .min(REFRESH_MINUTES.min)
    .max(REFRESH_MINUTES.max)
    .describe(
      `Minutes after which an OIDC session is refreshed at its identity provider at its next request: a role or group changed there applies, a disabled account ends the session (${REFRESH_MINUTES.min}-${REFRESH_MINUTES.max}, default ${REFRESH_MINUTES.default})`,
    ),
});
export type SessionPolicy = z.infer<typeof sessionPolicySchema>;
export const sessionPolicyPatchSchema = sessionPolicySchema.partial().strict();

/** "Firefox on macOS": enough to tell one's browsers apart; the whole User-Agent is in `device`. */
export function deviceLabel(ua: string | null): string {
  if (!ua) return "Unknown browser";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrom(e|ium)\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : /curl\//i.test(ua)
              ? "curl"
              : "Browser";
  const os = /iPhone|iPad/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  return os ? `${browser} on ${os}` : browser;
}
