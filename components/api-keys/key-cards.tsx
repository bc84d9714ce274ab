"use client";

import { roleLabel } from "@/components/rbac/role-label";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { KeyStateBadge } from "./state-badge";
import type { ConsoleKey } from "./types";

const date = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "Never";

// Narrow screens get one card per key instead of a table that would hide the state off-screen.
export function KeyCards({
  keys,
  canManage,
  onRotate,
  onRevoke,
}: {
  keys: ConsoleKey[];
  canManage: (k: ConsoleKey) => boolean;
  onRotate: (k: ConsoleKey) => void;
  onRevoke: (k: ConsoleKey) => void;
}) {
  if (keys.length === 0) return <Card className="p-6 text-center text-sm text-muted">No API keys yet.</Card>;
  return (
    <ul className="space-y-3">
      {keys.map((k) => (
        <li key={k.id}>
          <Card className="p-4">
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <div className="font-medium text-fg">{k.name}</div>
                <div className="font-mono text-xs text-muted">{k.prefix}…</div>
              </div>
              <KeyStateBadge state={k.state} />
            </div>
            <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-xs">
              <dt className="text-muted">Role</dt>
              <dd className="text-fg">
                {roleLabel(k.role)}
                {k.scopes.length ? ` · ${k.scopes.length} scope${k.scopes.length > 1 ? "s" : ""}` : ""}
              </dd>
              <dt className="text-muted">Expires</dt>
              <dd className="text-fg">{date(k.expires_at)}</dd>
              <dt className="text-muted">Last used</dt>
              <dd className="text-fg">{date(k.last_used_at)}</dd>
            </dl>
            {canManage(k) && (
              <div className="mt-3 flex gap-2">
                <Button size="sm" onClick={() => onRotate(k)}>
                  Rotate
                </Button>
                <Button size="sm" onClick={() => onRevoke(k)}>
                  Revoke
                </Button>
              </div>
            )}
          </Card>
        </li>
      ))}
    </ul>
  );
}
