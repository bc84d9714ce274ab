"use client";
// Users: table, create/edit sheet (role, teams, active; allow-lists, budgets and rate limits for
// holders of governance.write, saved with the user through the same action as PATCH /v1/users),
// details sheet with the user's allow-lists, keys and usage.
import { useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { roleLabel } from "@/components/rbac/role-label";
import { Badge } from "@/components/ui/badge";
import type { ActionResult } from "@/lib/http/action-result";
import { BUILT_IN_ROLES, isBuiltInRole } from "@/lib/rbac/permissions";
import { UserSessions } from "@/components/sessions/session-list";
import type { LoadDetails } from "./details-sheet";
import { usdColumn } from "./entity-table";
import { EntityFormSheet, Field, int, TextField } from "./form";
import { inputClass } from "@/components/ui/field";
import { LimitsEditor, limitsPayload } from "./limits-editor";
import { accessOf, allowText, ModelAccessFields } from "./model-access";
import { OwnerConsole } from "./owner-console";
import { OwnerPicker, type OwnerOption, type SearchOwners } from "./owner-picker";
import type { ListView, ProviderOptions, UserRow } from "./types";
import { useGovernanceActions, type GovernanceActions } from "./use-governance-actions";
import { useOwnerForm, useSheets, type Editing } from "./use-sheets";

const COLUMNS: ColumnDef<UserRow>[] = [
  {
    accessorKey: "role",
    header: "Role",
    cell: ({ row: r }) => roleLabel(r.original.role, r.original.custom_role ?? undefined),
  },
  {
    id: "teams",
    accessorFn: (r) => r.teams.join(", "),
    header: "Teams",
    cell: (c) => <span className="line-clamp-2 w-52 whitespace-normal">{c.getValue<string>() || "—"}</span>,
  },
  {
    accessorKey: "active",
    header: "Status",
    cell: ({ row: r }) => (
      <Badge tone={r.original.active ? "success" : "neutral"}>{r.original.active ? "active" : "deactivated"}</Badge>
    ),
  },
  {
    id: "models",
    accessorFn: (r) => allowText(r.allowed_models),
    header: "Models",
    enableSorting: false,
    cell: (c) => <span className="line-clamp-2 w-40 text-xs whitespace-normal">{c.getValue<string>()}</span>,
  },
  { accessorKey: "keys", header: "Keys", meta: { numeric: true } },
  usdColumn("cost_30d", "Cost (30 d)"),
];

export function UsersConsole({
  list,
  providers,
  reads,
}: {
  list: ListView<UserRow>;
  providers: ProviderOptions;
  reads: { details: LoadDetails; searchOwners: SearchOwners };
}) {
  const g = useGovernanceActions();
  const canWrite = useCan("users.write");
  const s = useSheets<UserRow>("user", reads.details);
  return (
    <OwnerConsole
      sheets={s}
      permission="users.write"
      list={list}
      label="Users"
      empty="No users yet."
      newLabel="New user"
      nameHeader="Name"
      sub={(r) => r.email}
      columns={COLUMNS}
      facts={(d) => [
        ["E-mail", d.email],
        ["Role", roleLabel(d.role, d.custom_role ?? undefined)],
        ["Teams", d.teams.join(", ") || "—"],
        ["Status", d.active ? "active" : "deactivated"],
        ["Providers", allowText(d.allowed_providers)],
        ["Models", allowText(d.allowed_models)],
        ["Requests (30 d)", int(d.requests_30d)],
        ["Provisioning", d.scim ? "SCIM" : "manual"],
      ]}
      editLabel="Edit user"
      details={(d) => canWrite && <UserSessions userId={d.id} name={d.name} />}
      form={(editing) => (
        <UserSheet
          editing={editing}
          providerOptions={providers}
          g={g}
          searchOwners={reads.searchOwners}
          onClose={s.close}
        />
      )}
    />
  );
}

function UserSheet({
  editing,
  providerOptions,
  g,
  searchOwners,
  onClose,
}: {
  editing: Editing<UserRow>;
  providerOptions: ProviderOptions;
  g: Pick<GovernanceActions, "createUser" | "updateUser">;
  searchOwners: SearchOwners;
  onClose: () => void;
}) {
  const canLimits = useCan("governance.write");
  const { row, limits, setLimits, form: f } = useOwnerForm(editing);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState(row?.role ?? "viewer");
  const [teams, setTeams] = useState<OwnerOption[]>([]);
  const [active, setActive] = useState(row?.active ?? true);
  // A new user may use everything until narrowed here; each key of the user narrows it further.
  const [access, setAccess] = useState(accessOf(row, ["*"]));
  // Governance fields go with the user in one save (the same lib function as PATCH /v1/users).
  const governance = canLimits ? { ...access, ...limitsPayload(limits) } : {};
  const submit = () =>
    f.run(
      async (): Promise<ActionResult<unknown>> =>
        row
          ? g.updateUser({
              id: row.id,
              ...(isBuiltInRole(role) && role !== row.role ? { role } : {}),
              ...(active !== row.active ? { active } : {}),
              ...governance,
            })
          : g.createUser({
              email: email.trim(),
              name: name.trim(),
              // Always a built-in role here: a new user has no custom role to keep.
              role: isBuiltInRole(role) ? role : undefined,
              team_ids: teams.map((t) => t.id),
              ...governance,
            }),
      onClose,
    );
  return (
    <EntityFormSheet
      row={row}
      noun="user"
      description={row ? row.email : "The user signs in with SSO under this e-mail."}
      form={f}
      onSubmit={submit}
      onClose={onClose}
    >
      {!row && (
        <>
          <TextField
            label="E-mail"
            error={f.fieldError("email")}
            type="email"
            value={email}
            onChange={setEmail}
            autoFocus
          />
          <TextField label="Name" error={f.fieldError("name")} value={name} onChange={setName} />
        </>
      )}
      <Field
        label="Role"
        error={f.fieldError("role")}
        hint={
          row?.custom_role ? `Has the custom role ${row.custom_role}; manage it under Roles & permissions.` : undefined
        }
      >
        {(p) => (
          <select {...p} className={inputClass} value={role} onChange={(e) => setRole(e.target.value)}>
            {BUILT_IN_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {!row ? (
        <div className="space-y-2">
          <Field label="Add to team" error={f.fieldError("team_ids")}>
            {(p) => (
              <OwnerPicker
                field={p}
                kind="team"
                value=""
                search={searchOwners}
                placeholder="Search teams…"
                addMode
                onChange={(_, o) => {
                  if (o && !teams.some((t) => t.id === o.id)) setTeams([...teams, o]);
                }}
              />
            )}
          </Field>
          {teams.length > 0 && (
            <ul aria-label="Teams" className="flex flex-wrap gap-1.5">
              {teams.map((t) => (
                <li
                  key={t.id}
                  className="inline-flex items-center gap-1 rounded-full border border-border bg-surface-2 py-0.5 pr-1 pl-2.5 text-xs text-fg"
                >
                  {t.label}
                  <button
                    type="button"
                    className="rounded-full px-1 text-muted hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/50 focus-visible:outline-none"
                    aria-label={`Remove ${t.label}`}
                    onClick={() => setTeams(teams.filter((x) => x.id !== t.id))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <label className="flex items-center gap-2 text-sm text-fg">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (a deactivated
          user cannot sign in and its keys stop working)
        </label>
      )}
      {canLimits ? (
        <>
          <ModelAccessFields options={providerOptions} value={access} onChange={setAccess} fieldError={f.fieldError} />
          <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} />
        </>
      ) : (
        <p className="text-xs text-muted">Allow-lists, budgets and rate limits need governance.write.</p>
      )}
    </EntityFormSheet>
  );
}
