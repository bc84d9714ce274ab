// A throwaway database for a benchmark: a new database on a PostgreSQL server (dropped WITH
// (FORCE) afterwards) or a PGlite directory under the system temp dir (removed afterwards); and a
// migrated PostgreSQL database with the runtime role's login, for benchmarks that serve it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { readDbConfig, RUNTIME_ROLE, urlAsRole } from "@/lib/db/config";
import { enableRuntimeLogin } from "@/lib/db/roles";
import { openDatabase, type Database } from "@/lib/db/runtime";
import { applyMigrations } from "@/lib/db/schema-engine";

export interface ThrowawayDb {
  db: Database;
  drop: () => Promise<void>;
}

export async function openThrowawayDb(
  kind: "pglite" | "postgresql",
  prefix: string,
  pgUrl: string,
): Promise<ThrowawayDb> {
  if (kind === "postgresql") {
    const name = `${prefix}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    const db = await openDatabase(readDbConfig({ DATABASE_URL: u.toString() }));
    return {
      db,
      drop: async () => {
        await db.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const db = await openDatabase(readDbConfig({ WARDEN_DATA_DIR: dir }));
  return {
    db,
    drop: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface MigratedPgDb {
  /** The server's superuser on the new database: migrations, bulk data, ANALYZE. */
  ownerUrl: string;
  /** The least-privileged runtime role on it: what the benchmark serves and measures through. */
  runtimeUrl: string;
  /** False when `name` already existed (a kept database); it got any new migrations. */
  created: boolean;
  /** Drops the database unless `keep`, and closes the admin connection. */
  drop: () => Promise<void>;
}

/** A PostgreSQL database named `name` (created unless it exists), migrated as the owner, runtime login on. */
export async function migratedPgDb(pgUrl: string, name: string, keep = false): Promise<MigratedPgDb> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount! > 0;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  const drop = async () => {
    if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
  };
  try {
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    const ownerUrl = u.toString();
    const owner = await openDatabase(readDbConfig({ DATABASE_URL: ownerUrl }));
    await applyMigrations(owner);
    await owner.close();
    await enableRuntimeLogin(ownerUrl);
    return { ownerUrl, runtimeUrl: urlAsRole(ownerUrl, RUNTIME_ROLE), created: !exists, drop };
  } catch (e) {
    await drop();
    throw e;
  }
}
