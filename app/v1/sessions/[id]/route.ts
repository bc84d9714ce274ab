// DELETE /v1/sessions/{id} - end one of your own console sessions (ADR 0031)
import { route } from "@/lib/http/route";
import { endOwnSession } from "@/lib/auth/sessions/service";
import { endedSessions } from "@/lib/auth/session-views";

export const dynamic = "force-dynamic";

export const DELETE = route(
  {
    permission: "authenticated",
    summary: "End one of your console sessions",
    description:
      "Ends the session at once: that browser's next request must sign in again (the current session too). Another person's session answers 404, as does an unknown id. Audited as auth.session_end (reason ended_by_user); ending an ended session answers ended: 0.",
    response: endedSessions,
    errors: ["not_found"],
    example: { params: { id: "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b" } },
  },
  async ({ tx, actor, params }) => endOwnSession(tx, actor, params.id),
);
