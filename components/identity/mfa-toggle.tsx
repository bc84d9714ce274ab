"use client";
import { useState, useTransition } from "react";
import type { IdentityActions } from "./actions";
import type { ActionResult } from "@/lib/http/action-result";
import { Card } from "@/components/ui/card";

// The tenant's MFA policy: when on, a sign-in whose token shows no second factor (amr) is refused.
export function MfaToggle({
  required,
  canWrite,
  actions,
}: {
  required: boolean;
  canWrite: boolean;
  actions: IdentityActions;
}) {
  const [state, setState] = useState<ActionResult<{ message: string }> | null>(null);
  const [pending, start] = useTransition();
  return (
    <Card className="flex flex-col gap-2 p-4">
      <label className="flex items-start gap-3">
        <input
          type="checkbox"
          className="mt-1 size-4 accent-[var(--accent)]"
          defaultChecked={required}
          disabled={!canWrite || pending}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            start(async () => setState(await actions.setMfaRequired({ required: next })));
          }}
        />
        <span>
          <span className="block text-sm font-medium text-fg">Require multi-factor authentication</span>
          <span className="block text-sm text-muted">
            Sign-in is refused when the identity provider reports no second factor in the token&apos;s{" "}
            <code className="font-mono text-xs">amr</code> claim.
          </span>
        </span>
      </label>
      {state && (
        <p role="status" className={`text-sm ${state.ok ? "text-success-text" : "text-danger-text"}`}>
          {state.ok ? state.data.message : state.error.message}
        </p>
      )}
    </Card>
  );
}
