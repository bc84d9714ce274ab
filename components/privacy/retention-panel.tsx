"use client";
// Retention per data class (days; empty = keep), and a run of the retention job now, dry or real.
import { Panel } from "@/components/ui/panel";
import { useState, useTransition } from "react";
import { useCan } from "@/components/rbac/can";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { actionErrorText } from "@/lib/http/action-result";
import { type PrivacyPageData } from "./types";
import { inputClass } from "@/components/ui/field";
import { usePrivacyActions } from "./use-privacy-actions";

const CLASSES = [
  ["audit_entries", "Audit entries", "Pruned with a signed anchor, so the remaining chain still verifies."],
  ["usage_records", "Usage records", "Gateway usage and cost per request."],
  ["request_bodies", "Request bodies", "Sealed prompts and answers stored under consent."],
] as const;

export function RetentionPanel({ retention }: { retention: PrivacyPageData["retention"] }) {
  const canWrite = useCan("privacy.write");
  const actions = usePrivacyActions();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const runJob = (dry: boolean) =>
    start(async () => {
      const out = await actions.runRetention({ dry_run: dry });
      if (!out.ok) return setMsg({ ok: false, text: actionErrorText(out.error) });
      const r = out.data.removed;
      setMsg({
        ok: true,
        text: `${dry ? "Would remove" : "Removed"}: ${r.audit_entries} audit entries, ${r.usage_records} usage records, ${r.request_bodies} request bodies${out.data.audit_skipped ? ` (audit skipped: ${out.data.audit_skipped})` : ""}.`,
      });
    });
  return (
    <Panel
      id="retention"
      title="Retention"
      description={
        <>
          How long each data class is kept. The retention job (
          <code className="font-mono text-xs">npm run privacy:retention</code>, daily) removes older rows and records
          what it removed in the audit trail.
        </>
      }
    >
      <Card className="p-4">
        <form
          className="grid gap-4 md:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const days = (k: string) => (String(f.get(k) ?? "").trim() ? Number(f.get(k)) : null);
            start(async () => {
              const out = await actions.saveRetention({
                audit_entries: days("audit_entries"),
                usage_records: days("usage_records"),
                request_bodies: days("request_bodies"),
              });
              setMsg(out.ok ? { ok: true, text: "Retention saved." } : { ok: false, text: actionErrorText(out.error) });
            });
          }}
        >
          {CLASSES.map(([k, label, hint]) => (
            <label key={k} className="block text-sm text-fg">
              {label} (days)
              <input
                name={k}
                type="number"
                min={1}
                max={3650}
                defaultValue={retention[k] ?? ""}
                placeholder="keep"
                className={inputClass}
                disabled={!canWrite}
              />
              <span className="mt-1 block text-xs text-muted">{hint}</span>
            </label>
          ))}
          {canWrite && (
            <div className="flex flex-wrap gap-2 md:col-span-3">
              <Button type="submit" variant="primary" disabled={pending}>
                Save retention
              </Button>
              <Button onClick={() => runJob(true)} disabled={pending}>
                Dry run
              </Button>
              <Button onClick={() => runJob(false)} disabled={pending}>
                Run now
              </Button>
            </div>
          )}
        </form>
        {msg && (
          <p role="status" className={`mt-3 text-sm ${msg.ok ? "text-fg" : "text-danger-text"}`}>
            {msg.text}
          </p>
        )}
      </Card>
    </Panel>
  );
}
