// Data for Settings -> SCIM, loaded on the server in the tenant transaction of the signed-in
// actor. The page re-checks scim.read here; every change goes through /v1/scim/* (scim.write).
import "server-only";
import type { PublicActor } from "@/lib/auth/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { listScimEvents, type ScimEventView } from "./events";
import { getScimSettings, type ScimSettingsView } from "./settings";
import { listScimTokens, type ScimTokenView } from "./tokens";

export interface ScimPageData {
  settings: ScimSettingsView;
  tokens: ScimTokenView[];
  events: ScimEventView[];
  groups: string[];
}

export async function loadScimPage(actor: PublicActor): Promise<ScimPageData | null> {
  if (!actor.permissions.includes("scim.read")) return null;
  return withTenant(actor.tenantId, async (tx) => {
    const [settings, tokens, events, teams] = await Promise.all([
      getScimSettings(tx),
      listScimTokens(tx, { limit: 200 }),
      listScimEvents(tx, { limit: 25 }),
      tx.team.findMany({ select: { name: true }, orderBy: { name: "asc" } }),
    ]);
    return {
      settings,
      tokens: tokens.data,
      events: events.data,
      groups: teams.map((t) => t.name),
    };
  });
}
