// GET, PATCH /v1/users/{id} - one user: role, custom role, active, and the user-level gateway
// governance (budgets, rate limits, provider and model allow-lists; ADR 0021)
import { route } from "@/lib/http/route";
import { getUser, updateUser, userPatchSchema, userViewSchema } from "@/lib/users/users";
import { approvalQuery, orHeld } from "@/lib/monitoring/power";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "users.read",
    summary: "Get a user",
    description:
      "One user with role, teams, budgets (with the current period's spend), rate limits and allow-lists. Outside your team scope it answers 404.",
    response: userViewSchema,
    errors: ["not_found"],
    example: { params: { id: "usr_0123456789abcdef" } },
  },
  async ({ tx, actor, params }) => getUser(tx, actor, params.id),
);

export const PATCH = route(
  {
    permission: "users.write",
    summary: "Update a user",
    description:
      "Changes the role, custom role or active flag, and the user-level gateway governance. A present `budgets` or `rate_limits` list replaces the user's (a budget with the same window and mode keeps its spend, ADR 0009); absent fields stay. Budgets, rate limits and allow-lists need governance.write. At the gateway the user's allow-lists narrow every key of the user: the narrowest level wins. A require_approval rule on admin_grant holds a change that grants admin-level permissions: 202 with the approval; repeat it with approval_id once another admin approved.",
    body: userPatchSchema,
    query: approvalQuery,
    response: userViewSchema,
    errors: ["not_found"],
    example: {
      params: { id: "usr_0123456789abcdef" },
      body: {
        allowed_providers: ["openai"],
        allowed_models: ["gpt-4o-mini", "openai/gpt-4o"],
        budgets: [{ limit_usd: 100, window: "1M", mode: "calendar" }],
        rate_limits: [{ requests_per_window: 120, window: "1m" }],
      },
    },
  },
  async ({ tx, actor, params, body, query }) => orHeld(await updateUser(tx, actor, params.id, body, query.approval_id)),
);
