// Process-wide database handle. Opened lazily on first use (never during `next build`), switched
// to and checked once for a least-privileged runtime role, and shared by every request in this process.
import "server-only";
import { ConfigError } from "./config";
import { describeConnectError, openDatabase, switchToRuntimeRole, type Database } from "./runtime";

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
        await switchToRuntimeRole(db);
        await assertSafeRuntimeRole(db);
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
  rolname: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  owned: bigint | number;
  owns_db: boolean;
}

/**
 * Refuses to serve unless the login the app runs as is least-privileged (ADR 0014): neither it
 * nor any role it is a member of (and could SET ROLE to) is a superuser, has BYPASSRLS, or owns
 * anything in this database (tables, functions, schemas, types, the database itself). The role
 * tenant transactions switch to must exist and be reachable. There is no override.
 */
export async function assertSafeRuntimeRole(db: Database): Promise<void> {
  const appRole = db.config.appRole;
  const [{ login, app_member: appMember }] = await db.prisma.$queryRaw<{ login: string; app_member: boolean | null }[]>`
    SELECT session_user::text AS login,
           (SELECT pg_has_role(session_user, r.oid, 'MEMBER') FROM pg_roles r WHERE r.rolname = ${appRole}) AS app_member`;
  if (appMember === null)
    throw new ConfigError(`Database role "${appRole}" does not exist: run \`npm run db:migrate\` first.`);
  const rows = await db.prisma.$queryRaw<RoleRow[]>`
    SELECT r.rolname::text AS rolname, r.rolsuper, r.rolbypassrls,
           (SELECT count(*) FROM pg_shdepend d
             WHERE d.refobjid = r.oid AND d.deptype = 'o'
               AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())) AS owned,
           EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND d.datdba = r.oid) AS owns_db
      FROM pg_roles r WHERE pg_has_role(session_user, r.oid, 'MEMBER') ORDER BY r.rolname <> session_user, r.rolname`;
  const problems: string[] = [];
  for (const r of rows) {
    const what: string[] = [];
    if (r.rolsuper) what.push("is a superuser");
    if (r.rolbypassrls) what.push("has BYPASSRLS");
    if (Number(r.owned) > 0) what.push(`owns ${r.owned} object(s)`);
    if (r.owns_db) what.push("owns the database");
    if (what.length)
      problems.push(r.rolname === login ? what.join(", ") : `can act as "${r.rolname}", which ${what.join(", ")}`);
  }
  if (problems.length) {
    // A privileged login is reason enough; the roles it could switch to are listed when it is not.
    const shown =
      rows[0]?.rolname === login && problems[0] && !problems[0].startsWith("can act as")
        ? [problems[0]]
        : problems.slice(0, 3);
    throw new ConfigError(
      `Database login "${login}" ${shown.join("; ")}: tenant isolation would not hold. Refusing to start. ` +
        `Connect as the runtime role (warden_runtime, see the README) and keep the owner for migrations (WARDEN_DB_OWNER_URL).`,
    );
  }
  if (!appMember)
    throw new ConfigError(
      `Database login "${login}" cannot switch to role "${appRole}" (GRANT ${appRole} TO ${login}).`,
    );
}
