// GET,PATCH /v1/scim/settings - SCIM on/off, IdP choice, group -> role mappings
import { route } from "@/lib/http/route";
import { getScimSettings, scimSettingsInput, scimSettingsView, updateScimSettings } from "@/lib/scim/settings";

export const GET = route(
  { permission: "scim.read", summary: "Read the SCIM settings", response: scimSettingsView, example: {} },
  async ({ tx }) => getScimSettings(tx),
);

export const PATCH = route(
  {
    permission: "scim.write",
    summary: "Change the SCIM settings",
    description:
      "Fields left out are kept; group_role_mappings replaces the whole list and applies at once to everyone SCIM manages. Audited.",
    body: scimSettingsInput,
    response: scimSettingsView,
    example: { body: { enabled: true, provider: "okta" } },
  },
  async ({ tx, actor, body }) => updateScimSettings(tx, actor, body),
);
