"use client";

import { useRolesActions } from "@/components/rbac/use-roles-actions";
import { actionErrorText } from "@/lib/http/action-result";
import { Panel } from "@/components/ui/panel";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { RoleEditor } from "@/components/rbac/role-editor";
import { type RoleRow, type TeamRef } from "@/components/rbac/roles-types";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Outcome } from "@/components/ui/outcome";

interface Props {
  roles: RoleRow[];
  teams: TeamRef[];
}

export function CustomRolesPanel({ roles, teams }: Props) {
  const actions = useRolesActions();
  const router = useRouter();
  const [editing, setEditing] = useState<RoleRow | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? id;
  const done = () => {
    setEditing(null);
    router.refresh();
  };
  const remove = (role: RoleRow) => {
    if (!window.confirm(`Delete "${role.name}"? Its ${role.user_count ?? 0} user(s) fall back to their built-in role.`))
      return;
    setError(null);
    start(async () => {
      const r = await actions.deleteRole({ id: role.id });
      if (r.ok) router.refresh();
      else setError(actionErrorText(r.error));
    });
  };

  return (
    <Panel
      id="custom-roles"
      title="Custom roles"
      className=""
      action={
        <GuardedButton
          permission="roles.write"
          variant="primary"
          size="sm"
          onClick={() => setEditing("new")}
          disabled={editing !== null}
        >
          New role
        </GuardedButton>
      }
    >
      <div className="space-y-3">
        <Outcome error={error} />
        {editing !== null && (
          <Card className="p-4">
            <RoleEditor
              role={editing === "new" ? undefined : editing}
              teams={teams}
              onDone={done}
              save={(input) =>
                editing === "new" ? actions.createRole(input) : actions.updateRole({ ...input, id: editing.id })
              }
            />
          </Card>
        )}
        {roles.length === 0 ? (
          <p className="text-sm text-muted">
            No custom roles yet. Built-in roles cover most teams; create one when someone needs a precise set.
          </p>
        ) : (
          <ul className="grid gap-3 lg:grid-cols-2">
            {roles.map((role) => (
              <li key={role.id}>
                <Card className="flex h-full flex-col gap-3 p-4">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div className="min-w-0">
                      <h3 className="font-medium text-fg">{role.name}</h3>
                      {role.description && <p className="mt-0.5 text-sm text-muted">{role.description}</p>}
                    </div>
                    <Badge>
                      {role.user_count ?? 0} user{role.user_count === 1 ? "" : "s"}
                    </Badge>
                  </div>
                  <ul className="flex flex-wrap gap-1.5" aria-label={`${role.name} permissions`}>
                    {role.permissions.map((p) => (
                      <li key={p}>
                        <Badge className="font-mono">{p}</Badge>
                      </li>
                    ))}
                  </ul>
                  <p className="text-xs text-muted">
                    Scope:{" "}
                    {role.resource_scope?.teams ? role.resource_scope.teams.map(teamName).join(", ") : "all teams"}
                  </p>
                  <div className="mt-auto flex gap-2">
                    <GuardedButton
                      permission="roles.write"
                      size="sm"
                      onClick={() => setEditing(role)}
                      disabled={pending || editing !== null}
                    >
                      Edit
                    </GuardedButton>
                    <GuardedButton
                      permission="roles.write"
                      size="sm"
                      variant="ghost"
                      onClick={() => remove(role)}
                      disabled={pending}
                    >
                      Delete
                    </GuardedButton>
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}
