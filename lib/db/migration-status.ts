// Migration state for /api/health: plain SQL against _prisma_migrations plus the directory
// listing. Kept apart from schema-engine.ts so the health route never loads the WASM engine.
import fs from "node:fs";
import path from "node:path";
import type { Database } from "./runtime";

export function migrationNames(baseDir: string): string[] {
  if (!fs.existsSync(baseDir)) return [];
  return fs
    .readdirSync(baseDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(baseDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/** Applied count and pending names; a failed migration counts as pending. */
export async function migrationStatus(
  db: Pick<Database, "prisma">,
  migrationsDir = path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations"),
): Promise<{ applied: number; pending: string[] }> {
  // The runtime role may not read the history table; it reads the names through a SECURITY
  // DEFINER function (ADR 0014). Before that migration, or as the owner, the table itself.
  const [{ present, via }] = await db.prisma.$queryRawUnsafe<{ present: boolean; via: boolean }[]>(
    `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present,
            coalesce(has_function_privilege(to_regprocedure('warden_system.applied_migrations()'), 'EXECUTE'), false)
              AND NOT coalesce(has_table_privilege(to_regclass('public._prisma_migrations'), 'SELECT'), false) AS via`,
  );
  const done = via
    ? await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT m AS migration_name FROM warden_system.applied_migrations() AS m`,
      )
    : present
      ? await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
          `SELECT migration_name FROM public._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      : [];
  const applied = new Set(done.map((r) => r.migration_name));
  return { applied: applied.size, pending: migrationNames(migrationsDir).filter((n) => !applied.has(n)) };
}
