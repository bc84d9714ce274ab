// First admins invited by e-mail (ADR 0038). When an operator creates a tenant with
// invite_first_admin, the tenant gets no first admin yet: an invitation row (the token's SHA-256
// only, never the token) and an e-mail through the platform's SMTP server (WARDEN_PLATFORM_SMTP_URL,
// the one outbound guard, TLS unless the host is in WARDEN_OUTBOUND_ALLOW). The mail is sent inside
// the creating transaction, so a tenant whose invitation could not be sent is not created.
//
// The token is `<payload>.<secret>.<mac>`: the payload names the tenant, the invitation and the
// expiry, the MAC (HMAC-SHA256 under a key derived from AUTH_SECRET) lets a forged or altered link
// be refused before any database read, and the random secret makes the stored hash unguessable.
// Accepting (a POST from /invite, never the GET a mail scanner may follow) is once: the row is
// marked accepted only if it still was not, and the invited address becomes the tenant's first
// admin, admitted as admin at their first single sign-on (lib/auth/sso/sign-in.ts).
import "server-only";
import { createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import nodemailer from "nodemailer";
import { appendAudit } from "@/lib/audit/append";
import { hashToken, sameHash } from "@/lib/crypto/tokens";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { resolveOutbound, urlProblem } from "@/lib/net/outbound";
import { smtpOptions } from "@/lib/notifications/channels";
import { isTenantSuspended } from "@/lib/tenancy/suspension";
import { tenantById } from "@/lib/tenancy/system";
import { withTenant, type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

export const INVITATION_TTL_HOURS_DEFAULT = 72;

export function invitationTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const h = Number(env.WARDEN_INVITATION_TTL_HOURS ?? INVITATION_TTL_HOURS_DEFAULT);
  return (Number.isFinite(h) && h > 0 && h <= 24 * 30 ? h : INVITATION_TTL_HOURS_DEFAULT) * 3600_000;
}

/** The platform's SMTP server for invitations, or null (then inviting is refused with a clear 400). */
export function platformSmtp(env: NodeJS.ProcessEnv = process.env): { url: string; from: string } | null {
  const url = env.WARDEN_PLATFORM_SMTP_URL?.trim();
  if (!url) return null;
  return { url, from: env.WARDEN_PLATFORM_SMTP_FROM?.trim() || "warden-platform@localhost" };
}

export function assertInvitationsConfigured(): void {
  const smtp = platformSmtp();
  if (!smtp)
    throw new WardenError(
      "invalid_request",
      "Inviting by e-mail needs the platform's SMTP server (WARDEN_PLATFORM_SMTP_URL); without it, leave the first admin to be admitted at their first sign-in",
    );
  const problem = urlProblem(smtp.url, { kind: "smtp" });
  if (problem) throw new WardenError("invalid_request", `WARDEN_PLATFORM_SMTP_URL: ${problem}`);
}

function macKey(): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new WardenError("internal_error", "AUTH_SECRET is not set");
  return Buffer.from(hkdfSync("sha256", secret, "", "warden admin invitation v1", 32));
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString("base64url");

interface Payload {
  t: string;
  i: string;
  e: number;
}

function mintToken(p: Payload): string {
  const head = `${b64(JSON.stringify(p))}.${b64(randomBytes(32))}`;
  return `${head}.${b64(createHmac("sha256", macKey()).update(head).digest())}`;
}

/** The payload of a well-formed, correctly signed token, else null. Reads nothing. */
function openToken(token: string): Payload | null {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 600) return null;
  const head = `${parts[0]}.${parts[1]}`;
  const want = createHmac("sha256", macKey()).update(head).digest();
  const got = Buffer.from(parts[2], "base64url");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const p = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as Payload;
    return typeof p.t === "string" && typeof p.i === "string" && typeof p.e === "number" ? p : null;
  } catch {
    return null;
  }
}

