// GET, PATCH, DELETE /v1/teams/{id} - one team; delete answers 409 while members, keys, scoped roles or a
// policy depend on it. Outside your resource scope it answers 404
import { route } from "@/lib/http/route";
import { deleteTeam, getTeamOrThrow, teamUpdateSchema, teamView, updateTeam } from "@/lib/governance/teams";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "teams.read" }, async ({ tx, actor, params }) => teamView(await getTeamOrThrow(tx, actor, params.id)));

export const PATCH = route({ permission: "teams.write", body: teamUpdateSchema }, async ({ tx, actor, params, body }) =>
  updateTeam(tx, actor, params.id, body),
);

export const DELETE = route({ permission: "teams.write" }, async ({ tx, actor, params }) => {
  await deleteTeam(tx, actor, params.id);
  return new Response(null, { status: 204 });
});
