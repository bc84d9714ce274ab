// The one place that opens the database. DATABASE_URL set -> PostgreSQL through
// @prisma/adapter-pg; unset -> embedded PGlite under WARDEN_DATA_DIR, owned by exactly one
// process (see pglite-lock.ts). Everything else gets its client from here.
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { ConfigError, readDbConfig, redactUrl, RUNTIME_ROLE, type DbConfig } from "./config";
import { lockDataDir, type DirLock } from "./pglite-lock";

export interface Database {
  config: DbConfig;
  prisma: PrismaClient;
  /** Adapter factory for the migration runner (same connection settings as `prisma`). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The PGlite instance when embedded (used by tests and the migration runner). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export async function openDatabase(config: DbConfig = readDbConfig()): Promise<Database> {
  if (config.kind === "postgresql") {
    const adapterFactory = new PrismaPg({
      connectionString: config.url!,
      max: Number(process.env.WARDEN_DB_POOL_MAX || 10),
    });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      config,
      prisma,
      adapterFactory: adapterFactory as unknown as SqlMigrationAwareDriverAdapterFactory,
      close: () => prisma.$disconnect(),
    };
  }
  // Loaded only here: the embedded database's WASM build costs a PostgreSQL-backed process about
  // 40 MB of RSS it would never use (a report worker's baseline, issue 18's memory budget).
  const [{ PGlite: EmbeddedPg }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const lock: DirLock = lockDataDir(config.dataDir);
  let pglite: PGlite;
  try {
    pglite = await EmbeddedPg.create(config.dataDir);
  } catch (e) {
    lock.release();
    throw new ConfigError(`Cannot open the embedded database in ${config.dataDir}: ${(e as Error).message}`);
  }
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    config,
    prisma,
    adapterFactory,
    pglite,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      lock.release();
    },
  };
}

/**
 * Makes the connection act as the runtime role. PostgreSQL: nothing to do, DATABASE_URL names the
 * login. Embedded PGlite has one superuser session: it switches that session to RUNTIME_ROLE
 * (after migrations, which need the owner). PGlite's limit (ADR 0014): the authenticated user stays
 * a superuser, so SQL running in this process could switch back with SET SESSION AUTHORIZATION postgres.
 */
export async function switchToRuntimeRole(db: Database): Promise<void> {
  if (!db.pglite) return;
  const { rows } = await db.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1`, [
    RUNTIME_ROLE,
  ]);
  if (!rows[0]?.n)
    throw new ConfigError(`Database role "${RUNTIME_ROLE}" does not exist: run \`npm run db:migrate\` first.`);
  await db.pglite.exec(`SET SESSION AUTHORIZATION ${RUNTIME_ROLE}`);
}

/** Turns a driver error on first contact into one readable line. */
export function describeConnectError(config: DbConfig, e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (config.kind === "pglite") return err.message ?? String(e);
  const where = redactUrl(config.url!);
  switch (err.code) {
    case "ECONNREFUSED":
      return `Cannot reach PostgreSQL at ${where}: connection refused. Is the server running?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot reach PostgreSQL at ${where}: unknown host.`;
    case "3D000":
      return `PostgreSQL at ${where}: the database does not exist.`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${where} refused the credentials.`;
    default:
      return `Cannot use PostgreSQL at ${where}: ${err.message ?? String(e)}`.split("\n")[0];
  }
}
