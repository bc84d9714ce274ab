"use client";

import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { ActionResult } from "@/lib/http/action-result";
import { PERMISSIONS } from "@/lib/rbac/permissions";

type Answer = { permission: string; granted: boolean; reason: string } | { error: string };
type Explain = (input: {
  permission: string;
}) => Promise<ActionResult<{ permission: string; granted: boolean; reason: string }>>;

// "Why a 403": the answer comes from the server (the same explainer as /v1/auth/debug).
export function PermissionExplainer({ explain }: { explain: Explain }) {
  const [permission, setPermission] = useState<string>(PERMISSIONS[0]);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [pending, start] = useTransition();
  const ask = (p: string) => {
    setPermission(p);
    start(async () => {
      const r = await explain({ permission: p });
      setAnswer(r.ok ? r.data : { error: r.error.message });
    });
  };
  return (
    <Card className="p-5">
      <h2 className="text-sm font-medium text-fg">Why a 403?</h2>
      <p className="mt-1 text-sm text-muted">
        Pick the permission a denied request needed to see whether you hold it, and why.
      </p>
      <label className="mt-3 block text-sm text-fg">
        <span className="sr-only">Permission</span>
        <select
          className="block w-full max-w-sm rounded-md border border-border-strong bg-surface px-3 py-2 font-mono text-sm text-fg"
          value={permission}
          onChange={(e) => ask(e.target.value)}
          aria-label="Permission"
        >
          {PERMISSIONS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <div className="mt-3 min-h-12 text-sm" aria-live="polite">
        {pending && <span className="text-muted">Checking…</span>}
        {!pending && answer && "error" in answer && <span className="text-danger-text">{answer.error}</span>}
        {!pending && answer && !("error" in answer) && (
          <div className="flex flex-wrap items-center gap-2" data-testid="permission-verdict">
            <Badge tone={answer.granted ? "success" : "danger"}>{answer.granted ? "Granted" : "Denied"}</Badge>
            <span className="text-fg">{answer.reason}</span>
          </div>
        )}
        {!pending && !answer && <span className="text-muted">Choose a permission to check it.</span>}
      </div>
    </Card>
  );
}
