// Gateway compliance policies per tenant, team or virtual key (the most specific enabled one
// applies): detector actions, allowed provider regions, HIPAA mode, body storage. Edited from the
// console and /v1/privacy/policies; every change is audited as privacy.policy.updated|deleted.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { WardenError } from "@/lib/errors";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { DETECTORS } from "./detectors";
import { POLICY_ACTIONS } from "./evaluate";
import { invalidateTenantPrivacy } from "./policy-cache";

export const POLICY_SCOPES = ["tenant", "team", "virtual_key"] as const;

export const policyFieldsSchema = z.object({
  enabled: z.boolean().default(true),
  detectors: z.partialRecord(z.enum(DETECTORS), z.enum(POLICY_ACTIONS)).default({}),
  allowed_regions: z
    .array(z.string().regex(/^[a-z0-9-]{2,32}$/, "lowercase region code"))
    .max(50)
    .default([]),
  hipaa_mode: z.boolean().default(false),
  store_bodies: z.boolean().default(false),
});
export const policyPutSchema = policyFieldsSchema.extend({
  scope_type: z.enum(POLICY_SCOPES),
  /** Required for team and virtual_key scopes; the tenant scope uses the tenant itself. */
  scope_id: z.string().min(1).max(100).optional(),
});
export const policyPatchSchema = policyFieldsSchema.partial();

/** A gateway compliance policy as /v1/privacy/policies sends it. */
export const policyView = z
  .object({
    id: z.string(),
    scope_type: z.enum(POLICY_SCOPES),
    scope_id: z.string().describe("The tenant id, a team id or a virtual key id"),
    enabled: z.boolean(),
    detectors: z
      .partialRecord(z.enum(DETECTORS), z.enum(POLICY_ACTIONS))
      .describe("What each detector does: block, redact, record or off"),
    allowed_regions: z.array(z.string()).describe("Provider regions requests may go to; empty = any"),
    hipaa_mode: z.boolean().describe("Possible PHI only to providers marked hipaa_covered"),
    store_bodies: z
      .boolean()
      .describe("Store prompt and response bodies (sealed) for people with a prompt_logging grant"),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "CompliancePolicy" });
export type PolicyView = z.infer<typeof policyView>;

type Row = {
  id: string;
  scopeType: string;
  scopeId: string;
  enabled: boolean;
  detectors: unknown;
  allowedRegions: string[];
  hipaaMode: boolean;
  storeBodies: boolean;
  updatedAt: Date;
};
export function shapePolicy(p: Row): PolicyView {
  return {
    id: p.id,
    scope_type: p.scopeType as PolicyView["scope_type"],
    scope_id: p.scopeId,
    enabled: p.enabled,
    detectors: p.detectors as PolicyView["detectors"],
    allowed_regions: p.allowedRegions,
    hipaa_mode: p.hipaaMode,
    store_bodies: p.storeBodies,
    updated_at: p.updatedAt.toISOString(),
  };
}

/** Policies by id, one page. */
export async function listPolicies(tx: TenantTx, page: Page) {
  const out = pageOf(await tx.compliancePolicy.findMany(pageArgs(page)), page);
  return { data: out.data.map(shapePolicy), next_cursor: out.next_cursor };
}

async function checkScope(tx: TenantTx, actor: Actor, type: string, id: string | undefined): Promise<string> {
  if (type === "tenant") return actor.tenantId;
  if (!id)
    throw new WardenError("invalid_request", "scope_id is required for team and virtual_key policies", {
      issues: [{ path: "scope_id", message: "Required" }],
    });
  const found =
    type === "team" ? await tx.team.findUnique({ where: { id } }) : await tx.virtualKey.findUnique({ where: { id } });
  if (!found) throw new WardenError("not_found", `${type === "team" ? "Team" : "Virtual key"} not found`);
  return id;
}

/** Creates or replaces the policy of one scope. */
export async function putPolicy(tx: TenantTx, actor: Actor, v: z.infer<typeof policyPutSchema>) {
  const scopeId = await checkScope(tx, actor, v.scope_type, v.scope_id);
  const data = {
    enabled: v.enabled,
    detectors: v.detectors,
    allowedRegions: v.allowed_regions,
    hipaaMode: v.hipaa_mode,
    storeBodies: v.store_bodies,
  };
  const p = await tx.compliancePolicy.upsert({
    where: { tenantId_scopeType_scopeId: { tenantId: actor.tenantId, scopeType: v.scope_type, scopeId } },
    update: data,
    create: { tenantId: actor.tenantId, scopeType: v.scope_type, scopeId, ...data },
  });
  await audited(tx, actor, "privacy.policy.updated", p.id, {
    scope_type: v.scope_type,
    scope_id: scopeId,
    after: shapePolicy(p),
  });
  return shapePolicy(p);
}

export async function getPolicy(tx: TenantTx, id: string) {
  const p = await tx.compliancePolicy.findUnique({ where: { id } });
  if (!p) throw new WardenError("not_found", "Policy not found");
  return shapePolicy(p);
}

export async function patchPolicy(tx: TenantTx, actor: Actor, id: string, v: z.infer<typeof policyPatchSchema>) {
  const before = await getPolicy(tx, id);
  const p = await tx.compliancePolicy.update({
    where: { id },
    data: {
      enabled: v.enabled,
      detectors: v.detectors,
      allowedRegions: v.allowed_regions,
      hipaaMode: v.hipaa_mode,
      storeBodies: v.store_bodies,
    },
  });
  await audited(tx, actor, "privacy.policy.updated", id, {
    scope_type: p.scopeType,
    scope_id: p.scopeId,
    before,
    after: shapePolicy(p),
  });
  return shapePolicy(p);
}

export async function deletePolicy(tx: TenantTx, actor: Actor, id: string) {
  const before = await getPolicy(tx, id);
  await tx.compliancePolicy.delete({ where: { id } });
  await audited(tx, actor, "privacy.policy.deleted", id, {
    scope_type: before.scope_type,
    scope_id: before.scope_id,
    before,
  });
  return { deleted: true as const };
}

async function audited(tx: TenantTx, actor: Actor, action: string, id: string, details: Record<string, unknown>) {
  await appendAudit(tx, {
    action,
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "compliance_policy", id },
    details,
    requestId: actor.requestId,
  });
  // This process sees the change at once; other gateway processes within their cache TTL.
  invalidateTenantPrivacy(actor.tenantId);
}
