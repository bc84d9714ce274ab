// Platform operators (ADR 0032): people outside every tenant who create, list, suspend and resume
// tenants. They live in warden_platform.operators, which the runtime role cannot read or write:
// every call here is a SECURITY DEFINER function of the schema warden_platform (migration
// platform_operators), refused inside a tenant transaction. The first operators come from
// WARDEN_PLATFORM_OPERATORS, used only while no operator was ever granted; after that an
// operator grants and revokes (both in the platform log).
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { hasSecondFactor } from "@/lib/auth/sso/sign-in";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";

export interface Operator {
  id: string;
  email: string;
  grantedBy: string;
  grantedAt: Date;
}

/** The Prisma client of `db`, else of the process's database (for the platform's definer-function calls). */
export async function prismaOf(db?: Database) {
  return (db ?? (await getDb())).prisma;
}

/** Adds WARDEN_PLATFORM_OPERATORS' addresses when no operator exists yet; returns how many. */
export async function bootstrapOperators(env: NodeJS.ProcessEnv = process.env, db?: Database): Promise<number> {
  const emails = (env.WARDEN_PLATFORM_OPERATORS ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => /^[^\s@]+@[^\s@]+$/.test(e));
  if (!emails.length) return 0;
  const prisma = await prismaOf(db);
  const [row] = await prisma.$queryRaw<
    { n: number }[]
  >`SELECT warden_platform.bootstrap_operators(${emails}::text[]) AS n`;
  return Number(row?.n ?? 0);
}

export async function operatorById(
  id: string,
  db?: Database,
): Promise<{ id: string; email: string; revokedAt: Date | null } | null> {
  const prisma = await prismaOf(db);
  const [row] = await prisma.$queryRaw<{ id: string; email: string; revoked_at: Date | null }[]>`
    SELECT id, email, revoked_at FROM warden_platform.operator_by_id(${id})`;
  return row ? { id: row.id, email: row.email, revokedAt: row.revoked_at } : null;
}

export async function listOperators(db?: Database): Promise<Operator[]> {
  const prisma = await prismaOf(db);
  const rows = await prisma.$queryRaw<{ id: string; email: string; granted_by: string; granted_at: Date }[]>`
    SELECT id, email, granted_by, granted_at FROM warden_platform.operators_list()`;
  return rows.map((r) => ({ id: r.id, email: r.email, grantedBy: r.granted_by, grantedAt: r.granted_at }));
}

function operatorOf(actor: Actor): string {
  if (actor.kind !== "operator") throw new WardenError("user_not_authorized", "Only platform operators may do this");
  return actor.subject;
}

export async function grantOperator(actor: Actor, email: string, db?: Database): Promise<Operator> {
  const prisma = await prismaOf(db);
  const [row] = await prisma.$queryRaw<{ id: string; email: string; granted_by: string; granted_at: Date }[]>`
    SELECT id, email, granted_by, granted_at FROM warden_platform.grant_operator(${operatorOf(actor)}, ${email.trim().toLowerCase()})`;
  if (!row) throw new WardenError("conflict", "That address is already a platform operator");
  return { id: row.id, email: row.email, grantedBy: row.granted_by, grantedAt: row.granted_at };
}

export async function revokeOperator(actor: Actor, id: string, db?: Database): Promise<void> {
  const prisma = await prismaOf(db);
  const [row] = await prisma.$queryRaw<
    { r: string }[]
  >`SELECT warden_platform.revoke_operator(${operatorOf(actor)}, ${id}) AS r`;
  if (row?.r === "not_found") throw new WardenError("not_found", "No such operator");
  if (row?.r === "last_operator") throw new WardenError("conflict", "The last platform operator cannot be revoked");
}

/** One line in the platform log (besides grants and revocations, which the functions log themselves). */
export async function platformLog(
  operatorId: string,
  action: string,
  tenantId: string | null,
  details: Record<string, unknown>,
  db?: Database,
): Promise<void> {
  const prisma = await prismaOf(db);
  await prisma.$queryRaw`SELECT 1 AS ok FROM warden_platform.append_log(${operatorId}, ${action}, ${tenantId}, ${JSON.stringify(details)}::jsonb)`;
}

export interface PlatformLogEntry {
  id: string;
  at: Date;
  operatorId: string;
  action: string;
  tenantId: string | null;
  details: Record<string, unknown>;
}

export async function platformLogEntries(limit = 100, db?: Database): Promise<PlatformLogEntry[]> {
  const prisma = await prismaOf(db);
  const rows = await prisma.$queryRaw<
    {
      id: bigint;
      at: Date;
      operator_id: string;
      action: string;
      tenant_id: string | null;
      details: Record<string, unknown>;
    }[]
  >`
    SELECT id, at, operator_id, action, tenant_id, details FROM warden_platform.log_entries(${limit}::integer)`;
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    operatorId: r.operator_id,
    action: r.action,
    tenantId: r.tenant_id,
    details: r.details,
  }));
}

export type PlatformSignInResult =
  { ok: true; operatorId: string; mfa: true } | { ok: false; reason: "AccessDenied" | "mfa_required" };

/**
 * What the platform IdP's callback does with the verified ID-token claims: the address must be
 * the IdP's verified word and an active operator's, and the sign-in must carry a second factor
 * (amr). Refusals of a known operator are logged in the platform log.
 */
export async function completePlatformSignIn(
  claims: Record<string, unknown>,
  db?: Database,
): Promise<PlatformSignInResult> {
  await bootstrapOperators(process.env, db);
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const verified = claims.email_verified === true || claims.email_verified === "true";
  if (!email || !verified) return { ok: false, reason: "AccessDenied" };
  const prisma = await prismaOf(db);
  const [op] = await prisma.$queryRaw<
    { id: string }[]
  >`SELECT id FROM warden_platform.active_operator_by_email(${email})`;
  if (!op) return { ok: false, reason: "AccessDenied" };
  if (!hasSecondFactor(claims.amr)) {
    await platformLog(op.id, "platform.sign_in_refused", null, { reason: "mfa_required" }, db);
    return { ok: false, reason: "mfa_required" };
  }
  await platformLog(op.id, "platform.sign_in", null, {}, db);
  return { ok: true, operatorId: op.id, mfa: true };
}
