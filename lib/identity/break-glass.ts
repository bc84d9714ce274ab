// Break-glass sign-in (ADR 0039): an emergency console sign-in for when the tenant's IdP is down.
// Off by default. While on, each admin may issue one one-time code (shown once; only its SHA-256
// is kept). A sign-in needs two codes held by two different active admins plus the e-mail of an
// active admin, at the tenant's slug. Every refusal is the same 401, counted by the sign-in
// throttle and audited with its reason; success consumes both codes, raises a high alert through
// the monitoring alert path and starts an ordinary console session (method break_glass, at most
// BREAK_GLASS_SESSION_MINUTES) that the one resolver checks like any other.
import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { issueSessionCookie } from "@/lib/auth/sso/session-cookie";
import { assertSignInAllowed, recordSignInFailure } from "@/lib/auth/sso/throttle";
import { appendAudit, auditActor } from "@/lib/audit/append";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { raiseAlert } from "@/lib/monitoring/alerts";
import { consoleAllows } from "@/lib/network/rules";
import { tenantBySlug } from "@/lib/tenancy/system";
import { withTenant, type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

export const BREAK_GLASS_SESSION_MINUTES = 60;
export const BREAK_GLASS_CODE_HOURS = 24;
/** The tenant's built-in monitoring rule the alert belongs to; disabled so the evaluator never runs it. */
export const BREAK_GLASS_RULE_NAME = "Break-glass sign-in";

const REFUSED_MESSAGE = "Break-glass sign-in refused. Check the organization, the e-mail and both codes.";
const refused = () => new WardenError("invalid_credentials", REFUSED_MESSAGE);

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** 130 random bits as 26 base32 characters, grouped by 4 for reading aloud. */
function newCode(): string {
  const bytes = randomBytes(17);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = "";
  for (let i = 0; i < 26; i++) out += B32[Number((bits >> BigInt(i * 5)) & 31n)];
  return out.match(/.{1,4}/g)!.join("-");
}

/** What is stored and compared: the SHA-256 of the code without separators, upper case. */
export function hashBreakGlassCode(code: string): string {
  return createHash("sha256")
    .update(code.toUpperCase().replace(/[^A-Z2-7]/g, ""))
    .digest("hex");
}

export interface BreakGlassState {
  enabled: boolean;
  /** The calling admin's unused, unexpired code: when it ends (the code itself is never shown again). */
  ownCodeExpiresAt: string | null;
  /** How many admins hold an unused, unexpired code now. */
  adminsWithCode: number;
}

export async function breakGlassState(tx: TenantTx, actor: Actor): Promise<BreakGlassState> {
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: actor.tenantId! },
    select: { breakGlassEnabled: true },
  });
  const live = await tx.breakGlassCode.findMany({
    where: { usedAt: null, expiresAt: { gt: new Date() } },
    select: { userId: true, expiresAt: true },
  });
  const own = live.find((c) => c.userId === actor.userId);
  return {
    enabled: tenant.breakGlassEnabled,
    ownCodeExpiresAt: own ? own.expiresAt.toISOString() : null,
    adminsWithCode: new Set(live.map((c) => c.userId)).size,
  };
}

async function ensureRule(tx: TenantTx) {
  const tenantId = await tenantIdOf(tx);
  const found = await tx.monitoringRule.findFirst({
    where: { name: BREAK_GLASS_RULE_NAME },
    select: { id: true, name: true, action: true, severity: true, condition: true },
  });
  if (found) return found;
  return tx.monitoringRule.create({
    data: {
      tenantId,
      name: BREAK_GLASS_RULE_NAME,
      type: "security_event",
      condition: "break_glass_logins > 0 in 1h",
      action: "alert_security_team",
      severity: "high",
      enabled: false,
      createdBy: "system",
    },
    select: { id: true, name: true, action: true, severity: true, condition: true },
  });
}

