// The console side of API keys: the page's data. The page's server actions are declared with
// action() in app/(console)/settings/api-keys/actions.ts and call ./manage like /v1/auth/keys.
import "server-only";
import type { PublicActor } from "@/lib/auth/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { recentKeys } from "./manage";
import { apiKeyPolicy } from "./policy";

export async function loadKeysPage(actor: PublicActor) {
  const keys = await withTenant(actor.tenantId, (tx) => recentKeys(tx, 200));
  return { keys, policy: apiKeyPolicy() };
}
