// A throwaway database for a benchmark: a new database on a PostgreSQL server (dropped WITH
// (FORCE) afterwards) or a PGlite directory under the system temp dir (removed afterwards).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { readDbConfig } from "@/lib/db/config";
import { openDatabase, type Database } from "@/lib/db/runtime";

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
