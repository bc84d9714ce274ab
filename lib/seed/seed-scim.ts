// Demo SCIM state per tenant: one revoked token (a random hash: no secret exists anywhere),
// the IdP choice, a group -> role mapping, and a few provisioning-log entries. Idempotent.
import { unusableHash } from "@/lib/crypto/tokens";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

const EVENTS = [
  {
    method: "POST",
    path: "/scim/v2/Users",
    resourceType: "User",
    status: 201,
    outcome: "success",
    detail: "created new.hire@{domain}",
  },
  {
    method: "PATCH",
    path: "/scim/v2/Groups",
    resourceType: "Group",
    status: 200,
    outcome: "success",
    detail: "updated Platform Engineering (+1 / -0 members)",
  },
  {
    method: "PATCH",
    path: "/scim/v2/Users",
    resourceType: "User",
    status: 200,
    outcome: "success",
    detail: "deactivated contractor@{domain}; sessions and 0 API key(s) revoked",
  },
  {
    method: "POST",
    path: "/scim/v2/Users",
    resourceType: "User",
    status: 409,
    outcome: "failure",
    detail: "userName is already taken",
  },
];

export async function seedScim(tx: TenantTx, domain: string, provider: "okta" | "entra"): Promise<void> {
  const tenantId = await tenantIdOf(tx);
  if ((await tx.scimToken.count()) === 0) {
    await tx.scimToken.create({
      data: {
        tenantId,
        name: `${provider === "okta" ? "Okta" : "Entra ID"} (retired)`,
        prefix: "wscim_demo00",
        tokenHash: unusableHash(),
        createdBy: "seed",
        revokedAt: new Date("2026-10-01T09:00:00Z"),
      },
    });
  }
  await tx.scimSettings.upsert({ where: { tenantId }, update: {}, create: { tenantId, enabled: true, provider } });
  await tx.scimGroupRoleMapping.upsert({
    where: { tenantId_groupDisplayName: { tenantId, groupDisplayName: "Platform Engineering" } },
    update: {},
    create: { tenantId, groupDisplayName: "Platform Engineering", role: "developer" },
  });
  if ((await tx.scimEvent.count()) === 0) {
    const base = Date.parse("2026-11-20T08:00:00Z");
    await tx.scimEvent.createMany({
      data: EVENTS.map((e, i) => ({
        tenantId,
        ...e,
        detail: e.detail.replace("{domain}", domain),
        ts: new Date(base + i * 3_600_000),
      })),
    });
  }
}
