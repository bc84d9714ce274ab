// GET /v1/users/{id}/sessions - a person's live console sessions, for administrators (ADR 0031)
import { route } from "@/lib/http/route";
import { listUserSessions } from "@/lib/auth/sessions/service";
import { sessionList } from "@/lib/auth/session-views";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "users.write",
    summary: "List a user's console sessions",
    description:
      "The person's live console sessions, newest first (the same view as GET /v1/sessions). Outside your team scope the user answers 404.",
    response: sessionList,
    errors: ["not_found"],
    example: { params: { id: "usr_0123456789abcdef" } },
  },
  async ({ tx, actor, params }) => listUserSessions(tx, actor, params.id),
);
