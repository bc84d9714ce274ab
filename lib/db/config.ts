// Database configuration from the environment, validated once. A bad value is reported
// as a one-line ConfigError, never as a stack trace from deep inside a driver.
import path from "node:path";

export type DbKind = "pglite" | "postgresql";

export interface DbConfig {
  kind: DbKind;
  /** PostgreSQL connection string (kind = postgresql). */
  url?: string;
  /** PGlite data directory (kind = pglite). */
  dataDir: string;
  /** The role every tenant transaction switches to. Owns no table, has no BYPASSRLS. */
  appRole: string;
  /** Explicit opt-out of the startup refusal of a privileged application role. */
  allowPrivilegedAppRole: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function readDbConfig(env: Record<string, string | undefined> = process.env): DbConfig {
  const url = env.DATABASE_URL?.trim() || undefined;
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), env.WARDEN_DATA_DIR?.trim() || "data");
  const appRole = env.WARDEN_DB_APP_ROLE?.trim() || "warden_app";
  if (!ROLE_NAME.test(appRole)) {
    throw new ConfigError(`WARDEN_DB_APP_ROLE "${appRole}" is not a valid role name (lowercase letters, digits, _).`);
  }
  const allowPrivilegedAppRole = env.WARDEN_DB_ALLOW_PRIVILEGED_ROLE === "1";
  if (!url) return { kind: "pglite", dataDir, appRole, allowPrivilegedAppRole };

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError("DATABASE_URL is malformed: expected postgresql://user:password@host:port/database");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new ConfigError(`DATABASE_URL must start with postgresql:// (got "${parsed.protocol}")`);
  }
  if (!parsed.hostname && !parsed.searchParams.get("host")) {
    throw new ConfigError("DATABASE_URL has no host");
  }
  if (parsed.pathname.length <= 1) {
    throw new ConfigError("DATABASE_URL names no database (add /<database> after the host)");
  }
  return { kind: "postgresql", url, dataDir, appRole, allowPrivilegedAppRole };
}

/** A connection string with its password replaced, safe for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
