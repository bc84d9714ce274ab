// GET /v1/teams - list teams (only those in your resource scope)
import { route } from "@/lib/http/route";
import { readPage } from "@/lib/http/pagination";
import { listTeams } from "@/lib/governance/teams";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "teams.read" }, async ({ req, tx, actor }) => listTeams(tx, actor, readPage(req)));
