"use client";
// Settings -> Identity -> Sessions: the tenant's idle timeout and absolute lifetime of console
// sessions (ADR 0031), saved through PATCH /v1/auth/session-policy (identity.write, audited).
import { useState } from "react";
import { inputClass } from "@/components/ui/field";
import { useRun } from "@/components/monitoring/use-run";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LabeledField } from "@/components/ui/labeled-field";
import { Outcome } from "@/components/ui/outcome";
import { api, must } from "@/lib/api/client";
import { IDLE_MINUTES, MAX_MINUTES, REFRESH_MINUTES, type SessionPolicy } from "@/lib/auth/session-views";

export function SessionPolicyPanel({ policy, canWrite }: { policy: SessionPolicy; canWrite: boolean }) {
  const [idle, setIdle] = useState(String(policy.idle_timeout_minutes));
  const [max, setMax] = useState(String(policy.absolute_lifetime_minutes));
  const [refresh, setRefresh] = useState(String(policy.refresh_interval_minutes));
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, run } = useRun();
  const save = async () => {
    setSaved(null);
    const ok = await run(() =>
      must(
        api.PATCH("/v1/auth/session-policy", {
          body: {
            idle_timeout_minutes: Number(idle),
            absolute_lifetime_minutes: Number(max),
            refresh_interval_minutes: Number(refresh),
          },
        }),
      ),
    );
    if (ok) setSaved("Session policy saved");
  };
  return (
    <Card className="flex flex-col gap-3 p-4">
      <div>
        <h2 className="text-sm font-medium text-fg">Console sessions</h2>
        <p className="text-sm text-muted">
          A session ends when it has not been used for the idle timeout, and at the latest when its lifetime after
          sign-in has passed. An OIDC session is checked again at its identity provider after the refresh interval: a
          changed role or group applies, and a disabled account is signed out. Changes apply to sessions already open.
        </p>
      </div>
      <form
        className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset className="contents" disabled={!canWrite || busy}>
          <LabeledField id="sp-idle" label="Idle timeout (minutes)" hint={`${IDLE_MINUTES.min}–${IDLE_MINUTES.max}`}>
            <input
              id="sp-idle"
              type="number"
              inputMode="numeric"
              min={IDLE_MINUTES.min}
              max={IDLE_MINUTES.max}
              required
              className={inputClass}
              value={idle}
              onChange={(e) => setIdle(e.target.value)}
            />
          </LabeledField>
          <LabeledField id="sp-max" label="Absolute lifetime (minutes)" hint={`${MAX_MINUTES.min}–${MAX_MINUTES.max}`}>
            <input
              id="sp-max"
              type="number"
              inputMode="numeric"
              min={MAX_MINUTES.min}
              max={MAX_MINUTES.max}
              required
              className={inputClass}
              value={max}
              onChange={(e) => setMax(e.target.value)}
            />
          </LabeledField>
          <LabeledField
            id="sp-refresh"
            label="IdP refresh interval (minutes)"
            hint={`${REFRESH_MINUTES.min}–${REFRESH_MINUTES.max}, OIDC only`}
          >
            <input
              id="sp-refresh"
              type="number"
              inputMode="numeric"
              min={REFRESH_MINUTES.min}
              max={REFRESH_MINUTES.max}
              required
              className={inputClass}
              value={refresh}
              onChange={(e) => setRefresh(e.target.value)}
            />
          </LabeledField>
          {canWrite && (
            <Button type="submit" variant="primary" className="sm:mb-[1.125rem]">
              {busy ? "Saving…" : "Save"}
            </Button>
          )}
        </fieldset>
      </form>
      <Outcome error={error} saved={saved} />
    </Card>
  );
}
