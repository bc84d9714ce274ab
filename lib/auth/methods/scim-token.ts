// Per-tenant SCIM bearer token (the resolver uses it only on the "scim" surface, /scim/v2).
// The tenant comes from the token row alone; nothing in the SCIM payload can choose it.
import "server-only";
import { hashToken } from "@/lib/crypto/tokens";
import { WardenError } from "@/lib/errors";
import type { Permission } from "@/lib/rbac/permissions";
import { scimTokenByHash } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { AuthMethodResolver } from "./types";

const SCIM_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(["scim.read", "scim.write"]);

export const resolveScimToken: AuthMethodResolver = async ({ headers, ids }) => {
  const auth = headers.get("authorization");
  if (!auth) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (!m) throw new WardenError("invalid_credentials", "The SCIM token is not valid");
  const ref = await scimTokenByHash(hashToken(m[1]));
  if (!ref || ref.revoked) throw new WardenError("invalid_credentials", "The SCIM token is not valid");
  const enabled = await withTenant(ref.tenantId, async (tx) => {
    const settings = await tx.scimSettings.findUnique({ where: { tenantId: ref.tenantId } });
    // Advisory timestamp: written at most once a minute, so bursts do not queue on one row.
    const cutoff = new Date(Date.now() - 60_000);
    await tx.scimToken.updateMany({
      where: { id: ref.tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: cutoff } }] },
      data: { lastUsedAt: new Date() },
    });
    return settings?.enabled ?? true;
  });
  if (!enabled) throw new WardenError("user_not_authorized", "SCIM provisioning is disabled for this tenant");
  return {
    kind: "scim",
    subject: ref.tokenId,
    tenantId: ref.tenantId,
    tenantSlug: ref.tenantSlug,
    role: "scim",
    permissions: SCIM_PERMISSIONS,
    authMethod: "scim",
    mfa: false,
    requestId: ids.requestId,
    traceId: ids.traceId,
    displayName: "SCIM provisioning",
  };
};
