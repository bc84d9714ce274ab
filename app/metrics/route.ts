// GET /metrics - Prometheus text format (lib/observability/metrics.ts). Not behind the auth
// resolver: a scraper is not a tenant's person. Protected by WARDEN_METRICS_TOKEN as a bearer
// token (constant-time compare): 404 when the token is not configured, 401 without it (ADR 0028).
import { publicRoute } from "@/lib/http/route";
import { metricsResponse } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

export const GET = publicRoute(
  async ({ req }) => {
    const m = await metricsResponse(req.headers.get("authorization"));
    return new Response(m.body, { status: m.status, headers: m.headers });
  },
  {
    summary: "Prometheus metrics (bearer WARDEN_METRICS_TOKEN)",
    response: { contentType: "text/plain; version=0.0.4", description: "Prometheus text exposition format" },
  },
);
