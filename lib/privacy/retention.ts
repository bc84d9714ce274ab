// Retention per data class, per tenant: audit entries (the existing audit retention,
// audit_settings.retention_days, pruned by lib/audit/retention.ts with a signed anchor), usage
// records and stored request bodies (retention_settings). The job (`npm run privacy:retention`)
// removes what is past its class's limit and reports the counts in a privacy.retention.run entry.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { pruneTenant } from "@/lib/audit/retention";
import type { Database } from "@/lib/db/runtime";
import { getDb } from "@/lib/db";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";

export const DATA_CLASSES = ["audit_entries", "usage_records", "request_bodies"] as const;
export type DataClass = (typeof DATA_CLASSES)[number];
const days = z.number().int().min(1).max(3650).nullable().optional();
export const retentionSchema = z
  .object({ audit_entries: days, usage_records: days, request_bodies: days })
  .refine((v) => DATA_CLASSES.some((c) => v[c] !== undefined), {
    message: "Set at least one data class (days, or null to keep)",
  });
export const retentionRunSchema = z.object({
  dry_run: z.boolean().describe("Count what would be removed without removing it"),
});

const keep = z.number().int().nullable();
/** Retention in days per data class; null = kept. */
export const retentionView = z
  .object({
    audit_entries: keep.describe("Days; null = kept"),
    usage_records: keep.describe("Days; null = kept"),
    request_bodies: keep.describe("Days; null = kept"),
  })
  .meta({ id: "Retention" });
export type RetentionView = z.infer<typeof retentionView>;

export async function getRetention(tx: TenantTx): Promise<RetentionView> {
  const [audit, rows] = await Promise.all([tx.auditSettings.findFirst(), tx.retentionSetting.findMany()]);
  const of = (c: DataClass) => rows.find((r) => r.dataClass === c)?.days ?? null;
  return {
    audit_entries: audit?.retentionDays ?? null,
    usage_records: of("usage_records"),
    request_bodies: of("request_bodies"),
  };
}

export async function putRetention(
  tx: TenantTx,
  actor: Actor,
  v: z.infer<typeof retentionSchema>,
): Promise<RetentionView> {
  const before = await getRetention(tx);
  if (v.audit_entries !== undefined) {
    await tx.auditSettings.upsert({
      where: { tenantId: actor.tenantId },
      update: { retentionDays: v.audit_entries },
      create: { tenantId: actor.tenantId, retentionDays: v.audit_entries },
    });
  }
  for (const c of ["usage_records", "request_bodies"] as const) {
    const d = v[c];
    if (d === undefined) continue;
    if (d === null) await tx.retentionSetting.deleteMany({ where: { dataClass: c } });
    else
      await tx.retentionSetting.upsert({
        where: { tenantId_dataClass: { tenantId: actor.tenantId, dataClass: c } },
        update: { days: d },
        create: { tenantId: actor.tenantId, dataClass: c, days: d },
      });
  }
  const after = await getRetention(tx);
  await appendAudit(tx, {
    action: "privacy.retention.updated",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "tenant", id: actor.tenantId },
    details: { before, after },
    requestId: actor.requestId,
  });
  return after;
}

const perClass = <T extends z.ZodType>(t: T) => z.object({ audit_entries: t, usage_records: t, request_bodies: t });
/** One retention pass: what was (or, on a dry run, would be) removed per data class, and each cutoff. */
export const retentionReportView = z
  .object({
    tenant_id: z.string(),
    dry_run: z.boolean(),
    removed: perClass(z.number().int()).describe("Rows removed (counted on a dry run)"),
    cutoffs: perClass(z.iso.datetime().nullable()).describe("Everything older was removed; null = the class is kept"),
    audit_skipped: z.string().optional().describe("Why audit pruning did not run (e.g. no anchor checkpoint yet)"),
  })
  .meta({ id: "RetentionRun" });
export type RetentionReport = z.infer<typeof retentionReportView>;

const SYSTEM = { kind: "system", subject: "system", authMethod: "system" as const };

/** One tenant's retention pass. Audit pruning runs first in its own (owner) transaction. */
export async function runRetention(
  tenantId: string,
  opts: { db?: Database; now?: Date; dryRun?: boolean; actor?: Actor } = {},
): Promise<RetentionReport> {
  const db = opts.db ?? (await getDb());
  const now = opts.now ?? new Date();
  const dryRun = opts.dryRun ?? false;
  const cut = (d: number | null) => (d ? new Date(now.getTime() - d * 86_400_000) : null);
  const settings = await withTenant(tenantId, (tx) => getRetention(tx), { db });
  const cutoffs = {
    audit_entries: cut(settings.audit_entries),
    usage_records: cut(settings.usage_records),
    request_bodies: cut(settings.request_bodies),
  };
  const report: RetentionReport = {
    tenant_id: tenantId,
    dry_run: dryRun,
    removed: { audit_entries: 0, usage_records: 0, request_bodies: 0 },
    cutoffs: {
      audit_entries: cutoffs.audit_entries?.toISOString() ?? null,
      usage_records: cutoffs.usage_records?.toISOString() ?? null,
      request_bodies: cutoffs.request_bodies?.toISOString() ?? null,
    },
  };
  if (cutoffs.audit_entries && !dryRun) {
    const p = await pruneTenant(tenantId, { db, now });
    report.removed.audit_entries = p.pruned;
    if (p.skipped) report.audit_skipped = p.skipped;
  }
  await withTenant(
    tenantId,
    async (tx) => {
      if (cutoffs.audit_entries && dryRun)
        report.removed.audit_entries = await tx.auditEntry.count({ where: { ts: { lt: cutoffs.audit_entries } } });
      if (cutoffs.usage_records) {
        const where = { ts: { lt: cutoffs.usage_records } };
        report.removed.usage_records = dryRun
          ? await tx.usageRecord.count({ where })
          : (await tx.usageRecord.deleteMany({ where })).count;
      }
      if (cutoffs.request_bodies) {
        const where = { createdAt: { lt: cutoffs.request_bodies } };
        report.removed.request_bodies = dryRun
          ? await tx.gatewayBody.count({ where })
          : (await tx.gatewayBody.deleteMany({ where })).count;
      }
      await appendAudit(tx, {
        action: "privacy.retention.run",
        outcome: "success",
        actor: opts.actor ? auditActor(opts.actor) : SYSTEM,
        target: { type: "tenant", id: tenantId },
        details: {
          dry_run: dryRun,
          removed: report.removed,
          cutoffs: report.cutoffs,
          ...(report.audit_skipped ? { audit_skipped: report.audit_skipped } : {}),
        },
        requestId: opts.actor?.requestId,
      });
    },
    { db },
  );
  return report;
}
