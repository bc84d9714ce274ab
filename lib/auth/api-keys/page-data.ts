// The console side of API keys: the page's data. Its table and form write through /v1/auth/keys
// (components/api-keys/use-key-actions.ts), which calls ./manage.
import "server-only";
import type { PublicActor } from "@/lib/auth/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { recentKeys } from "./manage";
import { apiKeyPolicy } from "./policy";

export async function loadKeysPage(actor: PublicActor) {
  const keys = await withTenant(actor.tenantId, (tx) => recentKeys(tx, 200));
  return { keys, policy: apiKeyPolicy() };
}
