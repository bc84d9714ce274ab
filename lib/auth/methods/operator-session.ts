// The platform operator's session (surface "platform" only, ADR 0032). The Auth.js cookie of an
// operator carries `op` (the operator id) and no tenant; tenant methods refuse it, and this
// method refuses everything else: a tenant session or any other credential on the platform
// surface is 403, a session without a second factor is mfa_required, a revoked grant 401.
// The Actor has no tenant and no tenant permission: withTenant refuses it, and the only access it
// passes is "platform.operate" (lib/rbac/authorize.ts).
import "server-only";
import { WardenError } from "@/lib/errors";
import { operatorById } from "@/lib/platform/operators";
import { PROXY_HEADERS } from "./trusted-proxy";
import { readSessionToken } from "./session";
import type { AuthMethodResolver } from "./types";

const NO_PERMISSIONS = new Set<never>();
const OTHER_CREDENTIALS = ["authorization", "x-bf-vk", ...PROXY_HEADERS];

export const resolveOperatorSession: AuthMethodResolver = async ({ headers, ids }) => {
  const token = await readSessionToken(headers);
  if (token === null) {
    if (OTHER_CREDENTIALS.some((h) => headers.has(h)))
      throw new WardenError("user_not_authorized", "The platform area accepts a platform operator's session only");
    return null;
  }
  if (!token) throw new WardenError("invalid_credentials", "The session is invalid or has expired; sign in again");
  if (typeof token.op !== "string")
    throw new WardenError("user_not_authorized", "The platform area is for platform operators only");
  if (token.mfa !== true) throw new WardenError("mfa_required", "Platform operators must sign in with a second factor");
  const op = await operatorById(token.op);
  if (!op || op.revokedAt)
    throw new WardenError("invalid_credentials", "The platform operator grant was revoked; sign in again");
  return {
    kind: "operator",
    subject: op.id,
    tenantId: "",
    tenantSlug: "",
    role: "platform_operator",
    permissions: NO_PERMISSIONS,
    authMethod: "session",
    mfa: true,
    requestId: ids.requestId,
    traceId: ids.traceId,
    displayName: op.email,
    email: op.email,
  };
};
