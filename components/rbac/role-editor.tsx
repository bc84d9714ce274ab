"use client";

import { actionErrorText } from "@/lib/http/action-result";
import { inputFlowClass } from "@/components/ui/field";
import { useState, useTransition } from "react";
import type { Permission } from "@/lib/rbac/permissions";
import { useActor, useActorPermissions } from "@/components/rbac/actor-provider";
import { PermissionGrid } from "@/components/rbac/permission-grid";
import { type RoleInput, type RoleRow, type Result, type TeamRef } from "@/components/rbac/roles-types";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/outcome";

interface Props {
  role?: RoleRow;
  teams: TeamRef[];
  save: (input: RoleInput) => Promise<Result<RoleRow>>;
  onDone: () => void;
}

// Create or edit one custom role. Permissions the editor lacks are locked (the server refuses
// them anyway, and audits the attempt).
export function RoleEditor({ role, teams, save, onDone }: Props) {
  const held = useActorPermissions();
  const ownScope = useActor().scope?.teams;
  const [name, setName] = useState(role?.name ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  const [perms, setPerms] = useState<Set<Permission>>(new Set(role?.permissions ?? []));
  const [scoped, setScoped] = useState(Boolean(role?.resource_scope?.teams) || Boolean(ownScope));
  const [scopeTeams, setScopeTeams] = useState<Set<string>>(new Set(role?.resource_scope?.teams ?? ownScope ?? []));
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const pickable = ownScope ? teams.filter((t) => ownScope.includes(t.id)) : teams;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    start(async () => {
      const input: RoleInput = {
        name,
        description,
        permissions: [...perms].sort(),
        resource_scope: scoped ? { teams: [...scopeTeams] } : null,
      };
      const r = await save(input);
      if (r.ok) onDone();
      else setError(actionErrorText(r.error));
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label={role ? `Edit ${role.name}` : "New custom role"}>
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm font-medium text-fg">
          Name
          <input
            className={`mt-1 ${inputFlowClass}`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            minLength={2}
            maxLength={60}
          />
        </label>
        <label className="block text-sm font-medium text-fg">
          Description
          <input
            className={`mt-1 ${inputFlowClass}`}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={300}
          />
        </label>
      </div>
      <PermissionGrid label="Permissions" value={perms} onChange={setPerms} grantable={held} />
      <fieldset className="rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-medium text-fg">Resource scope</legend>
        <label className="flex items-center gap-2 text-sm text-fg">
          <input
            type="checkbox"
            checked={scoped}
            disabled={Boolean(ownScope)}
            onChange={(e) => setScoped(e.target.checked)}
            className="size-4"
          />
          Limit team-owned resources (teams, their members and keys) to these teams
        </label>
        {scoped && (
          <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1.5">
            {pickable.map((t) => (
              <label key={t.id} className="flex items-center gap-1.5 text-sm text-muted">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={scopeTeams.has(t.id)}
                  onChange={() => {
                    const next = new Set(scopeTeams);
                    if (next.has(t.id)) next.delete(t.id);
                    else next.add(t.id);
                    setScopeTeams(next);
                  }}
                />
                {t.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <ErrorBanner text={error} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : role ? "Save changes" : "Create role"}
        </Button>
        <Button onClick={onDone} variant="ghost" disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
