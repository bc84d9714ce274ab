// GET /v1/teams - list teams (only those in your resource scope); POST /v1/teams - create a team with its limits
import { json, route } from "@/lib/http/route";
import { listOf, pageQuery } from "@/lib/paging";
import { createTeam, listTeams, teamCreateSchema, teamViewSchema } from "@/lib/governance/teams";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "teams.read",
    summary: "List teams",
    description:
      "Teams with their customer, budgets (and the current period's spend) and rate limits. A team-scoped role sees its own teams only.",
    query: pageQuery,
    response: listOf(teamViewSchema),
    example: { query: { limit: "20" } },
  },
  async ({ tx, actor, query }) => listTeams(tx, actor, query),
);

export const POST = route(
  {
    permission: "teams.write",
    summary: "Create a team",
    description:
      "A team may belong to a customer, whose budgets apply on top of the team's. A team-scoped role cannot create teams.",
    body: teamCreateSchema,
    response: teamViewSchema,
    status: 201,
    errors: ["not_found", "conflict"],
    example: {
      body: {
        name: "Applied Research",
        description: "Models and notebooks",
        customer_id: "cus_0123456789abcdef",
        budgets: [{ limit_usd: 200, window: "1M", mode: "calendar" }],
        rate_limits: [{ requests_per_window: 120, window: "1m" }],
      },
    },
  },
  async ({ tx, actor, body }) => json(await createTeam(tx, actor, body), { status: 201 }),
);
