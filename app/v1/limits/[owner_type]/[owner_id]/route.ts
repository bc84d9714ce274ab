// GET, PUT /v1/limits/{owner_type}/{owner_id} - one owner's budgets and rate limits, read or replaced
// in one step, for a customer, team, user or virtual key (the console's Budgets & limits page).
import { route } from "@/lib/http/route";
import {
  getOwnerLimits,
  ownerLimitsBodySchema,
  ownerLimitsViewSchema,
  ownerTypeOf,
  setOwnerLimits,
} from "@/lib/governance/owner-limits";

export const dynamic = "force-dynamic";

const params = { owner_type: "team", owner_id: "tm_0123456789abcdef" };
const OWNER = "`owner_type` is one of customer, team, user, virtual_key; any other answers 404.";

export const GET = route(
  {
    permission: "governance.read",
    summary: "Get an owner's limits",
    description: `The owner's budgets (with the current period's spend) and rate limits. ${OWNER} A team, user or key outside your team scope answers 404.`,
    response: ownerLimitsViewSchema,
    errors: ["not_found"],
    example: { params },
  },
  async ({ tx, actor, params }) => getOwnerLimits(tx, actor, ownerTypeOf(params.owner_type), params.owner_id),
);

export const PUT = route(
  {
    permission: "governance.write",
    summary: "Replace an owner's limits",
    description: `Replaces the owner's budgets and rate limits with the lists sent (an absent list empties it). A budget with the same window and mode keeps its spend, a rate limit with the same window its counters (ADR 0009). Audited as an update of the owner. ${OWNER} Outside your team scope, any customer for a team-scoped role, and a revoked key answer 404.`,
    body: ownerLimitsBodySchema,
    response: ownerLimitsViewSchema,
    errors: ["not_found"],
    example: {
      params,
      body: {
        budgets: [{ limit_usd: 250, window: "1M", mode: "calendar" }],
        rate_limits: [{ requests_per_window: 120, window: "1m" }],
      },
    },
  },
  async ({ tx, actor, params, body }) =>
    setOwnerLimits(tx, actor, ownerTypeOf(params.owner_type), params.owner_id, body),
);