/** Turns break-glass on or off (admin, audited). Turning it off deletes every unused code. */
export async function setBreakGlass(
  tx: TenantTx,
  actor: Actor,
  enabled: boolean,
  ip?: string,
): Promise<BreakGlassState> {
  const tenantId = actor.tenantId!;
  const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { breakGlassEnabled: true } });
  if (before.breakGlassEnabled !== enabled) {
    await tx.tenant.update({ where: { id: tenantId }, data: { breakGlassEnabled: enabled } });
    let removed = 0;
    if (enabled) await ensureRule(tx);
    else removed = (await tx.breakGlassCode.deleteMany({ where: { usedAt: null } })).count;
    await appendAudit(tx, {
      action: enabled ? "break_glass.enable" : "break_glass.disable",
      outcome: "success",
      actor: auditActor(actor),
      target: { type: "tenant", id: tenantId },
      details: {
        before: { enabled: before.breakGlassEnabled },
        after: { enabled },
        ...(enabled ? {} : { codes_removed: removed }),
      },
      ip,
      requestId: actor.requestId,
    });
  }
  return breakGlassState(tx, actor);
}

/**
 * Issues the calling admin's one-time code, replacing their previous unused one. The code is
 * answered once; only its hash is stored. Refused (409) while break-glass is off, and for anyone
 * who is not an active built-in admin (the only people whose codes a sign-in accepts).
 */
export async function issueBreakGlassCode(
  tx: TenantTx,
  actor: Actor,
  ip?: string,
): Promise<{ code: string; expiresAt: string }> {
  const tenantId = actor.tenantId!;
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { breakGlassEnabled: true } });
  if (!tenant.breakGlassEnabled)
    throw new WardenError("conflict", "Break-glass sign-in is off for this organization. Turn it on first.");
  const user = actor.userId
    ? await tx.user.findUnique({
        where: { id: actor.userId },
        select: { role: true, active: true, customRoleId: true },
      })
    : null;
  if (!user || !user.active || user.role !== "admin" || user.customRoleId)
    throw new WardenError("user_not_authorized", "Only an admin of the organization can hold a break-glass code.");
  const replaced = (await tx.breakGlassCode.deleteMany({ where: { userId: actor.userId!, usedAt: null } })).count;
  const code = newCode();
  const expiresAt = new Date(Date.now() + BREAK_GLASS_CODE_HOURS * 3600_000);
  const id = `bgc_${randomUUID().replace(/-/g, "")}`;
  await tx.breakGlassCode.create({
    data: { id, tenantId, userId: actor.userId!, codeHash: hashBreakGlassCode(code), expiresAt },
  });
  await appendAudit(tx, {
    action: "break_glass.code_issued",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "break_glass_code", id },
    details: { expires_at: expiresAt.toISOString(), replaced },
    ip,
    requestId: actor.requestId,
  });
  return { code, expiresAt: expiresAt.toISOString() };
}

export interface BreakGlassSignInInput {
  tenantSlug: string;
  email: string;
  codes: [string, string];
  ip: string;
  userAgent?: string | null;
  requestId?: string;
}

type Outcome = { ok: true; userId: string; alertId: string | null } | { ok: false };

/**
 * The public sign-in. Answers a Set-Cookie-ready session, or throws the one 401 (or the
 * throttle's 429). Nothing in the answer says which check failed; the audit entry does.
 */
