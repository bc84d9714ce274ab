// Tenant deletion after a grace period (ADR 0035): schedule (only a suspended tenant), cancel
// (explicitly, or by resuming), and the purge when due: the final chain head and a signed
// checkpoint are recorded, the tenant's rows in every table of every schema and its pg-boss jobs
// are deleted and its wrapped key is shredded (warden_platform.purge_tenant, the owner's narrow
// path), and a signed erasure certificate is kept in warden_platform. Every step is audited in the
// tenant's chain (while it exists) and in the platform log.
import "server-only";
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { takeCheckpoint } from "@/lib/audit/checkpoints";
import { forgetDerivedKeys, TENANT_KEY_PREFIX } from "@/lib/audit/keys";
import { signBytes, signingKey } from "@/lib/audit/signing";
import { forgetTenantKey } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { log } from "@/lib/observability/log";
import { forgetTenantStatus } from "@/lib/tenancy/suspension";
import { tenantById } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { platformLog, prismaOf } from "./operators";

export const CERTIFICATE_FORMAT = "warden-erasure-certificate-v1";
/** The signed bytes are this context plus the SHA-256 (hex) of the certificate's RFC 8785 JSON. */
export const CERTIFICATE_CONTEXT = "warden-erasure-certificate-v1\n";

export function graceDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WARDEN_TENANT_DELETE_GRACE_DAYS;
  if (raw === undefined || raw === "") return 30;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 3650 ? n : 30;
}

export const deletionView = z.object({
  tenant_id: z.string(),
  slug: z.string(),
  requested_by: z.string().describe("The operator id"),
  requested_at: z.string(),
  grace_days: z.number().int(),
  due_at: z.string().describe("When the purge may run (it runs at the next tenant.purge pass after this)"),
});
export type DeletionView = z.infer<typeof deletionView>;

export async function scheduledDeletions(db?: Database): Promise<DeletionView[]> {
  const prisma = await prismaOf(db);
  const rows = await prisma.$queryRaw<
    { tenant_id: string; slug: string; requested_by: string; requested_at: Date; grace_days: number; due_at: Date }[]
  >`
    SELECT tenant_id, slug, requested_by, requested_at, grace_days, due_at FROM warden_platform.tenant_deletions_list()`;
  return rows.map((r) => ({
    tenant_id: r.tenant_id,
    slug: r.slug,
    requested_by: r.requested_by,
    requested_at: r.requested_at.toISOString(),
    grace_days: Number(r.grace_days),
    due_at: r.due_at.toISOString(),
  }));
}

export function operatorOf(actor: Actor): string {
  if (actor.kind !== "operator") throw new WardenError("user_not_authorized", "Only platform operators may do this");
  return actor.subject;
}

/** POST /v1/platform/tenants/{id}/delete: the tenant must be suspended; due after the grace period. */
export async function scheduleTenantDeletion(actor: Actor, id: string, db?: Database): Promise<DeletionView> {
  const by = operatorOf(actor);
  if (!(await tenantById(id, db))) throw new WardenError("not_found", "No such tenant");
  const grace = graceDays();
  const prisma = await prismaOf(db);
  const rows = await prisma.$queryRaw<{ outcome: string; due_at: Date | null }[]>`
    SELECT outcome, due_at FROM warden_platform.schedule_tenant_deletion(${by}, ${id}, ${grace}::integer)`;
  const outcome = rows[0]?.outcome;
  if (outcome === "not_found") throw new WardenError("not_found", "No such tenant");
  if (outcome === "not_suspended")
    throw new WardenError("conflict", "Suspend the tenant before scheduling its deletion");
  if (outcome === "already_scheduled")
    throw new WardenError(
      "conflict",
      `The tenant's deletion is already scheduled (due ${rows[0].due_at?.toISOString()})`,
    );
  const dueAt = rows[0]!.due_at!.toISOString();
  await withTenant(
    id,
    (tx) =>
      appendAudit(tx, {
        action: "tenant.delete_scheduled",
        outcome: "success",
        actor: { kind: "operator", subject: by, authMethod: "session" },
        target: { type: "tenant", id },
        details: { grace_days: grace, due_at: dueAt },
        requestId: actor.requestId,
      }),
    { db },
  );
  await platformLog(by, "tenant.delete_scheduled", id, { grace_days: grace, due_at: dueAt }, db);
  const view = (await scheduledDeletions(db)).find((d) => d.tenant_id === id);
  if (!view) throw new WardenError("conflict", "The deletion was cancelled meanwhile");
  return view;
}

