"use client";
import { useState, useTransition } from "react";
import type { IdentityActions } from "./actions";
import type { ConnectionResult } from "@/lib/identity/test-connection";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";

// A refused or failed action shows as a failed test with the server's message.
const outcome = (r: ActionResult<ConnectionResult>): ConnectionResult =>
  r.ok ? r.data : { ok: false, message: r.error.message, checks: [] };

// Fetches the issuer's discovery document on the server and shows what it found.
export function TestConnectionButton({ id, actions }: { id: string; actions: IdentityActions }) {
  const [result, setResult] = useState<ConnectionResult | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex max-w-xs flex-col items-start gap-2 sm:items-end">
      <Button
        disabled={pending}
        onClick={() => start(async () => setResult(outcome(await actions.testConnection({ id }))))}
      >
        {pending ? "Testing…" : "Test connection"}
      </Button>
      {result && (
        <p
          role="status"
          className={`rounded-md border px-2.5 py-1.5 text-xs ${result.ok ? "border-border bg-success-soft text-success-text" : "border-danger-border bg-danger-soft text-danger-text"}`}
        >
          {result.message}
        </p>
      )}
    </div>
  );
}
