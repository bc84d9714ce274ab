"use client";

import { useMemo, useState, useTransition } from "react";
import { useActorPermissions } from "@/components/rbac/actor-provider";
import { roleLabel } from "@/components/rbac/role-label";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/outcome";
import { actionErrorText } from "@/lib/http/action-result";
import { BUILT_IN_ROLES, ROLE_PERMISSIONS, type BuiltInRole, type Permission } from "@/lib/rbac/permissions";
import type { ConsoleKey, KeyActions, KeyPolicyView } from "./types";

const TTL_CHOICES = [7, 30, 90, 180, 365];
const field =
  "mt-1 block w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg focus:outline-2 focus:outline-ring";

interface Props {
  policy: KeyPolicyView;
  create: KeyActions["create"];
  onCreated: (key: ConsoleKey & { secret: string }) => void;
  onCancel: () => void;
}

// Only roles within the signed-in actor's own permissions are offered (the server re-checks).
export function CreateKeyForm({ policy, create, onCreated, onCancel }: Props) {
  const mine = useActorPermissions();
  const roles = useMemo(() => BUILT_IN_ROLES.filter((r) => [...ROLE_PERMISSIONS[r]].every((p) => mine.has(p))), [mine]);
  const [name, setName] = useState("");
  const [role, setRole] = useState<BuiltInRole>(roles.includes("developer") ? "developer" : (roles[0] ?? "viewer"));
  const [narrow, setNarrow] = useState(false);
  const [scopes, setScopes] = useState<Permission[]>([]);
  const ttlChoices = TTL_CHOICES.filter((d) => d <= policy.maxTtlDays);
  const [ttl, setTtl] = useState(
    ttlChoices.includes(policy.defaultTtlDays) ? policy.defaultTtlDays : ttlChoices[ttlChoices.length - 1],
  );
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const rolePermissions = [...ROLE_PERMISSIONS[role]].sort();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    start(async () => {
      const out = await create({ name, role, ttl_days: ttl, ...(narrow ? { scopes } : {}) });
      if (out.ok) onCreated(out.data);
      else setError(actionErrorText(out.error));
    });
  };

  if (roles.length === 0)
    return <p className="text-sm text-muted">Your permissions do not cover any role, so you cannot create keys.</p>;

  return (
    <form onSubmit={submit} className="space-y-4">
      <label className="block text-sm font-medium text-fg">
        Name
        <input
          className={field}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={100}
          placeholder="e.g. CI deploy pipeline"
        />
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm font-medium text-fg">
          Role
          <select
            className={field}
            value={role}
            onChange={(e) => {
              setRole(e.target.value as BuiltInRole);
              setScopes([]);
            }}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium text-fg">
          Expires after
          <select className={field} value={ttl} onChange={(e) => setTtl(Number(e.target.value))}>
            {ttlChoices.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset>
        <label className="flex items-center gap-2 text-sm text-fg">
          <input type="checkbox" checked={narrow} onChange={(e) => setNarrow(e.target.checked)} />
          Narrow to specific permissions (scopes)
        </label>
        {narrow && (
          <div className="mt-2 grid max-h-48 grid-cols-1 gap-1 overflow-y-auto rounded-md border border-border p-2 sm:grid-cols-2">
            {rolePermissions.map((p) => (
              <label key={p} className="flex items-center gap-2 font-mono text-xs text-fg">
                <input
                  type="checkbox"
                  checked={scopes.includes(p)}
                  onChange={(e) => setScopes(e.target.checked ? [...scopes, p] : scopes.filter((s) => s !== p))}
                />
                {p}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <ErrorBanner text={error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending || (narrow && scopes.length === 0)}>
          {pending ? "Creating…" : "Create key"}
        </Button>
      </div>
    </form>
  );
}