/** Cancels a scheduled deletion (explicitly, or when the tenant is resumed). Returns whether one was scheduled. */
export async function cancelTenantDeletion(actor: Actor, id: string, db?: Database): Promise<boolean> {
  const by = operatorOf(actor);
  if (!(await tenantById(id, db))) throw new WardenError("not_found", "No such tenant");
  const prisma = await prismaOf(db);
  const rows = await prisma.$queryRaw<
    { cancelled: boolean }[]
  >`SELECT warden_platform.cancel_tenant_deletion(${by}, ${id}) AS cancelled`;
  if (!rows[0]?.cancelled) return false;
  await withTenant(
    id,
    (tx) =>
      appendAudit(tx, {
        action: "tenant.delete_cancelled",
        outcome: "success",
        actor: { kind: "operator", subject: by, authMethod: "session" },
        target: { type: "tenant", id },
        details: {},
        requestId: actor.requestId,
      }),
    { db },
  );
  await platformLog(by, "tenant.delete_cancelled", id, {}, db);
  return true;
}

export interface ErasureCertificate {
  format: typeof CERTIFICATE_FORMAT;
  tenant: { id: string; slug: string };
  requested_by: string;
  requested_at: string;
  grace_days: number;
  due_at: string;
  purged_at: string;
  final_chain_head: { seq: number; hash: string } | null;
  last_checkpoint: { seq: number; hash: string; signed_at: string; key_id: string; signature: string } | null;
  deleted_rows: Record<string, number>;
  keys: {
    shredded: { kind: "tenant_key"; fingerprint: string; created_at: string; rows_destroyed: number }[];
    master_derived: { material: string; note: string }[];
  };
  signing_key_id: string;
}

export interface SignedCertificate {
  certificate: ErasureCertificate;
  signature: { alg: "Ed25519"; key_id: string; value: string };
}

/**
 * The one signing pattern for the platform's signed documents (the erasure certificate, the tenant
 * export's manifest): Ed25519 with the audit signing key over a domain-separating context plus the
 * SHA-256 (hex) of the document's RFC 8785 JSON.
 */
export function documentSignedBytes(context: string, doc: unknown): string {
  return context + createHash("sha256").update(canonicalize(doc)!).digest("hex");
}

export function signDocument(context: string, doc: unknown): { alg: "Ed25519"; key_id: string; value: string } {
  return { alg: "Ed25519", key_id: signingKey().keyId, value: signBytes(documentSignedBytes(context, doc)) };
}

/** The certificate file as served: RFC 8785 JSON, so any changed byte fails verification. */
export function certificateFile(s: SignedCertificate): string {
  return canonicalize(s)!;
}

