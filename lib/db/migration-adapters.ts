// Driver-adapter factories for the wasm schema engine (lib/db/schema-engine.ts), with the fixes
// the stock adapters need on migration paths only (the app's query path is unaffected):
//  - adapter-pg 7.10.1 cannot map type OID 18 ("char", used by pg_catalog) -> reported as text;
//  - adapter-pg's connectToShadowDb with a connectionString connects to the MAIN database
//    -> our shadow factory creates a throwaway database and drops it WITH (FORCE);
//  - both adapters' executeScript are unsafe for migrations: adapter-pg splits scripts on ";"
//    (breaks DO $$ blocks), pglite-prisma-adapter does not await exec (a failing migration would
//    be recorded as applied) -> we run the whole script in one simple-protocol round trip.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export interface MigrationFactory extends SqlMigrationAwareDriverAdapterFactory {
  cleanup(): Promise<void>;
}

type PatchableAdapter = SqlDriverAdapter & { onError(e: unknown): never };

function withScriptRunner(adapter: SqlDriverAdapter, run: (sql: string) => Promise<unknown>) {
  const a = adapter as PatchableAdapter;
  a.executeScript = async (script: string) => {
    try {
      await run(script);
    } catch (e) {
      a.onError(e); // rethrows as a DriverAdapterError, which the engine reports readably
    }
  };
  return a;
}

/** A pg client that reports "char" (OID 18) columns as text, which adapter-pg can map. */
class CharAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    const fix = (res: unknown) => {
      for (const r of Array.isArray(res) ? res : [res]) {
        for (const f of (r as pg.QueryResult | undefined)?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
      }
      return res;
    };
    const cb = args.findIndex((a) => typeof a === "function");
    if (cb >= 0) {
      const done = args[cb] as (err: Error | null, res: unknown) => void;
      args[cb] = (err: Error | null, res: unknown) => done(err, err ? res : fix(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args) as Promise<unknown> | undefined;
    return out && typeof out.then === "function" ? out.then(fix) : out;
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on its own connection (CREATE/DROP DATABASE cannot share a pool). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function postgresFactory(url: string): MigrationFactory {
  const pools: pg.Pool[] = [];
  const shadows = new Set<string>();
  // One connection per pool: the engine takes a session-level advisory lock and must see it
  // on every later statement; it only ever runs one statement at a time.
  const connect = async (connectionString: string) => {
    const pool = new pg.Pool({ connectionString, max: 1, Client: CharAsTextClient, connectionTimeoutMillis: 15_000 });
    // An idle connection dropped by the server (e.g. DROP DATABASE ... WITH (FORCE)) must not
    // crash the process; the next query on it reports the error instead.
    pool.on("error", () => {});
    pools.push(pool);
    const adapter = withScriptRunner(await new PrismaPg(pool).connect(), (sql) => pool.query(sql));
    return { adapter, pool };
  };
  const dropShadow = async (name: string) => {
    await adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    shadows.delete(name);
  };
  return {
    provider: "postgres",
    adapterName: "warden-migrate-pg",
    connect: async () => (await connect(url)).adapter,
    connectToShadowDb: async () => {
      const name = `warden_shadow_${randomBytes(6).toString("hex")}`;
      await adminQuery(url, `CREATE DATABASE "${name}"`);
      shadows.add(name);
      const { adapter, pool } = await connect(withDatabase(url, name));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await pool.end(); // PrismaPg leaves an external pool open; close it before dropping
        await dropShadow(name);
      };
      return adapter;
    },
    cleanup: async () => {
      await Promise.allSettled(pools.filter((p) => !p.ended).map((p) => p.end()));
      for (const name of [...shadows]) await dropShadow(name);
    },
  };
}

export function pgliteFactory(main: PGlite): MigrationFactory {
  const shadows: PGlite[] = [];
  const connect = async (db: PGlite) => withScriptRunner(await new PrismaPGlite(db).connect(), (sql) => db.exec(sql));
  return {
    provider: "postgres",
    adapterName: "warden-migrate-pglite",
    connect: () => connect(main),
    connectToShadowDb: async () => {
      const shadow = await PGlite.create(); // in memory, gone when closed
      shadows.push(shadow);
      return connect(shadow);
    },
    cleanup: async () => void (await Promise.allSettled(shadows.map((s) => s.close()))),
  };
}
