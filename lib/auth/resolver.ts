// The one auth resolver. Every page, server action, route handler and /v1 route gets its
// Actor here, in this order: SCIM token (only under /scim/v2) -> session cookie ->
// Authorization: Bearer (API key | OIDC JWT) -> x-bf-vk (gateway only) -> trusted proxy -> 401.
// A method that finds its credential invalid throws, which ends resolution: presented-but-bad
// credentials never degrade to anonymous or to another method. The "platform" surface
// (/v1/platform, the Platform page) accepts a platform operator's session only (ADR 0032); on the
// tenant surfaces an operator's session acts only under a tenant's live support grant (ADR 0037).
// Every tenant Actor's tenant must not be suspended, and the client address must pass the tenant's
// network rules for that credential kind (ADR 0036): one check here covers every credential kind.
import "server-only";
import { WardenError } from "@/lib/errors";
import type { RequestIds } from "@/lib/http/request-context";
import type { Actor } from "./actor";
import { clientIp } from "@/lib/http/client-ip";
import { assertNetworkAllowed } from "@/lib/network/rules";
import { assertTenantActive } from "@/lib/tenancy/suspension";
import { resolveBearer } from "./methods/bearer";
import { resolveOperatorSession } from "./methods/operator-session";
import { resolveScimToken } from "./methods/scim-token";
import { resolveSession } from "./methods/session";
import { resolveSupportSession } from "./methods/support-session";
import { resolveTrustedProxy } from "./methods/trusted-proxy";
import type { AuthMethodResolver } from "./methods/types";
import { resolveVirtualKey } from "./methods/virtual-key";

export type Surface = "console" | "api" | "gateway" | "scim" | "platform";

export interface ResolveInput {
  headers: Headers;
  ids: RequestIds;
  surface: Surface;
}

const ORDER: Record<Surface, AuthMethodResolver[]> = {
  scim: [resolveScimToken],
  console: [resolveSupportSession, resolveSession, resolveBearer, resolveTrustedProxy],
  api: [resolveSupportSession, resolveSession, resolveBearer, resolveTrustedProxy],
  gateway: [resolveSupportSession, resolveSession, resolveBearer, resolveVirtualKey, resolveTrustedProxy],
  platform: [resolveOperatorSession],
};

export async function resolveActor(input: ResolveInput): Promise<Actor> {
  for (const method of ORDER[input.surface]) {
    const actor = await method(input);
    if (!actor) continue;
    if (actor.kind !== "operator") {
      await assertTenantActive(actor.tenantId);
      await assertNetworkAllowed(actor, clientIp(input.headers));
    }
    return actor;
  }
  throw new WardenError("authentication_required", "Authentication is required");
}
