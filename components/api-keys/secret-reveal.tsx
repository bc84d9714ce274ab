"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

// The secret exists in the browser only here, once. Closing the dialog forgets it.
export function SecretReveal({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
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
          data-testid="api-key-secret"
          className="min-w-0 flex-1 break-all rounded-md border border-border bg-surface-2 px-3 py-2 font-mono text-xs text-fg select-all"
        >
          {secret}
        </code>
        <Button onClick={copy} aria-live="polite">
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div className="flex justify-end">
        <Button variant="primary" onClick={onDone}>
          {copied ? "Done" : "I have stored it"}
        </Button>
      </div>
    </div>
  );
}
