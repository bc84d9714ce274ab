// The gateway's hot-path twin of withTenant (with-tenant.ts), kept beside it so tenancy has one
// home: the same contract as withTenant (BEGIN; SET LOCAL
// ROLE <app role>; set_config('app.tenant_id', ..., true); ...; COMMIT, so RLS applies to every
// statement) on a raw driver connection. Prisma's interactive transactions cost one client
// round trip per statement plus engine overhead (measured ~20 ms per empty transaction under
// load here), which the gateway's 1 ms budget cannot carry. The set-up is sent as ONE
// simple-protocol round trip.
import "server-only";
import pg from "pg";
import type { Database } from "@/lib/db/runtime";
import { TENANT_ID } from "./tenant-id";
import { log } from "@/lib/observability/log";

export interface Sql {
  /** `name` makes a server-side prepared statement on PostgreSQL (parsed and planned once per connection). */
  query<T>(text: string, params?: unknown[], name?: string): Promise<T[]>;
}

/** What the raw-driver helpers need of a Database: its settings (and PGlite, when embedded). */
export type SqlDatabase = Pick<Database, "config" | "pglite" | "close">;

const pools = new WeakMap<SqlDatabase, pg.Pool>();

function poolFor(db: SqlDatabase): pg.Pool {
  let p = pools.get(db);
  if (!p) {
    p = new pg.Pool({ connectionString: db.config.url, max: Number(process.env.WARDEN_GATEWAY_POOL_MAX || 16) });
    p.on("error", (e) => log.error({ err: e }, "gateway: idle connection error"));
    pools.set(db, p);
    const close = db.close.bind(db);
    db.close = async () => {
      await p!.end().catch(() => {});
      await close();
    };
  }
  return p;
}

/**
 * A read-only transaction on one snapshot (PostgreSQL; PGlite is one connection, where this is
 * ignored): `snapshot: "export"` starts one at REPEATABLE READ, and others join it by its id
 * (pg_export_snapshot(), SET TRANSACTION SNAPSHOT) while it stays open.
 */
export interface SnapshotOptions {
  snapshot?: "export" | string;
}
const SNAPSHOT_ID = /^[0-9A-F]+(-[0-9A-F]+)+$/i;

export async function withTenantSql<T>(
  db: SqlDatabase,
  tenantId: string,
  fn: (sql: Sql) => Promise<T>,
  opts: SnapshotOptions = {},
): Promise<T> {
  if (!TENANT_ID.test(tenantId)) throw new Error("withTenantSql: a valid tenant id is required");
  if (opts.snapshot && opts.snapshot !== "export" && !SNAPSHOT_ID.test(opts.snapshot))
    throw new Error("withTenantSql: not a snapshot id");
  const begin = !opts.snapshot
    ? "BEGIN"
    : opts.snapshot === "export"
      ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
      : `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${opts.snapshot}'`;
  // Every value is validated against a strict pattern (tenant id and snapshot above, role in
  // readDbConfig). synchronous_commit off: the commit does not wait for the WAL flush (an fsync,
  // measured at 10+ ms under load here). A crash can lose the last few hundred ms of gateway
  // counters -- never corrupt them -- which is the usual trade for a metering hot path.
  const setup = `${begin}; SET LOCAL ROLE "${db.config.appRole}"; SET LOCAL synchronous_commit = off; SELECT set_config('app.tenant_id', '${tenantId}', true)`;
  if (db.pglite) {
    return db.pglite.transaction(async (tx) => {
      await tx.exec(`SET LOCAL ROLE "${db.config.appRole}"; SELECT set_config('app.tenant_id', '${tenantId}', true)`);
      return fn({ query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows });
    });
  }
  const client = await poolFor(db).connect();
  try {
    await client.query(setup);
    const out = await fn({
      query: async <R>(text: string, params?: unknown[], name?: string) =>
        (await client.query({ text, values: params, name })).rows as R[],
    });
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * The same transaction as withTenantSql, for statements that need no parameters (every value is
 * a literal the caller validated and quoted with `literal`): set-up, the statements and COMMIT go
 * to PostgreSQL as ONE simple-protocol round trip instead of three or more. Returns the rows of
 * each statement, in order. An error rolls the whole transaction back.
 */
export async function withTenantSqlOnce(
  db: SqlDatabase,
  tenantId: string,
  statements: string[],
): Promise<Record<string, unknown>[][]> {
  if (!TENANT_ID.test(tenantId)) throw new Error("withTenantSqlOnce: a valid tenant id is required");
  const body = statements.join(";\n");
  if (db.pglite) {
    return db.pglite.transaction(async (tx) => {
      const res = await tx.exec(
        `SET LOCAL ROLE "${db.config.appRole}"; SELECT set_config('app.tenant_id', '${tenantId}', true);\n${body}`,
      );
      return res.slice(2).map((r) => r.rows as Record<string, unknown>[]);
    });
  }
  const client = await poolFor(db).connect();
  try {
    const res = (await client.query(
      `BEGIN; SET LOCAL ROLE "${db.config.appRole}"; SET LOCAL synchronous_commit = off; SELECT set_config('app.tenant_id', '${tenantId}', true);\n${body};\nCOMMIT`,
    )) as unknown as pg.QueryResult[];
    return res.slice(4, 4 + statements.length).map((r) => r.rows);
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** A SQL literal for withTenantSqlOnce: strings quoted by the driver, numbers only when finite integers. */
export function literal(v: string | number | Date | null): string {
  if (v === null) return "NULL";
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Error("literal: an integer is required");
    return String(v);
  }
  return pg.escapeLiteral(v instanceof Date ? v.toISOString() : v);
}
