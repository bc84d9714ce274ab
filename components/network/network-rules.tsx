"use client";
// Settings -> Network rules: the tenant's CIDR allow-lists per credential kind (ADR 0036), saved
// through PUT /v1/network-rules (network.manage, audited). One entry per line; an empty list
// restricts nothing. A list that would lock the admin out asks for a second, explicit click.
import { useState } from "react";
import { useRun } from "@/components/monitoring/use-run";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Outcome } from "@/components/ui/outcome";
import { ApiError, api, must } from "@/lib/api/client";
import type { NetworkKind, NetworkRules } from "@/lib/network/views";

const KINDS: { kind: NetworkKind; title: string; help: string }[] = [
  {
    kind: "console",
    title: "Console sign-in and sessions",
    help: "People signing in to the console, and every request their browser makes afterwards (support access too).",
  },
  {
    kind: "api",
    title: "API keys and tokens",
    help: "Control-plane API keys, OIDC bearer tokens and SCIM tokens (include your identity provider's SCIM egress addresses).",
  },
  {
    kind: "virtual_keys",
    title: "Virtual keys",
    help: "Applications calling the gateway (/v1/chat/completions) with a virtual key.",
  },
];

const lines = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function NetworkRulesPanel({ rules, currentIp }: { rules: NetworkRules; currentIp: string }) {
  const [text, setText] = useState<Record<NetworkKind, string>>({
    console: rules.console.join("\n"),
    api: rules.api.join("\n"),
    virtual_keys: rules.virtual_keys.join("\n"),
  });
  const [saved, setSaved] = useState<string | null>(null);
  const [lockout, setLockout] = useState<string | null>(null);
  const { busy, error, run, setError } = useRun();

  const save = async (confirm: boolean) => {
    setSaved(null);
    let conflict: string | null = null;
    const ok = await run(async () => {
      try {
        await must(
          api.PUT("/v1/network-rules", {
            body: {
              console: lines(text.console),
              api: lines(text.api),
              virtual_keys: lines(text.virtual_keys),
              ...(confirm ? { confirm_lockout: true } : {}),
            },
          }),
        );
      } catch (e) {
        if (e instanceof ApiError && e.type === "conflict") conflict = e.message;
        throw e;
      }
    });
    if (conflict) {
      setError(null);
      setLockout(conflict);
    } else {
      setLockout(null);
    }
    if (ok) setSaved("Network rules saved. They apply within seconds.");
  };

  return (
    <Card className="flex flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted">
          One IPv4 or IPv6 address or CIDR per line (for example <code className="font-mono">203.0.113.0/24</code> or{" "}
          <code className="font-mono">2001:db8::/32</code>). An empty list allows every address.
        </p>
        <span className="text-sm text-muted">
          Your address:{" "}
          <span className="font-mono text-fg" data-testid="current-ip">
            {currentIp}
          </span>
        </span>
      </div>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <fieldset className="grid gap-4 lg:grid-cols-3" disabled={busy}>
          {KINDS.map(({ kind, title, help }) => {
            const n = lines(text[kind]).length;
            return (
              <div key={kind} className="flex min-w-0 flex-col gap-1.5">
                <div className="flex items-center justify-between gap-2">
                  <label htmlFor={`nr-${kind}`} className="text-sm font-medium text-fg">
                    {title}
                  </label>
                  <Badge tone={n ? "accent" : "neutral"}>
                    {n ? `${n} ${n === 1 ? "range" : "ranges"}` : "Anywhere"}
                  </Badge>
                </div>
                <p id={`nr-${kind}-help`} className="text-xs text-muted">
                  {help}
                </p>
                <textarea
                  id={`nr-${kind}`}
                  aria-describedby={`nr-${kind}-help`}
                  rows={5}
                  spellCheck={false}
                  placeholder="No restriction"
                  className="w-full min-w-0 rounded-md border border-border-strong bg-surface px-3 py-2 font-mono text-sm text-fg placeholder:text-subtle"
                  value={text[kind]}
                  onChange={(e) => setText({ ...text, [kind]: e.target.value })}
                />
              </div>
            );
          })}
        </fieldset>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? "Saving…" : "Save network rules"}
          </Button>
        </div>
      </form>
      {lockout && (
        <div
          role="alert"
          className="flex flex-col gap-2 rounded-md border border-danger-border bg-danger-soft p-3 text-sm text-danger-text"
        >
          <p>{lockout}</p>
          <div>
            <Button type="button" variant="secondary" disabled={busy} onClick={() => void save(true)}>
              Save anyway and lock me out
            </Button>
          </div>
        </div>
      )}
      <Outcome error={error} saved={saved} />
    </Card>
  );
}
