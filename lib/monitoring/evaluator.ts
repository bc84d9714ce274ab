// Rule evaluation for one tenant. Two triggers share it (docs/decisions/0007):
//   events   - new audit entries since the tenant's cursor: the rules whose metric those
//              actions feed are evaluated at once (exports are judged one by one);
//   schedule - every rule, at most every MONITOR_EVAL_INTERVAL_MS, for window and state metrics.
// A rule fires at most once per dedupe key (window bucket, budget window, export entry).
// require_approval rules are enforced by the approval gate before the action runs; evaluation
// skips them so an approved export does not alert twice.
import "server-only";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { raiseAlert } from "./alerts";
import { compare, parseCondition, type Metric } from "./condition";
import { measure, METRIC_ACTIONS } from "./metrics";

export interface EvaluationResult {
  evaluated: number;
  fired: string[];
  entries: number;
  cursor: number;
}

const MAX_ENTRIES = 5000;

function evalInterval(): number {
  const n = Number(process.env.MONITOR_EVAL_INTERVAL_MS ?? 60_000);
  return Number.isFinite(n) && n >= 0 ? n : 60_000;
}

export async function evaluateTenant(
  tx: TenantTx,
  now: Date = new Date(),
  opts: { force?: boolean } = {},
): Promise<EvaluationResult> {
  const tenantId = await tenantIdOf(tx);
  const settings =
    (await tx.monitoringSettings.findFirst()) ?? (await tx.monitoringSettings.create({ data: { tenantId } }));
  const cursor = Number(settings.cursorSeq);
  const entries = await tx.auditEntry.findMany({
    where: { seq: { gt: settings.cursorSeq } },
    orderBy: { seq: "asc" },
    take: MAX_ENTRIES,
    select: { id: true, seq: true, action: true, ts: true },
  });
  const scheduled =
    opts.force || !settings.lastEvaluatedAt || now.getTime() - settings.lastEvaluatedAt.getTime() >= evalInterval();
  const rules = await tx.monitoringRule.findMany({
    where: { enabled: true, action: { not: "require_approval" } },
    orderBy: { createdAt: "asc" },
  });
  const arrived = new Set(entries.map((e) => e.action));
  const fired: string[] = [];
  let evaluated = 0;
  for (const rule of rules) {
    let cond;
    try {
      cond = parseCondition(rule.condition);
    } catch {
      continue; // stored rules are validated on write; a rule from an older grammar is skipped, not fatal
    }
    const touched = METRIC_ACTIONS[cond.metric as Metric].some((a) => arrived.has(a));
    if (!scheduled && !touched) continue;
    evaluated++;
    const perExport = cond.metric === "data_export_size" && !cond.windowMs;
    // First run (cursor 0): per-export rules look at the last day only, not the whole history.
    const exportIds =
      perExport && cursor > 0
        ? entries.filter((e) => METRIC_ACTIONS.data_export_size.includes(e.action)).map((e) => e.id)
        : undefined;
    for (const f of await measure(tx, cond, now, { exportEntryIds: exportIds })) {
      if (!compare(f.value, cond.op, cond.threshold)) continue;
      const id = await raiseAlert(tx, rule, f, now);
      if (id) fired.push(id);
    }
  }
  const last = entries.length ? entries[entries.length - 1].seq : settings.cursorSeq;
  await tx.monitoringSettings.update({
    where: { tenantId },
    data: { cursorSeq: last, ...(scheduled ? { lastEvaluatedAt: now } : {}) },
  });
  return { evaluated, fired, entries: entries.length, cursor: Number(last) };
}
