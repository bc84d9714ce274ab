// GET /v1/sessions - the caller's own live console sessions (ADR 0031)
import { route } from "@/lib/http/route";
import { listOwnSessions } from "@/lib/auth/sessions/service";
import { sessionList } from "@/lib/auth/session-views";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "authenticated",
    summary: "List your console sessions",
    description:
      "Your live console sessions (not ended, not idle past the tenant's idle timeout, not past its absolute lifetime), newest first: sign-in method and identity provider, client address and browser at sign-in, sign-in time and last request. `current` marks the session making the request. A credential that acts for no person answers 403.",
    response: sessionList,
    example: {},
  },
  async ({ tx, actor }) => listOwnSessions(tx, actor),
);
