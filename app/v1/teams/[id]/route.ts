// GET, PATCH, DELETE /v1/teams/{id} - one team; delete answers 409 while members, keys, scoped roles or a
// policy depend on it. Outside your resource scope it answers 404
import { route } from "@/lib/http/route";
import { deleteTeam, getTeamWithLimits, teamUpdateSchema, teamViewSchema, updateTeam } from "@/lib/governance/teams";

export const dynamic = "force-dynamic";

const params = { id: "tm_0123456789abcdef" };

export const GET = route(
  {
    permission: "teams.read",
    summary: "Get a team",
    description: "One team with its budgets and rate limits. Outside your team scope it answers 404.",
    response: teamViewSchema,
    errors: ["not_found"],
    example: { params },
  },
  async ({ tx, actor, params }) => getTeamWithLimits(tx, actor, params.id),
);

export const PATCH = route(
  {
    permission: "teams.write",
    summary: "Update a team",
    description:
      "Absent fields stay; `customer_id: null` detaches the team from its customer. A present `budgets` or `rate_limits` list replaces the team's (same window and mode keeps its spend, ADR 0009).",
    body: teamUpdateSchema,
    response: teamViewSchema,
    errors: ["not_found", "conflict"],
    example: {
      params,
      body: {
        description: "Models, notebooks and evaluation",
        rate_limits: [{ requests_per_window: 240, window: "1m" }],
      },
    },
  },
  async ({ tx, actor, params, body }) => updateTeam(tx, actor, params.id, body),
);

export const DELETE = route(
  {
    permission: "teams.write",
    summary: "Delete a team",
    description:
      "Deletes the team with its budgets and rate limits (and the revoked keys it owned). While it has members, usable virtual keys, custom roles scoped to it or a compliance policy of its own the answer is 409 `conflict`, naming them with counts; the refusal is audited too (ADR 0022). Outside your team scope it answers 404.",
    status: 204,
    errors: ["not_found", "conflict"],
    example: { params },
  },
  async ({ tx, actor, params }) => {
    await deleteTeam(tx, actor, params.id);
    return new Response(null, { status: 204 });
  },
);
