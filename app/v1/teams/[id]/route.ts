// GET, PATCH /v1/teams/{id} - one team; outside your resource scope it answers 404
import { route } from "@/lib/http/route";
import { getTeamOrThrow, teamUpdateSchema, teamView, updateTeam } from "@/lib/governance/teams";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "teams.read" }, async ({ tx, actor, params }) => teamView(await getTeamOrThrow(tx, actor, params.id)));

export const PATCH = route({ permission: "teams.write", body: teamUpdateSchema }, async ({ tx, actor, params, body }) =>
  updateTeam(tx, actor, params.id, body),
);
