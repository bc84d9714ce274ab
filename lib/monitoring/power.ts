// Four-eyes for power (ADR 0033): require_approval rules on admin_grant and idp_change hold the
// changes that decide who holds power in the tenant, the way data_export_size holds exports:
//   admin_grant  a user made admin, or given (created with, assigned, or via an edited custom role)
//                an admin-level permission they did not hold: POST/PATCH /v1/users, POST/PATCH /v1/roles
//   idp_change   creating, changing or deleting an identity provider (who can sign in, with what role)
// The change is not made: the route answers 202 with gateResponse() and the approval id. Another
// admin approves it on Monitoring or /v1/approvals/{id}/approve (never the requester); the requester
// then repeats the same change -- with ?approval_id=, or simply again in the console -- and it is
// applied once. SCIM and SSO role sync are not held: the IdP is their source of truth.
import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { auditActor } from "@/lib/audit/append";
import type { Permission } from "@/lib/rbac/permissions";
import { WardenError } from "@/lib/errors";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { z } from "zod";
import { approvalGate, gateResponse, type GateResult } from "./approvals";

/**
 * Admin-level permissions: the ones that change who holds power or what is watched -- people and
 * their roles, custom roles, identity providers, SCIM, tenant settings, audit streams and
 * retention, and the monitoring rules (including the require_approval rules themselves).
 */
export const ADMIN_LEVEL: readonly Permission[] = [
  "users.write",
  "roles.write",
  "identity.write",
  "scim.write",
  "settings.write",
  "audit.manage",
  "monitoring.write",
];

export const adminLevelOf = (perms: Iterable<string>): string[] =>
  [...new Set(perms)].filter((p) => (ADMIN_LEVEL as readonly string[]).includes(p)).sort();

/** Whether `next` holds an admin-level permission `before` did not. */
export const addsAdminLevel = (before: Iterable<string>, next: Iterable<string>): boolean => {
  const had = new Set(adminLevelOf(before));
  return adminLevelOf(next).some((p) => !had.has(p));
};

export type Held = { held: Extract<GateResult, { allowed: false }> };
export const isHeld = (v: unknown): v is Held => typeof v === "object" && v !== null && "held" in v;

/** The query every held route accepts: the approval to use when repeating an approved change. */
export const approvalQuery = z.object({
  approval_id: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(
      "Repeat an approved change with its approval id (a require_approval rule on admin_grant or idp_change held it with 202)",
    ),
});

/** Secrets never go into an approval's parameters: their SHA-256 stands for them (the approval still covers that exact value). */
export function withoutSecrets<T extends Record<string, unknown>>(
  input: T,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  for (const f of fields)
    if (typeof out[f] === "string" && out[f])
      out[f] = `sha256:${createHash("sha256")
        .update(out[f] as string)
        .digest("hex")}`;
  return out;
}

/**
 * Ask the gate before a change of power. null: go ahead (no rule matched, or the requester's
 * approval for exactly these parameters was consumed). Held: do nothing, answer 202.
 */
export async function holdPower(
  tx: TenantTx,
  actor: Actor,
  change: {
    action: string;
    params: Record<string, unknown>;
    metric: "admin_grant" | "idp_change";
    approvalId?: string | null;
  },
): Promise<Held | null> {
  const gate = await approvalGate(tx, {
    action: change.action,
    params: change.params,
    measures: { [change.metric]: 1 },
    approvalId: change.approvalId,
    actor: auditActor(actor),
    requestId: actor.requestId,
    useApproved: true,
  });
  return gate.allowed ? null : { held: gate };
}

/** What a route answers: 202 with the approval for a held change, else the result. */
export const orHeld = <T>(out: T | Held): T | Response =>
  isHeld(out) ? Response.json(gateResponse(out.held), { status: 202 }) : out;

/**
 * For console actions (declared with tenantTx: false): the change in its own tenant transaction. A
 * held change commits its approval request and alert, then fails with the gate's message, which
 * the console shows; repeating the same change after approval applies it.
 */
export async function unlessHeld<T>(actor: Actor, fn: (tx: TenantTx) => Promise<T | Held>): Promise<T> {
  const out = await withTenant(actor, fn);
  if (isHeld(out)) throw new WardenError("approval_required", out.held.message);
  return out;
}
