// The one structured logger (pino, JSON lines on stdout) for server code: the console's route
// wrappers, the gateway, the monitor, instrumentation. Secrets and personal data never reach a
// line: pino's redact paths censor fields by name (credentials, e-mail addresses, names), and a
// scrubber rewrites every string that is written (messages, error messages and stacks, field
// values) so an e-mail-shaped or key-shaped string is replaced wherever it hides.
//   log.info({ requestId, route }, "message")      log.error({ err }, "what failed")
//   const l = log.child({ component: "gateway" })
// WARDEN_LOG_LEVEL: trace | debug | info (default) | warn | error | fatal | silent. Under Vitest
// the default is silent; tests/server/log-hygiene.test.ts captures the lines with captureLogs().
import pino, { type DestinationStream, type Logger } from "pino";

/** Field names whose values are never written (any depth up to two levels below the line). */
const SENSITIVE = [
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "passwd",
  "secret",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "apiKey",
  "api_key",
  "key",
  "x-bf-vk",
  "privateKey",
  "sealed",
  "api_key_sealed",
  "apiKeySealed",
  "clientSecret",
  "client_secret",
  "email",
  "emails",
  "userName",
  "displayName",
  "display_name",
  "givenName",
  "familyName",
  "name",
  "phone",
  "phoneNumbers",
];
export const REDACT_PATHS = [
  ...SENSITIVE.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`)),
  ...SENSITIVE.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `*.${k}` : `*["${k}"]`)),
  ...SENSITIVE.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `*.*.${k}` : `*.*["${k}"]`)),
];

// Key-shaped strings: Warden's own secrets (API keys wdn_, virtual keys wvk_, SCIM tokens
// wscim_, sealed secrets v1.<kid>.<iv>.<tag>.<ct>), bearer credentials, JWTs and provider keys.
const SCRUB: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, "[email]"],
  [/\b(?:wdn|wvk|wscim|wk)_[A-Za-z0-9_-]{6,}/g, "[key]"],
  [/\bv1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g, "[sealed]"],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, "[jwt]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  [/\bsk-[A-Za-z0-9_-]{10,}/g, "[key]"],
  [/(postgres(?:ql)?|redis|rediss|mysql):\/\/[^\s:@/]+:[^\s@/]+@/gi, "$1://[credentials]@"],
];

/** Replaces e-mail-shaped and key-shaped substrings (used on every string a line carries). */
export function scrub(s: string): string {
  let out = s;
  for (const [re, to] of SCRUB) out = out.replace(re, to);
  return out;
}

function scrubValue(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return scrub(v);
  if (depth > 6 || v === null || typeof v !== "object") return v;
  if (v instanceof Error) return serializeError(v);
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = scrubValue(x, depth + 1);
  return out;
}

/** Errors as { type, message, code, stack }, each string scrubbed (a driver error can quote an address). */
export function serializeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error))
    return e !== null && typeof e === "object"
      ? (scrubValue(e) as Record<string, unknown>)
      : { message: scrub(String(e)) };
  const err = e as Error & { code?: unknown; type?: unknown };
  return {
    type: err.name,
    message: scrub(err.message),
    ...(typeof err.code === "string" || typeof err.code === "number" ? { code: err.code } : {}),
    ...(typeof err.type === "string" ? { error_type: err.type } : {}),
    ...(err.stack ? { stack: scrub(err.stack) } : {}),
    ...(err.cause ? { cause: serializeError(err.cause) } : {}),
  };
}

// Where lines go: stdout by default; captureLogs() swaps the sink (tests).
let sink: { write(s: string): void } = pino.destination({ fd: 1, sync: true });
const destination: DestinationStream = { write: (s: string) => sink.write(s) };

function defaultLevel(): string {
  return process.env.WARDEN_LOG_LEVEL || (process.env.VITEST ? "silent" : "info");
}

function create(): Logger {
  return pino(
    {
      level: defaultLevel(),
      base: { service: process.env.WARDEN_SERVICE_NAME || "warden" },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrubValue(obj) as Record<string, unknown>,
      },
      hooks: {
        // The message string (and printf arguments) are scrubbed too.
        logMethod(args, method) {
          const clean = args.map((a, i) =>
            typeof a === "string" ? scrub(a) : i > 0 && a instanceof Error ? scrub(a.message) : a,
          );
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

// One logger per process, also across Next's separately bundled route modules.
const g = globalThis as unknown as { __wardenLog?: Logger };
export const log: Logger = (g.__wardenLog ??= create());

/** Names the process in every line (scripts/gateway.ts: "warden-gateway"). */
export function setServiceName(name: string): void {
  log.setBindings({ service: name });
}

/**
 * Test helper: every line written from now on is collected (level raised to `level`) until
 * stop() restores stdout and the previous level. Lines are the raw JSON text.
 */
export function captureLogs(level = "info"): { lines: string[]; text(): string; stop(): void } {
  const lines: string[] = [];
  const previous = { sink, level: log.level };
  sink = { write: (s: string) => void lines.push(s) };
  log.level = level;
  return {
    lines,
    text: () => lines.join(""),
    stop: () => {
      sink = previous.sink;
      log.level = previous.level;
    },
  };
}
