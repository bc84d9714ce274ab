// The console shell asks here who is signed in (for the top bar and useCan). Returns null when
// there is no usable session (the (console) layout then redirects to /signin); `consoleSession`
// also says why, so the sign-in page can explain a deactivated account or a revoked session.
// Pages themselves are declared with page() (lib/http/page.tsx) and get their Actor there.
import "server-only";
import { requestIds } from "@/lib/http/request-context";
import { requestHeaders } from "@/lib/http/request-scope";
import type { Actor, PublicActor } from "./actor";
import { toPublicActor } from "./actor";
import { WardenError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertNetworkAllowed } from "@/lib/network/rules";
import { isTenantSuspended } from "@/lib/tenancy/suspension";
import { loadSession, type SessionProblem } from "./methods/session";
import { loadSupportSession } from "./methods/support-session";

export type ConsoleSession =
  | { actor: PublicActor; fullActor: Actor }
  | { problem: SessionProblem | "suspended" | "ip_not_allowed" | "operator" }
  | null;

export async function consoleSession(): Promise<ConsoleSession> {
  const h = await requestHeaders();
  // A platform operator under a tenant's support grant (ADR 0037); refused without one.
  let support: Awaited<ReturnType<typeof loadSupportSession>>;
  try {
    support = await loadSupportSession(h, requestIds(h));
  } catch (e) {
    // An operator without a live grant belongs in Platform; a broken operator session signs in again.
    return { problem: e instanceof WardenError && e.type === "user_not_authorized" ? "operator" : "invalid" };
  }
  const result = support
    ? { actor: support.actor, tenantName: support.grant.tenantName }
    : await loadSession(h, requestIds(h));
  if (!result || "problem" in result) return result;
  if (await isTenantSuspended(result.actor.tenantId)) return { problem: "suspended" };
  try {
    await assertNetworkAllowed(result.actor, clientIp(h));
  } catch (e) {
    if (e instanceof WardenError && e.type === "ip_not_allowed") return { problem: "ip_not_allowed" };
    throw e;
  }
  return { actor: toPublicActor(result.actor, result.tenantName), fullActor: result.actor };
}

export async function getConsoleContext(): Promise<{ actor: PublicActor } | null> {
  const s = await consoleSession();
  return s && "actor" in s ? { actor: s.actor } : null;
}
