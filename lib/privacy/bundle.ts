// The access/export bundle of a data subject request: everything Warden holds about one person in
// the current tenant (RLS scopes every query), machine-readable. Rows are selected by the person's
// ids -- their user id, and the pseudonymous refs under which their sign-in attempts were audited
// (audit_subjects rows with their e-mail) -- never by name, so a namesake is never swept in.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { openSecret } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { WardenError } from "@/lib/errors";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export const BUNDLE_FORMAT = "warden.privacy.export/v1";

/** The audit refs of a person: their user id and pseudonyms recorded with their e-mail. */
export async function subjectRefs(tx: TenantTx, userId: string, email: string): Promise<string[]> {
  const rows = await tx.auditSubject.findMany({
    where: { email: { equals: email, mode: "insensitive" } },
    select: { actorRef: true },
  });
  return [...new Set([userId, ...rows.map((r) => r.actorRef)])];
}

export async function buildBundle(tx: TenantTx, userId: string, now = new Date()) {
  const u = await tx.user.findUnique({
    where: { id: userId },
    include: {
      customRole: { select: { id: true, name: true, permissions: true } },
      memberships: { include: { team: { select: { id: true, name: true } } } },
    },
  });
  if (!u) throw new WardenError("not_found", "User not found");
  const refs = await subjectRefs(tx, u.id, u.email);
  await tenantKeyFor(tx); // stored bodies open with the tenant's key (ADR 0035)
  const [apiKeys, virtualKeys, usage, consents, requests, subjects, bodies, audit] = await Promise.all([
    tx.apiKey.findMany({
      where: { createdBy: u.id },
      select: {
        id: true,
        name: true,
        prefix: true,
        role: true,
        scopes: true,
        source: true,
        createdAt: true,
        expiresAt: true,
        lastUsedAt: true,
        revokedAt: true,
      },
      orderBy: { createdAt: "asc" },
    }),
    tx.virtualKey.findMany({
      where: { userId: u.id },
      select: {
        id: true,
        name: true,
        prefix: true,
        teamId: true,
        allowedModels: true,
        allowedProviders: true,
        createdAt: true,
        expiresAt: true,
        revokedAt: true,
      },
      orderBy: { createdAt: "asc" },
    }),
    tx.usageRecord.findMany({
      where: { userId: u.id },
      select: {
        id: true,
        requestId: true,
        virtualKeyId: true,
        provider: true,
        model: true,
        promptTokens: true,
        completionTokens: true,
        costUsd: true,
        status: true,
        ts: true,
      },
      orderBy: { ts: "asc" },
      take: 100_000,
    }),
    tx.consentRecord.findMany({ where: { userId: u.id }, orderBy: { at: "asc" } }),
    tx.privacyRequest.findMany({
      where: { subjectUserId: u.id },
      select: { id: true, kind: true, status: true, dueAt: true, createdAt: true, completedAt: true },
      orderBy: { createdAt: "asc" },
    }),
    tx.auditSubject.findMany({
      where: { actorRef: { in: refs } },
      select: { actorRef: true, displayName: true, email: true },
    }),
    tx.gatewayBody.findMany({ where: { userId: u.id }, orderBy: { createdAt: "asc" }, take: 10_000 }),
    tx.$queryRaw<
      {
        id: string;
        seq: bigint;
        ts: Date;
        actor_ref: string;
        action: string;
        target_type: string | null;
        target_id: string | null;
        outcome: string;
        ip: string | null;
        details: unknown;
      }[]
    >(Prisma.sql`
      SELECT id, seq, ts, actor_ref, action, target_type, target_id, outcome, ip, details FROM audit_entries
       WHERE actor_ref IN (${Prisma.join(refs)}) OR (target_id = ${u.id})
       ORDER BY seq LIMIT 100000`),
  ]);
  return {
    format: BUNDLE_FORMAT,
    generated_at: now.toISOString(),
    tenant_id: u.tenantId,
    subject: { user_id: u.id, audit_refs: refs },
    profile: {
      id: u.id,
      email: u.email,
      name: u.name,
      given_name: u.givenName,
      family_name: u.familyName,
      active: u.active,
      external_id: u.externalId,
      scim_external_id: u.scimExternalId,
      scim_attributes: u.scimDocument,
      created_at: u.createdAt,
      last_login_at: u.lastLoginAt,
    },
    roles: {
      role: u.role,
      custom_role: u.customRole
        ? { id: u.customRole.id, name: u.customRole.name, permissions: u.customRole.permissions }
        : null,
    },
    memberships: u.memberships.map((m) => ({
      team_id: m.team.id,
      team: m.team.name,
      role: m.role,
      source: m.source,
      since: m.createdAt,
    })),
    api_keys: apiKeys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      role: k.role,
      scopes: k.scopes,
      source: k.source,
      created_at: k.createdAt,
      expires_at: k.expiresAt,
      last_used_at: k.lastUsedAt,
      revoked_at: k.revokedAt,
    })),
    virtual_keys: virtualKeys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      team_id: k.teamId,
      allowed_models: k.allowedModels,
      allowed_providers: k.allowedProviders,
      created_at: k.createdAt,
      expires_at: k.expiresAt,
      revoked_at: k.revokedAt,
    })),
    usage: usage.map((r) => ({
      id: r.id,
      request_id: r.requestId,
      virtual_key_id: r.virtualKeyId,
      provider: r.provider,
      model: r.model,
      prompt_tokens: r.promptTokens,
      completion_tokens: r.completionTokens,
      cost_usd: r.costUsd.toString(),
      status: r.status,
      ts: r.ts,
    })),
    consents: consents.map((c) => ({
      id: c.id,
      purpose: c.purpose,
      status: c.status,
      source: c.source,
      recorded_by: c.recordedBy,
      at: c.at,
    })),
    privacy_requests: requests.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      due_at: r.dueAt,
      created_at: r.createdAt,
      completed_at: r.completedAt,
    })),
    audit_identities: subjects.map((s) => ({ ref: s.actorRef, display_name: s.displayName, email: s.email })),
    audit_entries: audit.map((e) => ({
      id: e.id,
      seq: Number(e.seq),
      ts: e.ts,
      actor_ref: e.actor_ref,
      action: e.action,
      target_type: e.target_type,
      target_id: e.target_id,
      outcome: e.outcome,
      ip: e.ip,
      details: e.details,
    })),
    stored_bodies: bodies.map((b) => ({
      id: b.id,
      request_id: b.requestId,
      model: b.model,
      created_at: b.createdAt,
      prompt: JSON.parse(openSecret(b.promptSealed)) as unknown,
      response: b.responseSealed ? openSecret(b.responseSealed) : null,
    })),
  };
}
export type ExportBundle = Awaited<ReturnType<typeof buildBundle>>;
