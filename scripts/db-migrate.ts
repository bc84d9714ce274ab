// `npm run db:migrate`: applies pending migrations from prisma/migrations to the configured
// database as its owner (WARDEN_DB_OWNER_URL, else DATABASE_URL, else PGlite under
// WARDEN_DATA_DIR). Errors end in one readable line.
import { ConfigError, readOwnerDbConfig, type DbConfig } from "@/lib/db/config";
import { describeConnectError, openDatabase, type Database } from "@/lib/db/runtime";
import { adminQuery } from "@/lib/db/migration-adapters";
import { applyMigrations, MigrationError } from "@/lib/db/schema-engine";

async function main(): Promise<void> {
  const config: DbConfig = readOwnerDbConfig();
  let db: Database;
  try {
    db = await openDatabase(config);
  } catch (e) {
    throw e instanceof ConfigError ? e : new ConfigError(describeConnectError(config, e));
  }
  try {
    // openDatabase connects lazily for PostgreSQL: a first query with plain pg turns an
    // unreachable server into a clean, coded error (describeConnectError) before the engine
    // would report it less readably.
    if (config.kind === "postgresql") {
      await adminQuery(config.url!, "SELECT 1").catch((e: unknown) => {
        throw new ConfigError(describeConnectError(config, e));
      });
    }
    const { applied } = await applyMigrations(db);
    for (const name of applied) console.log(`applied ${name}`);
    const where = config.kind === "pglite" ? `PGlite (${config.dataDir})` : "PostgreSQL";
    console.log(applied.length ? `${applied.length} migration(s) applied to ${where}` : `${where} is up to date`);
  } finally {
    await db.close();
  }
}

// Exit explicitly: the wasm engine leaves a ~10 s timer behind (its advisory-lock timeout).
main().then(
  () => process.exit(0),
  (e: unknown) => {
    const message =
      e instanceof ConfigError || e instanceof MigrationError ? e.message : String((e as Error)?.message ?? e);
    console.error(`db:migrate failed: ${message.split("\n")[0]}`);
    process.exit(1);
  },
);