function publicBase(): string {
  return (process.env.WARDEN_PUBLIC_URL ?? process.env.AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}

/**
 * Inside the tenant-creating transaction: stores the invitation, audits it in the tenant's chain
 * and sends the mail. Throws (rolling the tenant back) when the mail cannot be handed to SMTP.
 */
export async function inviteFirstAdmin(
  tx: TenantTx,
  tenantName: string,
  email: string,
  operatorId: string,
  requestId?: string,
): Promise<{ expiresAt: Date }> {
  const tenantId = await tenantIdOf(tx);
  const smtp = platformSmtp();
  if (!smtp) throw new WardenError("invalid_request", "WARDEN_PLATFORM_SMTP_URL is not set");
  const id = `inv_${randomUUID().replace(/-/g, "")}`;
  const expiresAt = new Date(Date.now() + invitationTtlMs());
  const token = mintToken({ t: tenantId, i: id, e: expiresAt.getTime() });
  await tx.adminInvitation.create({
    data: { id, tenantId, email, tokenHash: hashToken(token), expiresAt, createdBy: operatorId },
  });
  await appendAudit(tx, {
    action: "tenant.invitation_sent",
    outcome: "success",
    actor: { kind: "operator", subject: operatorId, authMethod: "session" },
    target: { type: "invitation", id },
    // The address stays out of the chain (it carries no personal data of a person who is not a user yet).
    details: { role: "admin", expires_at: expiresAt.toISOString() },
    requestId,
  });
  const link = `${publicBase()}/invite?token=${encodeURIComponent(token)}`;
  const target = await resolveOutbound(smtp.url, { kind: "smtp" });
  const transport = nodemailer.createTransport(smtpOptions(target));
  try {
    await transport.sendMail({
      from: smtp.from,
      to: email,
      subject: `You are invited to administer ${tenantName} in Warden`,
      text: [
        `You have been invited as the first administrator of ${tenantName} in Warden.`,
        "",
        `Accept the invitation (once, before ${expiresAt.toUTCString()}):`,
        link,
        "",
        "Accepting takes you to your organization's single sign-on; sign in with this address and you hold the admin role.",
      ].join("\n"),
      headers: { "X-Warden-Invitation": id },
    });
  } catch (e) {
    const err = e as { code?: string; responseCode?: number };
    throw new WardenError(
      "upstream_error",
      `The invitation could not be sent (SMTP ${target.url.hostname}:${target.port}: ${err.code ?? "error"}${err.responseCode ? ` ${err.responseCode}` : ""}); the tenant was not created`,
    );
  } finally {
    transport.close();
  }
  return { expiresAt };
}

export type AcceptOutcome =
  | {
      ok: true;
      tenantSlug: string;
      email: string;
      signIn: { type: "oidc"; providerId: string } | { type: "saml" } | { type: "none" };
    }
  | { ok: false; reason: "invalid" | "expired" | "used" | "suspended" };

/**
 * Accepts an invitation once: a bad signature, an unknown or expired invitation, or one already
 * accepted is refused (and the refusal audited when the tenant is known). On success the invited
 * address becomes the tenant's first admin and the answer says where they sign in.
 */
export async function acceptInvitation(
  token: string,
  opts: { ip?: string; db?: Database; now?: Date } = {},
): Promise<AcceptOutcome> {
  const p = openToken(token.trim());
  if (!p) return { ok: false, reason: "invalid" };
  const tenant = await tenantById(p.t, opts.db);
  if (!tenant) return { ok: false, reason: "invalid" };
  if (await isTenantSuspended(tenant.id, opts.db)) return { ok: false, reason: "suspended" };
  const now = opts.now ?? new Date();
  const outcome = await withTenant(
    tenant.id,
    async (tx): Promise<AcceptOutcome> => {
      const row = await tx.adminInvitation.findFirst({ where: { id: p.i } });
      if (!row || !sameHash(row.tokenHash, hashToken(token.trim()))) return { ok: false, reason: "invalid" };
      const refuse = async (reason: "expired" | "used"): Promise<AcceptOutcome> => {
        await appendAudit(tx, {
          action: "tenant.invitation_refused",
          outcome: "failure",
          actor: { kind: "anonymous", subject: "invitation" },
          ip: opts.ip,
          target: { type: "invitation", id: row.id },
          details: { reason },
        });
        return { ok: false, reason };
      };
      if (row.acceptedAt) return refuse("used");
      if (row.expiresAt <= now) return refuse("expired");
      const n = await tx.adminInvitation.updateMany({
        where: { id: row.id, acceptedAt: null },
        data: { acceptedAt: now },
      });
      if (n.count !== 1) return refuse("used");
      await tx.tenant.update({ where: { id: tenant.id }, data: { firstAdminEmail: row.email } });
      await appendAudit(tx, {
        action: "tenant.invitation_accepted",
        outcome: "success",
        actor: { kind: "anonymous", subject: "invitation" },
        ip: opts.ip,
        target: { type: "invitation", id: row.id },
        details: { role: "admin" },
      });
      const idp = await tx.identityProvider.findFirst({
        where: { enabled: true },
        orderBy: { createdAt: "asc" },
        select: { id: true, type: true },
      });
      const signIn = !idp
        ? ({ type: "none" } as const)
        : idp.type === "saml"
          ? ({ type: "saml" } as const)
          : ({ type: "oidc", providerId: idp.id } as const);
      return { ok: true, tenantSlug: tenant.slug, email: row.email, signIn };
    },
    { db: opts.db },
  );
  return outcome;
}
