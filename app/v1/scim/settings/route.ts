// GET,PATCH /v1/scim/settings - SCIM on/off, IdP choice, group -> role mappings
import { route } from "@/lib/http/route";
import { getScimSettings, scimSettingsInput, updateScimSettings } from "@/lib/scim/settings";

export const GET = route({ permission: "scim.read" }, async ({ tx, actor }) => getScimSettings(tx, actor.tenantId));
export const PATCH = route({ permission: "scim.write", body: scimSettingsInput }, async ({ tx, actor, body }) => updateScimSettings(tx, actor, body));
