"use client";

import { useRolesActions } from "@/components/rbac/use-roles-actions";
import { actionErrorText } from "@/lib/http/action-result";
import { compactSelectClass } from "@/components/ui/field";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { BUILT_IN_ROLES, ROLE_LABEL, type BuiltInRole } from "@/lib/rbac/permissions";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { type RoleRow, type RolesActions, type UserRow } from "@/components/rbac/roles-types";
import { DataTable } from "@/components/ui/table";

interface Props {
  users: UserRow[];
  roles: RoleRow[];
}

// Who holds which role. A custom role, when set, replaces the built-in role's permissions.
export function UserRoleAssignments({ users, roles }: Props) {
  const { assignUserRole: assign } = useRolesActions();
  const canWrite = useCan("users.write");
  return (
    <section aria-labelledby="assignments" className="space-y-3">
      <h2 id="assignments" className="text-base font-semibold text-fg">
        Assignments
      </h2>
      <p className="text-sm text-muted">
        A custom role replaces the user&apos;s built-in role while it is assigned. The IdP keeps the built-in role in
        sync at each sign-in.
      </p>
      <DataTable
        columns={["User", "Built-in role", "Custom role", { label: "Save", hidden: true }]}
        minWidth="min-w-[40rem]"
        count={users.length}
        empty="No users yet."
      >
        {users.map((u) => (
          <AssignmentRow key={u.id} user={u} roles={roles} assign={assign} canWrite={canWrite} />
        ))}
      </DataTable>
    </section>
  );
}

function AssignmentRow({
  user,
  roles,
  assign,
  canWrite,
}: {
  user: UserRow;
  roles: RoleRow[];
  assign: RolesActions["assignUserRole"];
  canWrite: boolean;
}) {
  const router = useRouter();
  const [role, setRole] = useState(user.role);
  const [custom, setCustom] = useState(user.custom_role?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const dirty = role !== user.role || custom !== (user.custom_role?.id ?? "");
  const save = () =>
    start(async () => {
      setError(null);
      const r = await assign({ user_id: user.id, role: role as BuiltInRole, custom_role_id: custom || null });
      if (r.ok) router.refresh();
      else setError(actionErrorText(r.error));
    });
  return (
    <tr className={user.active ? "" : "opacity-60"}>
      <td className="px-3 py-2">
        <div className="font-medium text-fg">
          {user.name}
          {!user.active && <span className="ml-2 text-xs text-muted">(inactive)</span>}
        </div>
        <div className="text-xs text-muted">{user.email}</div>
        {error && (
          <p role="alert" className="mt-1 text-xs text-danger-text">
            {error}
          </p>
        )}
      </td>
      <td className="px-3 py-2">
        <select
          aria-label={`Built-in role of ${user.name}`}
          className={compactSelectClass}
          value={role}
          disabled={!canWrite}
          onChange={(e) => setRole(e.target.value)}
        >
          {BUILT_IN_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </td>
      <td className="px-3 py-2">
        <select
          aria-label={`Custom role of ${user.name}`}
          className={compactSelectClass}
          value={custom}
          disabled={!canWrite}
          onChange={(e) => setCustom(e.target.value)}
        >
          <option value="">None</option>
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </td>
      <td className="px-3 py-2 text-right">
        <GuardedButton permission="users.write" size="sm" onClick={save} disabled={!dirty || pending}>
          {pending ? "Saving…" : "Save"}
        </GuardedButton>
      </td>
    </tr>
  );
}
