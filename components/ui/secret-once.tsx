"use client";
// A secret shown once (an API key's, a virtual key's): Warden keeps only its hash. The secret
// exists in the browser only here; closing the dialog or sheet forgets it.
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

export function SecretOnce({
  secret,
  onDone,
  testId,
  hint,
}: {
  secret: string;
  onDone: () => void;
  /** The secret's data-testid, for the e2e specs. */
  testId: string;
  /** How the secret is used, under it. */
  hint?: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <p
        className="rounded-md border border-warning-border bg-warning-soft px-3 py-2 text-sm text-warning-text"
        role="status"
      >
        Copy this secret now. Warden stores only a hash of it and cannot show it again.
      </p>
      <div className="flex items-stretch gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 rounded-md border border-border bg-surface-2 px-3 py-2 font-mono text-xs break-all text-fg select-all"
        >
          {secret}
        </code>
        <Button
          onClick={async () => {
            await navigator.clipboard.writeText(secret);
            setCopied(true);
          }}
          aria-live="polite"
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      {hint && <p className="text-xs text-muted">{hint}</p>}
      <div className="flex justify-end">
        <Button variant="primary" onClick={onDone}>
          {copied ? "Done" : "I have stored it"}
        </Button>
      </div>
    </div>
  );
}
