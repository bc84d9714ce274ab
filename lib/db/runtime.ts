// The one place that opens the database. DATABASE_URL set -> PostgreSQL through
// @prisma/adapter-pg; unset -> embedded PGlite under WARDEN_DATA_DIR, owned by exactly one
// process (see pglite-lock.ts). Everything else gets its client from here.
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { ConfigError, readDbConfig, redactUrl, type DbConfig } from "./config";
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
    const adapterFactory = new PrismaPg({ connectionString: config.url!, max: Number(process.env.WARDEN_DB_POOL_MAX || 10) });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      config,
      prisma,
      adapterFactory: adapterFactory as unknown as SqlMigrationAwareDriverAdapterFactory,
      close: () => prisma.$disconnect(),
    };
  }
  const lock: DirLock = lockDataDir(config.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(config.dataDir);
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
