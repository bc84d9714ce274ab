// Support access (ADR 0037) on the tenant surfaces (console, api, gateway). A platform operator's
// session cookie (claim `op`, MFA) together with the warden-support cookie naming "<tenant>.<grant>"
// resolves to a tenant Actor of kind and auth method "support": subject = the grant id, the granted
// role's permissions (lib/support/grants.ts), the support marker (grant, operator). The grant is
// read on every request, so expiry and revocation apply to the next one. An operator's session
// without a live grant of theirs is refused (403): operators see no tenant data without a grant.
import "server-only";
import { WardenError } from "@/lib/errors";
import { operatorById } from "@/lib/platform/operators";
import { liveGrant, SUPPORT_COOKIE, supportPermissions, type LiveGrant } from "@/lib/support/grants";
import type { Actor } from "../actor";
import type { RequestIds } from "@/lib/http/request-context";
import { readSessionToken } from "./session";
import type { AuthMethodResolver } from "./types";

function supportCookie(headers: Headers): { tenantId: string; grantId: string } | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 0 || part.slice(0, i).trim() !== SUPPORT_COOKIE) continue;
    const m = /^([A-Za-z0-9_-]{1,64})\.(sup_[A-Za-z0-9]{1,64})$/.exec(decodeURIComponent(part.slice(i + 1).trim()));
    return m ? { tenantId: m[1], grantId: m[2] } : null;
  }
  return null;
}

/** The support Actor (and the grant) for these headers; null when the session is not an operator's. */
export async function loadSupportSession(
  headers: Headers,
  ids: RequestIds,
): Promise<{ actor: Actor; grant: LiveGrant } | null> {
  const token = await readSessionToken(headers);
  if (!token || typeof token.op !== "string") return null;
  if (token.mfa !== true) throw new WardenError("mfa_required", "Platform operators must sign in with a second factor");
  const op = await operatorById(token.op);
  if (!op || op.revokedAt)
    throw new WardenError("invalid_credentials", "The platform operator grant was revoked; sign in again");
  const named = supportCookie(headers);
  const grant = named ? await liveGrant(named.tenantId, named.grantId, op.id) : null;
  if (!grant)
    throw new WardenError(
      "user_not_authorized",
      "Platform operators see no tenant data without a live support access grant from the tenant",
    );
  const actor: Actor = {
    kind: "support",
    subject: grant.id,
    tenantId: grant.tenantId,
    tenantSlug: grant.tenantSlug,
    role: grant.role === "admin" ? "admin" : "viewer",
    roleName: grant.role === "admin" ? "Support (admin)" : "Support (read-only)",
    permissions: supportPermissions(grant.role),
    authMethod: "support",
    mfa: true,
    requestId: ids.requestId,
    traceId: ids.traceId,
    displayName: `Support: ${op.email}`,
    email: op.email,
    support: { grantId: grant.id, operatorId: op.id, role: grant.role, expiresAt: grant.expiresAt.toISOString() },
  };
  return { actor, grant };
}

export const resolveSupportSession: AuthMethodResolver = async ({ headers, ids }) =>
  (await loadSupportSession(headers, ids))?.actor ?? null;
