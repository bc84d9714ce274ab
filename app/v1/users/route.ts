// GET /v1/users - list users (within your team scope); POST /v1/users - create a user with a role,
// and optionally the user-level budgets, rate limits and allow-lists (those need governance.write)
import { json, route } from "@/lib/http/route";
import { listOf, pageQuery } from "@/lib/paging";
import { createUser, listUsers, userCreateSchema, userViewSchema } from "@/lib/users/users";
import { approvalQuery, isHeld, orHeld } from "@/lib/monitoring/power";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "users.read",
    summary: "List users",
    description:
      "People of the tenant with their role, teams and user-level gateway governance (budgets, rate limits, allow-lists). A team-scoped role sees members of its teams only.",
    query: pageQuery,
    response: listOf(userViewSchema),
    example: { query: { limit: "20" } },
  },
  async ({ tx, actor, query }) => listUsers(tx, actor, query),
);

export const POST = route(
  {
    permission: "users.write",
    summary: "Create a user",
    description:
      "Creates a person who signs in with SSO under this e-mail. Budgets, rate limits and allow-lists also need governance.write; a role above your own is refused (escalation). A require_approval rule on admin_grant holds a change that grants admin-level permissions: 202 with the approval; repeat it with approval_id once another admin approved.",
    body: userCreateSchema,
    query: approvalQuery,
    response: userViewSchema,
    status: 201,
    errors: ["not_found", "conflict"],
    example: {
      body: {
        email: "new.person@acme.test",
        name: "New Person",
        role: "developer",
        allowed_providers: ["openai"],
        allowed_models: ["gpt-4o-mini"],
        budgets: [{ limit_usd: 50, window: "1M", mode: "calendar" }],
        rate_limits: [{ requests_per_window: 60, window: "1m" }],
      },
    },
  },
  async ({ tx, actor, body, query }) => {
    const out = await createUser(tx, actor, body, query.approval_id);
    return isHeld(out) ? orHeld(out) : json(out, { status: 201 });
  },
);
