// GET, PATCH /v1/auth/session-policy - the tenant's console session idle timeout and absolute
// lifetime, and the OIDC refresh interval (the Sessions panel in Settings -> Identity; the same permission, function and audit entry)
import { route } from "@/lib/http/route";
import { sessionPolicy, updateSessionPolicy } from "@/lib/auth/sessions/service";
import { sessionPolicyPatchSchema, sessionPolicySchema } from "@/lib/auth/session-views";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    permission: "identity.read",
    summary: "Get the session policy",
    description:
      "How long a console session may stay idle, how long it may last at most after sign-in, and how often an OIDC session is refreshed at its identity provider.",
    response: sessionPolicySchema,
    example: {},
  },
  async ({ tx }) => sessionPolicy(tx),
);

export const PATCH = route(
  {
    permission: "identity.write",
    summary: "Set the session policy",
    description:
      "Changes the idle timeout, the absolute lifetime and / or the refresh interval. They apply at once to sessions already open: a lower lifetime ends sessions older than it at their next request (a higher one never extends a session beyond the lifetime it started with). Audited as tenant.session_policy.update with the previous values.",
    body: sessionPolicyPatchSchema,
    response: sessionPolicySchema,
    example: { body: { idle_timeout_minutes: 30, absolute_lifetime_minutes: 480, refresh_interval_minutes: 5 } },
  },
  async ({ tx, actor, body }) => updateSessionPolicy(tx, actor, body),
);
