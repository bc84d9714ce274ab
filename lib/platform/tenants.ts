// The tenant lifecycle for platform operators (ADR 0032): create a tenant with its e-mail domains,
// its first admin (admitted as admin at their first SSO sign-in from one of the domains,
// lib/auth/sso/sign-in.ts; or first invited by e-mail, lib/platform/invitations.ts) and optionally its OpenID Connect IdP; list tenants with health
// aggregates (no tenant data: counts, times, the chain head, the last verification, 30-day usage
// totals, read by warden_platform.tenant_overview); suspend and resume. Every change is written
// in the tenant's own transaction and audit chain (appendAudit, actor kind "operator") and in the
// platform log; an operator never reads a tenant's rows here.
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { forgetTenantIssuers } from "@/lib/auth/oidc/issuers";
import { appendAudit, type AuditActorRef } from "@/lib/audit/append";
import { sealSecret } from "@/lib/crypto/secret-box";
import { provisionTenantKey } from "@/lib/crypto/tenant-key";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { assertOutboundUrl } from "@/lib/net/outbound";
import { forgetTenantStatus } from "@/lib/tenancy/suspension";
import { tenantByEmailDomain, tenantById, tenantBySlug } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { assertInvitationsConfigured, inviteFirstAdmin } from "./invitations";
import { cancelTenantDeletion, scheduledDeletions } from "./erasure";
import { platformLog } from "./operators";

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "Enter a domain such as example.com")
  .max(200);

export const createTenantInput = z
  .object({
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9-]{1,39}$/, "2-40 lower-case letters, digits and hyphens, starting with a letter"),
    name: z.string().trim().min(1).max(100),
    domains: z.array(domain).min(1, "Name at least one e-mail domain").max(20),
    first_admin_email: z
      .string()
      .trim()
      .toLowerCase()
      .email()
      .max(320)
      .describe("Admitted as admin at their first SSO sign-in (verified e-mail in one of the domains)"),
    invite_first_admin: z
      .boolean()
      .default(false)
      .describe(
        "Send the first admin a single-use, expiring invitation by e-mail (the platform's SMTP server); they become admin only after accepting it, at their first SSO sign-in",
      ),
    identity_provider: z
      .object({
        name: z.string().trim().min(1).max(100).default("Single sign-on"),
        issuer: z
          .string()
          .trim()
          .url()
          .transform((u) => u.replace(/\/+$/, "")),
        client_id: z.string().trim().min(1).max(300),
        client_secret: z.string().min(1).max(2000),
      })
      .strict()
      .optional()
      .describe("The tenant's OpenID Connect IdP (without one, nobody can sign in yet)"),
  })
  .strict()
  .superRefine((v, ctx) => {
    const d = v.first_admin_email.split("@")[1] ?? "";
    if (!v.domains.includes(d))
      ctx.addIssue({
        code: "custom",
        path: ["first_admin_email"],
        message: "The first admin's address must be in one of the tenant's domains",
      });
  });
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const tenantHealthView = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  created_at: z.string(),
  status: z.enum(["active", "suspended"]),
  suspended_at: z.string().nullable(),
  people: z.number().int().describe("Active people"),
  last_activity_at: z.string().nullable().describe("The audit chain head's last append"),
  audit_head_seq: z.number().int().nullable(),
  audit_head_hash: z.string().nullable(),
  last_verification: z.object({ at: z.string(), verified: z.boolean() }).nullable(),
  usage_30d: z.object({ requests: z.number().int(), cost_usd: z.string() }),
  deletion_due_at: z.string().nullable().describe("A scheduled deletion's due time (ADR 0035), or null"),
});
export type TenantHealth = z.infer<typeof tenantHealthView>;

interface OverviewRow {
  id: string;
  slug: string;
  name: string;
  domains: string[] | null;
  created_at: Date;
  suspended_at: Date | null;
  people: bigint;
  last_activity: Date | null;
  head_seq: bigint | null;
  head_hash: string | null;
  verified_at: Date | null;
  verified: boolean | null;
  requests_30d: bigint;
  cost_30d: { toString(): string } | null;
}

export async function tenantOverview(db?: Database): Promise<TenantHealth[]> {
  const { prisma } = db ?? (await getDb());
  const rows = await prisma.$queryRaw<OverviewRow[]>`SELECT * FROM warden_platform.tenant_overview()`;
  const deletions = new Map((await scheduledDeletions(db)).map((d) => [d.tenant_id, d.due_at]));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    domains: r.domains ?? [],
    created_at: r.created_at.toISOString(),
    status: r.suspended_at ? "suspended" : "active",
    suspended_at: r.suspended_at?.toISOString() ?? null,
    people: Number(r.people),
    last_activity_at: r.last_activity?.toISOString() ?? null,
    audit_head_seq: r.head_seq === null ? null : Number(r.head_seq),
    audit_head_hash: r.head_hash,
    last_verification: r.verified_at ? { at: r.verified_at.toISOString(), verified: r.verified === true } : null,
    usage_30d: { requests: Number(r.requests_30d), cost_usd: Number(r.cost_30d?.toString() ?? 0).toFixed(2) },
    deletion_due_at: deletions.get(r.id) ?? null,
  }));
}