export async function breakGlassSignIn(input: BreakGlassSignInInput, opts: { db?: Database } = {}) {
  const email = input.email.trim().toLowerCase();
  await assertSignInAllowed(input.ip, email, opts.db);
  const fail = async (): Promise<never> => {
    await recordSignInFailure(input.ip, email, opts.db);
    throw refused();
  };
  const slug = input.tenantSlug.trim().toLowerCase();
  const tenantRef = /^[a-z0-9-]{1,100}$/.test(slug) ? await tenantBySlug(slug, opts.db) : null;
  if (!tenantRef) return fail();
  const hashes = input.codes.map(hashBreakGlassCode);

  const outcome = await withTenant(
    tenantRef.id,
    async (tx): Promise<Outcome> => {
      const refuse = async (reason: string, userId?: string): Promise<Outcome> => {
        await appendAudit(tx, {
          action: "auth.break_glass_refused",
          outcome: "denied",
          actor: { kind: "user", subject: userId ?? "break_glass:unknown", userId, authMethod: "session" },
          target: { type: "tenant", id: tenantRef.id },
          details: { reason },
          ip: input.ip,
          requestId: input.requestId,
        });
        return { ok: false };
      };
      const tenant = await tx.tenant.findUniqueOrThrow({
        where: { id: tenantRef.id },
        select: { breakGlassEnabled: true, suspendedAt: true, networkConsole: true },
      });
      if (!tenant.breakGlassEnabled) return refuse("disabled");
      if (tenant.suspendedAt) return refuse("tenant_suspended");
      if (!consoleAllows(tenant.networkConsole, input.ip)) return refuse("ip_not_allowed");
      const person = await tx.user.findUnique({
        where: { tenantId_email: { tenantId: tenantRef.id, email } },
        select: { id: true, role: true, active: true, customRoleId: true },
      });
      if (!person || !person.active || person.role !== "admin" || person.customRoleId)
        return refuse("not_an_admin", person?.id);
      if (hashes[0] === hashes[1]) return refuse("same_code", person.id);
      const now = new Date();
      const codes = await tx.breakGlassCode.findMany({
        where: { codeHash: { in: hashes } },
        select: {
          id: true,
          userId: true,
          usedAt: true,
          expiresAt: true,
          user: { select: { role: true, active: true, customRoleId: true } },
        },
      });
      if (codes.length !== 2) return refuse("unknown_code", person.id);
      if (codes.some((c) => c.usedAt)) return refuse("code_used", person.id);
      if (codes.some((c) => c.expiresAt <= now)) return refuse("code_expired", person.id);
      if (codes[0].userId === codes[1].userId) return refuse("same_admin", person.id);
      if (codes.some((c) => !c.user.active || c.user.role !== "admin" || c.user.customRoleId))
        return refuse("holder_not_admin", person.id);
      // Single use under concurrency: both rows must still be unused when this statement claims them.
      const claimed = await tx.breakGlassCode.updateMany({
        where: { id: { in: codes.map((c) => c.id) }, usedAt: null },
        data: { usedAt: now },
      });
      if (claimed.count !== 2) throw refused(); // rolls back the claim of the other one
      const holders = codes.map((c) => c.userId).sort();
      const rule = await ensureRule(tx);
      const attempt = randomUUID();
      const alertId = await raiseAlert(
        tx,
        rule,
        {
          key: `break_glass:${attempt}`,
          value: 1,
          label: "Break-glass sign-in: two admins' one-time codes used",
          evidence: [],
        },
        now,
        { signed_in_user_id: person.id, code_holder_ids: holders },
      );
      await appendAudit(tx, {
        action: "auth.break_glass_login",
        outcome: "success",
        actor: { kind: "user", subject: person.id, userId: person.id, authMethod: "session" },
        target: { type: "tenant", id: tenantRef.id },
        details: { code_holder_ids: holders, alert_id: alertId, session_minutes: BREAK_GLASS_SESSION_MINUTES },
        ip: input.ip,
        requestId: input.requestId,
      });
      return { ok: true, userId: person.id, alertId };
    },
    { db: opts.db },
  );
  if (!outcome.ok) return fail();
  const cookie = await issueSessionCookie(
    outcome.userId,
    tenantRef.id,
    false,
    {
      method: "break_glass",
      providerName: "Break-glass",
      ip: input.ip,
      userAgent: input.userAgent,
      requestId: input.requestId,
      maxMinutes: BREAK_GLASS_SESSION_MINUTES,
    },
    opts,
  );
  return { cookie, tenantSlug: tenantRef.slug, alertId: outcome.alertId };
}