/** Purges one tenant whose deletion is due. Returns its certificate. */
export async function purgeTenant(id: string, db?: Database): Promise<SignedCertificate> {
  const prisma = await prismaOf(db);
  const due = (await scheduledDeletions(db)).find((d) => d.tenant_id === id);
  if (!due || new Date(due.due_at) > new Date()) throw new WardenError("conflict", "The tenant's deletion is not due");

  // 1. The chain's last word and a signed checkpoint of its head (also in the file sink).
  const chain = await withTenant(
    id,
    async (tx) => {
      await appendAudit(tx, {
        action: "tenant.purge",
        outcome: "success",
        actor: { kind: "system", subject: "system" },
        target: { type: "tenant", id },
        details: { due_at: due.due_at },
      });
      const keyIds = await tx.$queryRaw<{ key_id: string; n: bigint; first: bigint; last: bigint }[]>`
        SELECT key_id, count(*) AS n, min(seq) AS first, max(seq) AS last FROM audit_entries GROUP BY key_id ORDER BY min(seq)`;
      return keyIds.map((k) => ({
        key_id: k.key_id,
        entries: Number(k.n),
        first: Number(k.first),
        last: Number(k.last),
      }));
    },
    { db },
  );
  const checkpoint = await takeCheckpoint(id, { db });
  const keyInfo = await prisma.$queryRaw<{ fingerprint: string; legacy: boolean; created_at: Date }[]>`
    SELECT fingerprint, legacy, created_at FROM warden_platform.tenant_key_info(${id})`;
  const tk = keyInfo[0] ?? null;

  // 2. Delete, shred, certify: one transaction (a failure to sign or store leaves everything in place).
  const signed = await prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<
        { r: Record<string, unknown> }[]
      >`SELECT warden_platform.purge_tenant(${id}) AS r`;
      const r = rows[0].r as {
        deleted_rows: Record<string, number>;
        key_rows_shredded: number;
        slug: string;
        requested_by: string;
        requested_at: string;
        grace_days: number;
        due_at: string;
        purged_at: string;
      };
      const master: { material: string; note: string }[] = [];
      for (const k of chain.filter((c) => !c.key_id.startsWith(TENANT_KEY_PREFIX))) {
        master.push({
          material: `audit chain key ${k.key_id}`,
          note: `HKDF of the deployment's audit master key: entries ${k.first}..${k.last} (${k.entries}) were sealed under it; those entries are deleted, the key cannot be shredded per tenant`,
        });
      }
      if (!tk || tk.legacy)
        master.push({
          material: "pseudonym key",
          note: "HKDF of the deployment's audit master key (the tenant existed before tenant keys): ip and subject pseudonyms were keyed with it; the rows holding them are deleted",
        });
      if (!tk)
        master.push({
          material: "sealed secrets",
          note: "the tenant had no tenant key: its secrets were sealed under the deployment's master encryption key (v1); the rows holding them are deleted",
        });
      else if (tk.legacy)
        master.push({
          material: "sealed secrets (v1)",
          note: "secrets sealed before the tenant key existed used the deployment's master encryption key; the rows holding them are deleted",
        });
      const ts = (v: string) => new Date(v).toISOString();
      const certificate: ErasureCertificate = {
        format: CERTIFICATE_FORMAT,
        tenant: { id, slug: r.slug },
        requested_by: r.requested_by,
        requested_at: ts(r.requested_at),
        grace_days: Number(r.grace_days),
        due_at: ts(r.due_at),
        purged_at: ts(r.purged_at),
        final_chain_head: checkpoint ? { seq: checkpoint.seq, hash: checkpoint.hash } : null,
        last_checkpoint: checkpoint
          ? {
              seq: checkpoint.seq,
              hash: checkpoint.hash,
              signed_at: checkpoint.signed_at,
              key_id: checkpoint.key_id,
              signature: checkpoint.signature,
            }
          : null,
        deleted_rows: Object.fromEntries(
          Object.entries(r.deleted_rows)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, Number(v)]),
        ),
        keys: {
          shredded: tk
            ? [
                {
                  kind: "tenant_key",
                  fingerprint: tk.fingerprint,
                  created_at: tk.created_at.toISOString(),
                  rows_destroyed: Number(r.key_rows_shredded),
                },
              ]
            : [],
          master_derived: master,
        },
        signing_key_id: signingKey().keyId,
      };
      const out: SignedCertificate = { certificate, signature: signDocument(CERTIFICATE_CONTEXT, certificate) };
      await tx.$queryRaw`SELECT 1 AS ok FROM warden_platform.complete_tenant_deletion(${id}, ${r.slug}, ${certificate.purged_at}::timestamptz, ${canonicalize(certificate)!}, ${out.signature.value}, ${out.signature.key_id})`;
      return out;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  forgetTenantKey(id);
  forgetDerivedKeys(id);
  forgetTenantStatus(id);
  log.info({ tenant: id, deleted_tables: Object.keys(signed.certificate.deleted_rows).length }, "tenant purged");
  return signed;
}

/** The tenant.purge job: every deletion that is due, one tenant at a time. */
export async function purgeDueTenants(db?: Database): Promise<{ purged: string[]; failed: string[] }> {
  const now = Date.now();
  const due = (await scheduledDeletions(db)).filter((d) => new Date(d.due_at).getTime() <= now);
  const purged: string[] = [];
  const failed: string[] = [];
  for (const d of due) {
    try {
      await purgeTenant(d.tenant_id, db);
      purged.push(d.tenant_id);
    } catch (e) {
      failed.push(d.tenant_id);
      log.error({ tenant: d.tenant_id, err: e }, "tenant purge failed");
    }
  }
  return { purged, failed };
}

export async function erasureCertificate(id: string, db?: Database): Promise<SignedCertificate> {
  const prisma = await prismaOf(db);
  const rows = await prisma.$queryRaw<{ certificate: string; signature: string; key_id: string }[]>`
    SELECT certificate, signature, key_id FROM warden_platform.erasure_certificate(${id})`;
  const r = rows[0];
  if (!r) throw new WardenError("not_found", "No erasure certificate for that tenant");
  return {
    certificate: JSON.parse(r.certificate) as ErasureCertificate,
    signature: { alg: "Ed25519", key_id: r.key_id, value: r.signature },
  };
}

export const erasedTenantView = z.object({ tenant_id: z.string(), slug: z.string(), purged_at: z.string() });

export async function erasedTenants(db?: Database): Promise<z.infer<typeof erasedTenantView>[]> {
  const prisma = await prismaOf(db);
  const rows = await prisma.$queryRaw<
    { tenant_id: string; slug: string; purged_at: Date }[]
  >`SELECT tenant_id, slug, purged_at FROM warden_platform.erasure_certificates_list()`;
  return rows.map((r) => ({ tenant_id: r.tenant_id, slug: r.slug, purged_at: r.purged_at.toISOString() }));
}
