// Support access (ADR 0037): a tenant admin grants a named platform operator time-boxed access
// (at most 72 hours, a reason, read-only or admin). The operator enters the tenant from Platform;
// their requests then resolve through the one resolver (lib/auth/methods/support-session.ts) to a
// tenant Actor of kind and auth method "support" whose subject is the grant id, so every audit
// entry written under it says so in the tenant's own chain. Expiry and revocation are read on
// every request.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { bootstrapOperators, platformLog, prismaOf } from "@/lib/platform/operators";
import { PERMISSIONS, type Permission } from "@/lib/rbac/permissions";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import type { OperatorGrantView, SupportGrantInput, SupportGrantView, SupportRole } from "./views";

/** The cookie that names the grant an operator entered: "<tenant id>.<grant id>". Not a secret: the operator's session is. */
export const SUPPORT_COOKIE = "warden-support";

/** What a support Actor may do: read-only = every read; admin = everything but managing support access itself. */
export function supportPermissions(role: SupportRole): ReadonlySet<Permission> {
  if (role === "admin") return new Set(PERMISSIONS.filter((p) => p !== "support.manage"));
  return new Set(PERMISSIONS.filter((p) => p.endsWith(".read")));
}

type Row = {
  id: string;
  operatorId: string;
  operatorEmail: string;
  role: string;
  reason: string;
  grantedBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

function view(r: Row, use: { uses: number; last: Date | null } | undefined, now = new Date()): SupportGrantView {
  return {
    id: r.id,
    operator_id: r.operatorId,
    operator_email: r.operatorEmail,
    role: r.role as SupportRole,
    reason: r.reason,
    granted_by: r.grantedBy,
    created_at: r.createdAt.toISOString(),
    expires_at: r.expiresAt.toISOString(),
    revoked_at: r.revokedAt?.toISOString() ?? null,
    status: r.revokedAt ? "revoked" : r.expiresAt <= now ? "expired" : "active",
    uses: use?.uses ?? 0,
    last_used_at: use?.last?.toISOString() ?? null,
  };
}

async function usesOf(tx: TenantTx, ids: string[]): Promise<Map<string, { uses: number; last: Date | null }>> {
  if (!ids.length) return new Map();
  const rows = await tx.$queryRaw<{ actor_ref: string; n: bigint; last: Date | null }[]>`
    SELECT actor_ref, count(*) AS n, max(ts) AS last FROM audit_entries
     WHERE actor_kind = 'support' AND actor_ref = ANY(${ids}::text[]) GROUP BY actor_ref`;
  return new Map(rows.map((r) => [r.actor_ref, { uses: Number(r.n), last: r.last }]));
}

/** The tenant's grants, newest first, with how often each was used (audit entries written under it). */
export async function listSupportGrants(tx: TenantTx): Promise<{ data: SupportGrantView[] }> {
  const rows = await tx.supportGrant.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 });
  const uses = await usesOf(
    tx,
    rows.map((r) => r.id),
  );
  return { data: rows.map((r) => view(r, uses.get(r.id))) };
}

async function activeOperatorByEmail(email: string, db?: Database): Promise<{ id: string; email: string } | null> {
  const prisma = await prismaOf(db);
  const [row] = await prisma.$queryRaw<
    { id: string; email: string }[]
  >`SELECT id, email FROM warden_platform.active_operator_by_email(${email})`;
  return row ?? null;
}

/** Grants access (outside any tenant transaction: the operator is looked up first, then the tenant's own transaction). */
export async function grantSupport(actor: Actor, input: SupportGrantInput, db?: Database): Promise<SupportGrantView> {
  // The environment's operators exist before their first sign-in (the bootstrap is idempotent and
  // counts only while no operator was ever granted).
  await bootstrapOperators(process.env, db);
  const operator = await activeOperatorByEmail(input.operator_email, db);
  if (!operator) throw new WardenError("not_found", "No platform operator has that e-mail address");
  return withTenant(
    actor,
    async (tx) => {
      const now = new Date();
      const row = await tx.supportGrant.create({
        data: {
          tenantId: actor.tenantId,
          operatorId: operator.id,
          operatorEmail: operator.email,
          role: input.role,
          reason: input.reason,
          grantedBy: actor.userId ?? actor.subject,
          createdAt: now,
          expiresAt: new Date(now.getTime() + input.hours * 3_600_000),
        },
      });
      await appendAudit(tx, {
        action: "support.grant",
        outcome: "success",
        actor: auditActor(actor),
        target: { type: "support_grant", id: row.id },
        details: {
          operator_id: operator.id,
          role: input.role,
          hours: input.hours,
          expires_at: row.expiresAt.toISOString(),
        },
        requestId: actor.requestId,
      });
      return view(row, undefined, now);
    },
    { db },
  );
}

