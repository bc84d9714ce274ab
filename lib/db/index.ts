// Process-wide database handle. Opened lazily on first use (never during `next build`),
// checked once for a safe application role, and shared by every request in this process.
import "server-only";
import { ConfigError } from "./config";
import { describeConnectError, openDatabase, type Database } from "./runtime";

const g = globalThis as unknown as { __wardenDb?: Promise<Database> };

/** Tests point the process database at their own throwaway database. */
export function setDbForTests(db: Database | undefined): void {
  g.__wardenDb = db ? Promise.resolve(db) : undefined;
}

export function getDb(): Promise<Database> {
  if (!g.__wardenDb) {
    g.__wardenDb = (async () => {
      const db = await openDatabase();
      try {
        await assertSafeAppRole(db);
      } catch (e) {
        await db.close().catch(() => {});
        throw e instanceof ConfigError ? e : new ConfigError(describeConnectError(db.config, e));
      }
      return db;
    })();
    // A failed open must not be cached forever: the next request retries.
    g.__wardenDb.catch(() => {
      g.__wardenDb = undefined;
    });
  }
  return g.__wardenDb;
}

interface RoleRow {
  rolsuper: boolean;
  rolbypassrls: boolean;
  owned: bigint | number;
  member: boolean;
}

/**
 * Refuses to serve when the role tenant transactions switch to could bypass row-level
 * security: superuser, BYPASSRLS, or owner of a table (owners bypass non-forced RLS).
 * WARDEN_DB_ALLOW_PRIVILEGED_ROLE=1 is the explicit, logged opt-out.
 */
export async function assertSafeAppRole(db: Database): Promise<void> {
  const role = db.config.appRole;
  const rows = await db.prisma.$queryRaw<RoleRow[]>`
    SELECT r.rolsuper, r.rolbypassrls,
           (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid AND c.relkind IN ('r','p')) AS owned,
           pg_has_role(current_user, r.oid, 'MEMBER') AS member
      FROM pg_roles r WHERE r.rolname = ${role}`;
  const row = rows[0];
  if (!row) throw new ConfigError(`Database role "${role}" does not exist: run \`npm run db:migrate\` first.`);
  if (!row.member) throw new ConfigError(`The connecting user cannot switch to role "${role}" (GRANT ${role} TO <user>).`);
  const problems: string[] = [];
  if (row.rolsuper) problems.push("is a superuser");
  if (row.rolbypassrls) problems.push("has BYPASSRLS");
  if (Number(row.owned) > 0) problems.push(`owns ${row.owned} table(s)`);
  if (problems.length === 0) return;
  const msg = `Database role "${role}" ${problems.join(", ")}: tenant isolation would not hold.`;
  if (db.config.allowPrivilegedAppRole) {
    console.warn(`[warden] WARNING ${msg} Continuing because WARDEN_DB_ALLOW_PRIVILEGED_ROLE=1.`);
    return;
  }
  throw new ConfigError(`${msg} Refusing to start (set WARDEN_DB_ALLOW_PRIVILEGED_ROLE=1 to override).`);
}
