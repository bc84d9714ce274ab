"use client";
// Settings -> Break-glass (ADR 0039): the switch, and the calling admin's one-time code, shown
// exactly once after it is issued. The server re-checks every permission.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Outcome } from "@/components/ui/outcome";
import { actionErrorText, type ActionResult } from "@/lib/http/action-result";

interface State {
  enabled: boolean;
  ownCodeExpiresAt: string | null;
  adminsWithCode: number;
}

export function BreakGlassPanel(props: {
  state: State;
  tenantSlug: string;
  codeHours: number;
  sessionMinutes: number;
  setEnabled: (input: { enabled: boolean }) => Promise<ActionResult<State>>;
  issueCode: (input: Record<string, never>) => Promise<ActionResult<{ code: string; expiresAt: string }>>;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const { state } = props;

  const toggle = async () => {
    setBusy(true);
    setError(null);
    const r = await props.setEnabled({ enabled: !state.enabled });
    setBusy(false);
    if (!r.ok) return setError(actionErrorText(r.error));
    setCode(null);
    router.refresh();
  };
  const issue = async () => {
    setBusy(true);
    setError(null);
    const r = await props.issueCode({});
    setBusy(false);
    if (!r.ok) return setError(actionErrorText(r.error));
    setCode(r.data);
    router.refresh();
  };

  return (
    <div className="flex flex-col gap-4">
      <Card className="flex flex-col gap-3 p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <h2 className="flex items-center gap-2 text-sm font-medium text-fg">
              Break-glass sign-in{" "}
              <Badge tone={state.enabled ? "warning" : "neutral"}>{state.enabled ? "On" : "Off"}</Badge>
            </h2>
            <p className="text-sm text-muted">
              When on, two admins&apos; one-time codes and an admin&apos;s e-mail sign in at{" "}
              <code className="whitespace-nowrap">/signin/break-glass</code> with the organization{" "}
              <code>{props.tenantSlug}</code>. The session lasts at most {props.sessionMinutes} minutes and raises a
              high-severity alert.
            </p>
          </div>
          <Button
            variant={state.enabled ? "secondary" : "primary"}
            disabled={busy}
            onClick={() => void toggle()}
            data-testid="break-glass-toggle"
          >
            {state.enabled ? "Turn off" : "Turn on"}
          </Button>
        </div>
        <Outcome error={error} />
      </Card>
      {state.enabled && (
        <Card className="flex flex-col gap-3 p-4">
          <div>
            <h2 className="text-sm font-medium text-fg">Your one-time code</h2>
            <p className="text-sm text-muted">
              Each admin holds at most one code; a new code replaces yours. Codes expire after {props.codeHours} hours
              and are single use. Keep it offline. {state.adminsWithCode} admin{state.adminsWithCode === 1 ? "" : "s"}{" "}
              hold{state.adminsWithCode === 1 ? "s" : ""} a code now.
            </p>
          </div>
          {code ? (
            <div className="flex flex-col gap-1 rounded-md border border-warning-text/40 bg-warning-soft p-3">
              <p className="text-sm text-fg">Shown once. Copy it now:</p>
              <code data-testid="break-glass-code" className="font-mono text-base break-words text-fg select-all">
                {code.code}
              </code>
              <p className="text-xs text-muted">Expires {new Date(code.expiresAt).toUTCString()}</p>
            </div>
          ) : (
            state.ownCodeExpiresAt && (
              <p className="text-sm text-muted">
                You hold a code until {new Date(state.ownCodeExpiresAt).toUTCString()}.
              </p>
            )
          )}
          <div>
            <Button variant="primary" disabled={busy} onClick={() => void issue()} data-testid="break-glass-issue">
              {state.ownCodeExpiresAt ? "Replace my code" : "Issue my code"}
            </Button>
          </div>
        </Card>
      )}
    </div>
  );
}
