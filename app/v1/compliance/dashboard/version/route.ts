// GET /v1/compliance/dashboard/version - the Dashboard's current version; If-None-Match -> 304 (lib/live/version.ts)
import { route } from "@/lib/http/route";
import { LIVE_DESCRIPTION, liveAnswer, liveVersion, liveVersionView } from "@/lib/live/version";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "dashboards.read",
    summary: "The Dashboard's current version, for live updates",
    description: LIVE_DESCRIPTION,
    response: liveVersionView,
    example: {},
  },
  async ({ req, tx }) => liveAnswer(req, await liveVersion(tx, "dashboard")),
);
