"use client";
// SCIM tokens: create, rotate and revoke. A new secret is revealed once, with a copy button.
import { useCan } from "@/components/rbac/can";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Outcome } from "@/components/ui/outcome";
import type { CreatedScimToken, ScimTokenView } from "@/lib/scim/tokens";
import { api, must, untilDeclared } from "@/lib/api/client";

export function TokenPanel({ tokens }: { tokens: ScimTokenView[] }) {
  const canWrite = useCan("scim.write");
  const router = useRouter();
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(fn: () => Promise<{ token?: string } | undefined | void>) {
    setBusy(true);
    setError(null);
    try {
      const out = await fn();
      if (out?.token) {
        setSecret(out.token);
        setCopied(false);
      }
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      {secret && (
        <div
          role="status"
          className="rounded-md border border-warning-border bg-warning-soft p-3 text-sm text-warning-text"
        >
          <p className="font-medium">Copy this token now. Warden stores only its hash and cannot show it again.</p>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              data-testid="scim-secret"
              className="min-w-0 flex-1 rounded bg-surface px-2 py-1.5 font-mono text-xs break-all text-fg"
            >
              {secret}
            </code>
            <Button size="sm" onClick={() => navigator.clipboard.writeText(secret).then(() => setCopied(true))}>
              {copied ? "Copied" : "Copy"}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSecret(null)}>
              Done
            </Button>
          </div>
        </div>
      )}
      {canWrite && (
        <form
          className="flex flex-col gap-2 sm:flex-row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() =>
              must(
                api.POST("/v1/scim/tokens", { body: { name: name.trim() || "SCIM token" } }),
                untilDeclared<CreatedScimToken>(),
              ),
            ).then(() => setName(""));
          }}
        >
          <label className="sr-only" htmlFor="scim-token-name">
            Token name
          </label>
          <input
            id="scim-token-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Token name, e.g. Okta production"
            maxLength={100}
            className="h-9 min-w-0 rounded-md sm:flex-1 border border-border-strong bg-surface px-3 text-sm text-fg placeholder:text-subtle"
          />
          <Button type="submit" variant="primary" disabled={busy}>
            Create token
          </Button>
        </form>
      )}
      <Outcome error={error} />
      <ul className="divide-y divide-border rounded-md border border-border">
        {tokens.length === 0 && <li className="px-3 py-4 text-sm text-muted">No tokens yet.</li>}
        {tokens.map((t) => (
          <li key={t.id} className="flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-sm font-medium text-fg">{t.name}</span>
                <code className="font-mono text-xs text-subtle">{t.prefix}…</code>
                {t.revoked_at ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}
              </div>
              <p className="mt-0.5 text-xs text-muted">
                Created {new Date(t.created_at).toLocaleDateString()} · Last used{" "}
                {t.last_used_at ? new Date(t.last_used_at).toLocaleString() : "never"}
              </p>
            </div>
            {canWrite && !t.revoked_at && (
              <div className="flex gap-2">
                <Button
                  size="sm"
                  disabled={busy}
                  onClick={() =>
                    run(() =>
                      must(
                        api.POST("/v1/scim/tokens/{id}/rotate", { params: { path: { id: t.id } } }),
                        untilDeclared<CreatedScimToken>(),
                      ),
                    )
                  }
                >
                  Rotate
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={busy}
                  onClick={() =>
                    run(async () => void (await api.DELETE("/v1/scim/tokens/{id}", { params: { path: { id: t.id } } })))
                  }
                >
                  Revoke
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
