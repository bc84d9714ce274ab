// The queue's tables, installed by the database OWNER at migrate time (lib/db/schema-engine.ts
// applyMigrations): pg-boss's own construction (or migration) plans for the pinned version, one
// queue per job kind (queues.ts; a queue is a partition table, i.e. DDL), then the grants. The
// runtime login (warden_runtime) only reads and writes rows, and starts pg-boss with
// `migrate: false`, so it still owns nothing (ADR 0014, ADR 0029). warden_app, the role tenant
// transactions run as, may only insert a job (and read the queue's defaults and the new id):
// that is what a transactional enqueue inside withTenant needs.
import PgBoss from "pg-boss";
import bossVersion from "pg-boss/version.json";
import { JOB_SCHEMA, QUEUES } from "./queues";

/** Runs one statement (or a multi-statement script when there are no params) as the owner. */
export type OwnerSql = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const SEND_IT = "__pgboss__send-it"; // pg-boss's own cron queue (timekeeper)
const S = JOB_SCHEMA;

export async function installJobSchema(run: OwnerSql): Promise<{ created: boolean; migratedFrom: number | null }> {
  const target = Number(bossVersion.schema);
  const exists = (await run(`SELECT to_regclass('${S}.version') IS NOT NULL AS ok`)).rows[0]?.ok === true;
  let created = false;
  let migratedFrom: number | null = null;
  if (!exists) {
    await run(PgBoss.getConstructionPlans(S));
    created = true;
  } else {
    const v = Number((await run(`SELECT version FROM ${S}.version`)).rows[0]?.version);
    if (v < target) {
      await run(PgBoss.getMigrationPlans(S, v as unknown as string));
      migratedFrom = v;
    }
  }
  for (const [name, q] of [[SEND_IT, { policy: "standard" }] as const, ...Object.entries(QUEUES)]) {
    await run(`SELECT ${S}.create_queue($1, $2::json)`, [name, JSON.stringify(q)]);
  }
  await run(`
    GRANT USAGE ON SCHEMA ${S} TO warden_runtime, warden_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${S} TO warden_runtime;
    REVOKE EXECUTE ON FUNCTION ${S}.create_queue(text, json), ${S}.delete_queue(text) FROM PUBLIC;
    GRANT SELECT ON ${S}.queue TO warden_app;
    GRANT INSERT ON ${S}.job TO warden_app;
    GRANT SELECT (id) ON ${S}.job TO warden_app;
  `);
  return { created, migratedFrom };
}
