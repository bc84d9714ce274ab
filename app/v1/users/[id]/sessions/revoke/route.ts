// POST /v1/users/{id}/sessions/revoke - "sign out everywhere": end all of a person's console sessions (ADR 0031)
import { route } from "@/lib/http/route";
import { revokeUserSessions } from "@/lib/auth/sessions/service";
import { endedSessions } from "@/lib/auth/session-views";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    permission: "users.write",
    summary: "Sign a user out everywhere",
    description:
      "Ends every live console session of the person at once; each browser's next request must sign in again. Each ended session is audited as auth.session_end (reason ended_by_admin). API keys are not affected. Outside your team scope the user answers 404.",
    response: endedSessions,
    errors: ["not_found"],
    example: { params: { id: "usr_0123456789abcdef" } },
  },
  async ({ tx, actor, params }) => revokeUserSessions(tx, actor, params.id),
);
