// GET /v1/teams - list teams (only those in your resource scope); POST /v1/teams - create a team with its limits
import { json, route } from "@/lib/http/route";
import { pageQuery } from "@/lib/http/pagination";
import { createTeam, listTeams, teamCreateSchema } from "@/lib/governance/teams";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "teams.read", query: pageQuery }, async ({ tx, actor, query }) => listTeams(tx, actor, query));

export const POST = route({ permission: "teams.write", body: teamCreateSchema }, async ({ tx, actor, body }) =>
  json(await createTeam(tx, actor, body), { status: 201 }),
);
