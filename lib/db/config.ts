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
}

/**
 * The login role the running app uses (created NOLOGIN by the migrations; provisioning turns on
 * LOGIN). On PostgreSQL DATABASE_URL names it; embedded PGlite switches its one session to it.
 */
export const RUNTIME_ROLE = "warden_runtime";

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
  if (!url) return { kind: "pglite", dataDir, appRole };

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
  return { kind: "postgresql", url, dataDir, appRole };
}

/**
 * The configuration migrations use: WARDEN_DB_OWNER_URL (the role that owns the schema) when set,
 * else DATABASE_URL. The running app never reads WARDEN_DB_OWNER_URL.
 */
export function readOwnerDbConfig(env: Record<string, string | undefined> = process.env): DbConfig {
  const owner = env.WARDEN_DB_OWNER_URL?.trim();
  return readDbConfig(owner ? { ...env, DATABASE_URL: owner } : env);
}

/** The same server and database as `url`, as another role (a password only when given). */
export function urlAsRole(url: string, role: string, password?: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = password ?? "";
  return u.toString();
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
