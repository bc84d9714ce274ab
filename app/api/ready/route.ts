// GET /api/ready - readiness: database, migrations, job queue, Redis when REDIS_URL is set (public, no tenant data, no secrets).
import { publicRoute } from "@/lib/http/route";
import { readiness } from "@/lib/observability/readiness";
import { z } from "zod";

export const dynamic = "force-dynamic";

const check = z.object({
  ok: z.boolean(),
  ms: z.number().int().describe("How long the check took"),
  reason: z
    .enum(["unreachable", "timeout", "pending"])
    .optional()
    .describe("Why it failed (a fixed word; details are in the server log)"),
  pending: z.number().int().optional().describe("Migrations not yet applied"),
});

const ready = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z
      .object({
        database: check,
        migrations: check,
        queue: check
          .optional()
          .describe("The background job queue (pg-boss tables), present when this process uses it"),
        redis: check.optional().describe("Present when REDIS_URL is set"),
      })
      .describe("One entry per dependency"),
    failed: z.array(z.string()).describe("The names of the failed checks (empty when ready)"),
  })
  .describe("Readiness of this instance");

export const GET = publicRoute(
  async () => {
    const r = await readiness();
    return Response.json(r, { status: r.failed.length ? 503 : 200, headers: { "cache-control": "no-store" } });
  },
  {
    summary: "Readiness to take traffic",
    description:
      "200 when the database answers, every migration is applied, the job queue answers (when this process uses it) and (when REDIS_URL is set) Redis answers PING; otherwise 503 naming the failed checks in `failed`. Each check has its own short timeout (WARDEN_READY_TIMEOUT_MS, default 2000). No authentication, no tenant data, no hosts or error messages. Liveness is GET /api/health.",
    response: ready,
  },
);
