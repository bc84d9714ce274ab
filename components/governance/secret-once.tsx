"use client";
// A virtual key's secret, shown once: Warden keeps only its hash.
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
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
          data-testid="vk-secret"
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
      <p className="text-xs text-muted">
        Send it in the <code>x-bf-vk</code> header to <code>/v1/chat/completions</code>.
      </p>
      <div className="flex justify-end">
        <Button variant="primary" onClick={onDone}>
          {copied ? "Done" : "I have stored it"}
        </Button>
      </div>
    </div>
  );
}