async function tenantHealth(id: string, db?: Database): Promise<TenantHealth> {
  const row = (await tenantOverview(db)).find((t) => t.id === id);
  if (!row) throw new WardenError("not_found", "No such tenant");
  return row;
}

/** The operator as the tenant's chain records them: the operator id only (no address, no name). */
function operatorRef(actor: Actor): AuditActorRef {
  if (actor.kind !== "operator") throw new WardenError("user_not_authorized", "Only platform operators may do this");
  return { kind: "operator", subject: actor.subject, authMethod: "session" };
}

export async function createPlatformTenant(
  actor: Actor,
  input: CreateTenantInput,
  db?: Database,
): Promise<TenantHealth> {
  const by = operatorRef(actor);
  if (await tenantBySlug(input.slug, db)) throw new WardenError("conflict", "A tenant with that slug exists");
  for (const d of input.domains) {
    if (await tenantByEmailDomain(`x@${d}`, db))
      throw new WardenError("conflict", `The domain ${d} belongs to another tenant`);
  }
  const idp = input.identity_provider;
  if (idp) await assertOutboundUrl("issuer", idp.issuer, { kind: "base" });
  if (input.invite_first_admin) assertInvitationsConfigured();
  const id = `tn_${randomUUID().replace(/-/g, "")}`;
  await withTenant(
    id,
    async (tx) => {
      // Invited: nobody is admitted as admin until the invitation is accepted (lib/platform/invitations.ts).
      const invite = input.invite_first_admin === true;
      await tx.tenant.create({
        data: {
          id,
          slug: input.slug,
          name: input.name,
          domains: input.domains,
          firstAdminEmail: invite ? null : input.first_admin_email,
        },
      });
      const tk = await provisionTenantKey(tx);
      let idpId: string | null = null;
      if (idp) {
        const row = await tx.identityProvider.create({
          data: {
            tenantId: id,
            type: "oidc",
            name: idp.name,
            issuer: idp.issuer,
            clientId: idp.client_id,
            clientSecretSealed: sealSecret(idp.client_secret, tk),
            emailDomains: [],
          },
        });
        idpId = row.id;
      }
      await appendAudit(tx, {
        action: "tenant.create",
        outcome: "success",
        actor: by,
        target: { type: "tenant", id },
        details: {
          slug: input.slug,
          domains: input.domains,
          identity_provider: idpId,
          first_admin: invite ? "invited" : "pending_first_sign_in",
        },
        requestId: actor.requestId,
      });
      // Sent last, inside the transaction: if the mail cannot be sent, the tenant is not created.
      if (invite) await inviteFirstAdmin(tx, input.name, input.first_admin_email, actor.subject, actor.requestId);
    },
    { db, timeout: 45_000 },
  );
  if (idp) forgetTenantIssuers();
  await platformLog(actor.subject, "tenant.create", id, { slug: input.slug }, db);
  return tenantHealth(id, db);
}

async function setSuspended(
  actor: Actor,
  id: string,
  suspend: boolean,
  reason: string | undefined,
  db?: Database,
): Promise<TenantHealth> {
  const by = operatorRef(actor);
  if (!(await tenantById(id, db))) throw new WardenError("not_found", "No such tenant");
  const action = suspend ? "tenant.suspend" : "tenant.resume";
  const changed = await withTenant(
    id,
    async (tx) => {
      const row = await tx.tenant.findUniqueOrThrow({ where: { id }, select: { suspendedAt: true } });
      if (Boolean(row.suspendedAt) === suspend) return false;
      await tx.tenant.update({ where: { id }, data: { suspendedAt: suspend ? new Date() : null } });
      await appendAudit(tx, {
        action,
        outcome: "success",
        actor: by,
        target: { type: "tenant", id },
        // The free-text reason stays in the platform log: the chain carries no personal data.
        details: { by: "platform_operator" },
        requestId: actor.requestId,
      });
      return true;
    },
    { db },
  );
  forgetTenantStatus(id);
  if (changed) await platformLog(actor.subject, action, id, reason ? { reason } : {}, db);
  return tenantHealth(id, db);
}

export const suspendInput = z.object({ reason: z.string().trim().max(500).optional() }).strict();

export function suspendTenant(actor: Actor, id: string, reason?: string, db?: Database) {
  return setSuspended(actor, id, true, reason, db);
}

/** Resuming also cancels a scheduled deletion (ADR 0035). */
export async function resumeTenant(actor: Actor, id: string, db?: Database) {
  if (await tenantById(id, db)) await cancelTenantDeletion(actor, id, db);
  return setSuspended(actor, id, false, undefined, db);
}
