// The one auth resolver. Every page, server action, route handler and /v1 route gets its
// Actor here, in DESIGN.md's order: SCIM token (only under /scim/v2) -> session cookie ->
// Authorization: Bearer (API key | OIDC JWT) -> x-bf-vk (gateway only) -> trusted proxy -> 401.
// A method that finds its credential invalid throws, which ends resolution: presented-but-bad
// credentials never degrade to anonymous or to another method.
import "server-only";
import { WardenError } from "@/lib/errors";
import type { RequestIds } from "@/lib/http/request-context";
import type { Actor } from "./actor";
import { resolveBearer } from "./methods/bearer";
import { resolveScimToken } from "./methods/scim-token";
import { resolveSession } from "./methods/session";
import { resolveTrustedProxy } from "./methods/trusted-proxy";
import type { AuthMethodResolver } from "./methods/types";
import { resolveVirtualKey } from "./methods/virtual-key";

export type Surface = "console" | "api" | "gateway" | "scim";

export interface ResolveInput {
  headers: Headers;
  ids: RequestIds;
  surface: Surface;
}

const ORDER: Record<Surface, AuthMethodResolver[]> = {
  scim: [resolveScimToken],
  console: [resolveSession, resolveBearer, resolveTrustedProxy],
  api: [resolveSession, resolveBearer, resolveTrustedProxy],
  gateway: [resolveSession, resolveBearer, resolveVirtualKey, resolveTrustedProxy],
};

export async function resolveActor(input: ResolveInput): Promise<Actor> {
  for (const method of ORDER[input.surface]) {
    const actor = await method(input);
    if (actor) return actor;
  }
  throw new WardenError("authentication_required", "Authentication is required");
}
