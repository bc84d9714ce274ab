// Tenant SCIM settings: on/off, which IdP the setup steps are for, and group -> role mappings.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { BUILT_IN_ROLES } from "@/lib/rbac/permissions";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { applyGroupRoles, auditRoleChanges } from "./lifecycle";

export const SCIM_PROVIDERS = ["okta", "entra"] as const;

export const scimSettingsInput = z.object({
  enabled: z.boolean().optional(),
  provider: z.enum(SCIM_PROVIDERS).optional(),
  group_role_mappings: z
    .array(z.object({ group: z.string().trim().min(1).max(200), role: z.enum(BUILT_IN_ROLES) }))
    .max(100)
    .refine((m) => new Set(m.map((x) => x.group.toLowerCase())).size === m.length, "each group may be mapped once")
    .optional(),
});
export type ScimSettingsInput = z.infer<typeof scimSettingsInput>;

export const scimSettingsView = z
  .object({
    enabled: z.boolean().describe("Whether /scim/v2 accepts requests"),
    provider: z.enum(SCIM_PROVIDERS).describe("The IdP the setup steps are written for"),
    group_role_mappings: z
      .array(z.object({ group: z.string().describe("IdP group display name"), role: z.enum(BUILT_IN_ROLES) }))
      .describe("A member of the group gets the role"),
  })
  .meta({ id: "ScimSettings" });
export type ScimSettingsView = z.infer<typeof scimSettingsView>;

export async function getScimSettings(tx: TenantTx): Promise<ScimSettingsView> {
  const tenantId = await tenantIdOf(tx);
  const [s, mappings] = await Promise.all([
    tx.scimSettings.findUnique({ where: { tenantId } }),
    tx.scimGroupRoleMapping.findMany({ orderBy: { groupDisplayName: "asc" } }),
  ]);
  return {
    enabled: s?.enabled ?? true,
    provider: (s?.provider as ScimSettingsView["provider"]) ?? "okta",
    group_role_mappings: mappings.map((m) => ({
      group: m.groupDisplayName,
      role: m.role as ScimSettingsView["group_role_mappings"][number]["role"],
    })),
  };
}

export async function updateScimSettings(
  tx: TenantTx,
  actor: Actor,
  input: ScimSettingsInput,
): Promise<ScimSettingsView> {
  const { enabled, provider, group_role_mappings: mappings } = input;
  if (enabled !== undefined || provider !== undefined) {
    await tx.scimSettings.upsert({
      where: { tenantId: actor.tenantId },
      update: { ...(enabled !== undefined ? { enabled } : {}), ...(provider ? { provider } : {}) },
      create: { tenantId: actor.tenantId, enabled: enabled ?? true, provider: provider ?? "okta" },
    });
  }
  if (mappings) {
    await tx.scimGroupRoleMapping.deleteMany({});
    if (mappings.length)
      await tx.scimGroupRoleMapping.createMany({
        data: mappings.map((m) => ({ tenantId: actor.tenantId, groupDisplayName: m.group, role: m.role })),
      });
    // New mappings apply at once to everyone SCIM manages, not only at the next membership change.
    const managed = await tx.user.findMany({ where: { scimManaged: true }, select: { id: true } });
    await auditRoleChanges(
      tx,
      actor,
      await applyGroupRoles(
        tx,
        managed.map((u) => u.id),
      ),
    );
  }
  await appendAudit(tx, {
    action: "scim.settings.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "scim_settings" },
    details: { ...input },
    requestId: actor.requestId,
  });
  return getScimSettings(tx);
}