/** Revokes a grant: the operator's next request under it is refused. */
export async function revokeSupport(tx: TenantTx, actor: Actor, id: string): Promise<SupportGrantView> {
  const row = await tx.supportGrant.findUnique({ where: { id } });
  if (!row) throw new WardenError("not_found", "No such support access grant");
  if (row.revokedAt) throw new WardenError("conflict", "This grant is already revoked");
  const updated = await tx.supportGrant.update({
    where: { id },
    data: { revokedAt: new Date(), revokedBy: actor.userId ?? actor.subject },
  });
  await appendAudit(tx, {
    action: "support.revoke",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "support_grant", id },
    details: { operator_id: row.operatorId, was_active: row.expiresAt > new Date() },
    requestId: actor.requestId,
  });
  return view(updated, (await usesOf(tx, [id])).get(id));
}

/** An operator's own live grants across tenants (a warden_platform definer function; never inside a tenant transaction). */
export async function operatorGrants(operatorId: string, db?: Database): Promise<OperatorGrantView[]> {
  const prisma = await prismaOf(db);
  const rows = await prisma.$queryRaw<
    {
      id: string;
      tenant_id: string;
      tenant_slug: string;
      tenant_name: string;
      role: string;
      reason: string;
      created_at: Date;
      expires_at: Date;
    }[]
  >`
    SELECT id, tenant_id, tenant_slug, tenant_name, role, reason, created_at, expires_at FROM warden_platform.support_grants_for(${operatorId})`;
  return rows.map((r) => ({
    ...r,
    role: r.role as SupportRole,
    created_at: r.created_at.toISOString(),
    expires_at: r.expires_at.toISOString(),
  }));
}

export interface LiveGrant {
  id: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  operatorId: string;
  operatorEmail: string;
  role: SupportRole;
  expiresAt: Date;
}

/** The grant named by the support cookie, if it is this operator's and live now; read on every request. */
export async function liveGrant(
  tenantId: string,
  grantId: string,
  operatorId: string,
  db?: Database,
): Promise<LiveGrant | null> {
  const found = await withTenant(
    tenantId,
    async (tx) => {
      const g = await tx.supportGrant.findUnique({
        where: { id: grantId },
        include: { tenant: { select: { slug: true, name: true } } },
      });
      return g;
    },
    { db },
  );
  if (!found || found.operatorId !== operatorId || found.revokedAt || found.expiresAt <= new Date()) return null;
  return {
    id: found.id,
    tenantId,
    tenantSlug: found.tenant.slug,
    tenantName: found.tenant.name,
    operatorId,
    operatorEmail: found.operatorEmail,
    role: found.role as SupportRole,
    expiresAt: found.expiresAt,
  };
}

/** The operator enters a tenant under a grant: checked, audited in the tenant's chain and the platform log; answers the cookie value. */
export async function enterSupport(
  operator: Actor,
  grantId: string,
  db?: Database,
): Promise<{ grant: OperatorGrantView; cookie: string }> {
  if (operator.kind !== "operator")
    throw new WardenError("user_not_authorized", "Only platform operators enter a tenant");
  const grant = (await operatorGrants(operator.subject, db)).find((g) => g.id === grantId);
  if (!grant) throw new WardenError("not_found", "No live support access grant of yours has that id");
  await withTenant(
    grant.tenant_id,
    (tx) =>
      appendAudit(tx, {
        action: "support.enter",
        outcome: "success",
        actor: {
          kind: "support",
          subject: grant.id,
          authMethod: "support",
          displayName: `Support: ${operator.email ?? operator.subject}`,
          email: operator.email,
        },
        target: { type: "support_grant", id: grant.id },
        details: { operator_id: operator.subject, role: grant.role },
        requestId: operator.requestId,
      }),
    { db },
  );
  await platformLog(operator.subject, "support.enter", grant.tenant_id, { grant: grant.id }, db);
  return { grant, cookie: `${grant.tenant_id}.${grant.id}` };
}
