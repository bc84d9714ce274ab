// Erasure (GDPR Art. 17) of one person, in ONE tenant transaction. Access ends first (sessions,
// API keys, virtual keys, account), then personal data goes: the user row keeps its id (usage,
// consent and audit rows reference it) but loses name, e-mail and IdP ids; memberships, stored
// bodies, the person's audit_subjects rows and the raw IPs of their audit entries are deleted or
// blanked. The audit chain is untouched: its sealed fields hold only pseudonymous refs, so it
// still verifies (ADR 0008). A keyed hash of the e-mail is kept so sign-in refuses the person,
// and so no path (console or /v1 user creation, SCIM create or e-mail change, SSO JIT) can
// create the person again: they all ask erasedSubjectFor().
import "server-only";
import { endSessions } from "@/lib/auth/sessions/records";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditActorRef } from "@/lib/audit/append";
import { AuditedRefusal } from "@/lib/audit/refusal";
import { WardenError } from "@/lib/errors";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { erasedEmailRef, erasedSubjectFor, normaliseEmail } from "@/lib/audit/erased-subjects";
import { subjectRefs } from "./bundle";

export interface ErasureResult {
  sessions_revoked: boolean;
  api_keys_revoked: number;
  virtual_keys_revoked: number;
  memberships_deleted: number;
  bodies_deleted: number;
  audit_identities_deleted: number;
  audit_ips_blanked: number;
  request_notes_cleared: number;
  provisioning_log_cleared: number;
}

export async function eraseSubject(
  tx: TenantTx,
  userId: string,
  requestId: string,
  now = new Date(),
): Promise<{ result: ErasureResult; email: string }> {
  const tenantId = await tenantIdOf(tx);
  const u = await tx.user.findUnique({ where: { id: userId } });
  if (!u) throw new WardenError("not_found", "User not found");
  if (u.email.endsWith("@erased.invalid")) throw new WardenError("conflict", "This person has already been erased");
  const refs = await subjectRefs(tx, u.id, u.email);

  const apiKeys = await tx.apiKey.updateMany({ where: { createdBy: u.id, revokedAt: null }, data: { revokedAt: now } });
  const vks = await tx.virtualKey.updateMany({ where: { userId: u.id, revokedAt: null }, data: { revokedAt: now } });
  const memberships = await tx.teamMembership.deleteMany({ where: { userId: u.id } });
  // IdP subjects (often the address itself, for SAML) go too; a returning person meets the erased list.
  await tx.userIdentity.deleteMany({ where: { userId: u.id } });
  // Console sessions end (audited, account_disabled: the sign-in page says so) and lose the
  // person's addresses and browsers.
  await endSessions(tx, { userId: u.id }, "account_disabled");
  await tx.consoleSession.updateMany({ where: { userId: u.id }, data: { ip: null, device: null } });
  const bodies = await tx.gatewayBody.deleteMany({ where: { userId: u.id } });
  const notes = await tx.privacyRequest.updateMany({
    where: { subjectUserId: u.id, note: { not: null } },
    data: { note: null },
  });
  const ips = await tx.$executeRaw(Prisma.sql`UPDATE audit_entries SET ip = NULL
    WHERE ip IS NOT NULL AND (actor_ref IN (${Prisma.join(refs)}) OR (target_type = 'user' AND target_id = ${u.id}))`);
  const subjects = await tx.auditSubject.deleteMany({ where: { actorRef: { in: refs } } });
  // The SCIM provisioning log names the person: entries about them, and any whose bodies carry
  // their id (group members, a manager) or address, lose their details and bodies.
  const scimLog =
    await tx.$executeRaw(Prisma.sql`UPDATE scim_events SET detail = NULL, request_body = NULL, response_body = NULL
    WHERE (resource_type = 'User' AND resource_id = ${u.id})
       OR strpos(coalesce(request_body::text, '') || coalesce(response_body::text, ''), ${u.id}) > 0
       OR strpos(lower(coalesce(request_body::text, '') || coalesce(response_body::text, '')), ${normaliseEmail(u.email)}) > 0`);
  await tx.user.update({
    where: { id: u.id },
    data: {
      email: `erased-${u.id}@erased.invalid`,
      name: "Erased person",
      givenName: null,
      familyName: null,
      externalId: null,
      scimExternalId: null,
      active: false,
      sessionsRevokedAt: now,
      customRoleId: null,
      role: "viewer",
      scimManaged: false,
      // The SCIM document (phones, addresses, titles, manager, ...) goes too; the users trigger
      // rebuilds it from the pseudonymised columns above, so SCIM reads stay well-formed.
      scimDocument: {},
    },
  });
  const emailRef = await erasedEmailRef(tx, u.email);
  await tx.erasedSubject.upsert({
    where: { tenantId_emailRef: { tenantId, emailRef } },
    update: { requestId, erasedAt: now },
    create: { tenantId, emailRef, requestId, erasedAt: now },
  });
  return {
    email: u.email,
    result: {
      sessions_revoked: true,
      api_keys_revoked: apiKeys.count,
      virtual_keys_revoked: vks.count,
      memberships_deleted: memberships.count,
      bodies_deleted: bodies.count,
      audit_identities_deleted: subjects.count,
      audit_ips_blanked: Number(ips),
      request_notes_cleared: notes.count,
      provisioning_log_cleared: Number(scimLog),
    },
  };
}

export const ERASED_REFUSED = "privacy.erased_subject.refused" as const;

/**
 * Refuses (409 conflict, audited as privacy.erased_subject.refused after the rollback) to
 * create a user with, or move a user to, an erased person's address. `via` names the path.
 * The audit details carry no address: only the erasure request's id and the path.
 */
export async function assertNotErased(
  tx: TenantTx,
  who: { tenantId: string; requestId?: string; actor: AuditActorRef },
  email: string,
  via: "users_api" | "scim_create" | "scim_update",
  target?: { type: string; id: string },
): Promise<void> {
  const hit = await erasedSubjectFor(tx, email);
  if (!hit) return;
  throw new AuditedRefusal(
    "conflict",
    "This e-mail address belongs to a person whose data was erased; it cannot be provisioned again",
    {
      action: ERASED_REFUSED,
      outcome: "denied",
      actor: who.actor,
      requestId: who.requestId,
      target: target ?? { type: "privacy_request", id: hit.requestId },
      details: { via, erasure_request_id: hit.requestId },
    },
  );
}
