// GET /api/health - liveness, database kind and migration state (public, no tenant data).
import { getDb } from "@/lib/db";
import { readDbConfig } from "@/lib/db/config";
import { migrationStatus } from "@/lib/db/migration-status";
import { publicRoute } from "@/lib/http/route";
import { log } from "@/lib/observability/log";
import { WARDEN_VERSION } from "@/lib/version";
import { z } from "zod";

export const dynamic = "force-dynamic";

const health = z
  .object({
    status: z
      .enum(["ok", "degraded", "unavailable"])
      .describe("ok: serving; degraded: migrations pending; unavailable: no database"),
    version: z.string().describe("Warden's version"),
    database: z.object({
      kind: z.string().describe("pglite, postgresql, or misconfigured"),
      reachable: z.boolean(),
      migrations: z
        .object({
          applied: z.number().int().describe("Migrations applied to the database"),
          pending: z.array(z.string()).describe("Names of migrations not yet applied"),
          state: z.enum(["up_to_date", "pending"]),
        })
        .optional()
        .describe("Absent when the database is unreachable"),
    }),
  })
  .describe("Liveness, database kind and migration state");

export const GET = publicRoute(
  async () => {
    let kind: string;
    try {
      kind = readDbConfig().kind;
    } catch {
      kind = "misconfigured";
    }
    try {
      const db = await getDb();
      const m = await migrationStatus(db);
      const ok = m.pending.length === 0;
      return Response.json(
        {
          status: ok ? "ok" : "degraded",
          version: WARDEN_VERSION,
          database: {
            kind,
            reachable: true,
            migrations: { applied: m.applied, pending: m.pending, state: ok ? "up_to_date" : "pending" },
          },
        },
        { status: ok ? 200 : 503 },
      );
    } catch (e) {
      // The reason is for operators reading logs; the public body names only the state.
      log.error({ err: e }, "health: database unavailable");
      return Response.json(
        { status: "unavailable", version: WARDEN_VERSION, database: { kind, reachable: false } },
        { status: 503 },
      );
    }
  },
  {
    summary: "Liveness and database state",
    description:
      "Answers 200 when the database is reachable and every migration is applied, otherwise 503 with the same body (status degraded or unavailable). No tenant data.",
    response: health,
  },
);
