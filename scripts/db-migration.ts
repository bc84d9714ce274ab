// `npm run db:migration -- <name>`: writes the next migration from changes to prisma/schema.prisma.
// It works against a throwaway database -- an in-memory PGlite, or a temporary database on the
// DATABASE_URL server -- so it never touches development data or the PGlite directory lock
// (a running `npm run dev` can keep its database).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { ConfigError, readDbConfig } from "@/lib/db/config";
import { describeConnectError } from "@/lib/db/runtime";
import { adminQuery, withDatabase } from "@/lib/db/migration-adapters";
import { createMigration, MigrationError } from "@/lib/db/schema-engine";

function migrationName(args: string[]): string {
  return args
    .join(" ")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

async function main(): Promise<void> {
  const name = migrationName(process.argv.slice(2));
  if (!name) throw new ConfigError("usage: npm run db:migration -- <name>");
  const config = readDbConfig();
  let file: string | null;
  if (config.kind === "pglite") {
    const pglite = await PGlite.create(); // in memory
    try {
      file = await createMigration({ config, pglite }, name);
    } finally {
      await pglite.close();
    }
  } else {
    const scratch = `warden_migration_${randomBytes(6).toString("hex")}`;
    try {
      await adminQuery(config.url!, `CREATE DATABASE "${scratch}"`);
    } catch (e) {
      throw new ConfigError(describeConnectError(config, e));
    }
    try {
      file = await createMigration({ config: { ...config, url: withDatabase(config.url!, scratch) } }, name);
    } finally {
      await adminQuery(config.url!, `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    }
  }
  console.log(file ? `created ${path.relative(process.cwd(), file)}` : "no schema changes");
}

// Exit explicitly: the wasm engine leaves a ~10 s timer behind (its advisory-lock timeout).
main().then(
  () => process.exit(0),
  (e: unknown) => {
    const message =
      e instanceof ConfigError || e instanceof MigrationError ? e.message : String((e as Error)?.message ?? e);
    console.error(`db:migration failed: ${message.split("\n")[0]}`);
    process.exit(1);
  },
);
