"use client";
// Users: table, create/edit sheet (role, teams, active; allow-lists, budgets and rate limits for
// holders of governance.write, saved with the user through the same action as PATCH /v1/users),
// details sheet with the user's allow-lists, keys and usage.
import { useMemo, useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { roleLabel } from "@/components/rbac/role-label";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";
import { BUILT_IN_ROLES } from "@/lib/rbac/permissions";
import { UserSessions } from "@/components/sessions/session-list";
import { ModelAccessLists } from "./allow-list";
import { DetailsSheet, type LoadDetails } from "./details-sheet";
import { editColumn, EntityTable, NameCell, usdColumn } from "./entity-table";
import { Field, FormBanner, FormSheet, int, useActionForm } from "./form";
import { inputClass } from "@/components/ui/field";
import { draftOf, LimitsEditor, limitsPayload, type LimitsDraft } from "./limits-editor";
import { OwnerPicker, type OwnerOption, type SearchOwners } from "./owner-picker";
import type { Act, ListView, ProviderOptions, UserRow } from "./types";
import { useGovernanceActions } from "./use-governance-actions";
import { useSheets, type Editing } from "./use-sheets";

type Actions = {
  create: Act<{ id: string }>;
  update: Act<{ id: string }>;
  details: LoadDetails;
  searchOwners: SearchOwners;
};

/** "all" for "*", "none (denied)" for an empty list, else the names. */
const allowText = (v: string[]) => (v.includes("*") ? "all" : v.length ? v.join(", ") : "none (denied)");

export function UsersConsole({
  list,
  providers,
  reads,
}: {
  list: ListView<UserRow>;
  providers: ProviderOptions;
  reads: Pick<Actions, "details" | "searchOwners">;
}) {
  const g = useGovernanceActions();
  const actions: Actions = { create: g.createUser, update: g.updateUser, ...reads };
  const canWrite = useCan("users.write");
  const s = useSheets<UserRow>("user", actions.details);
  const columns = useMemo<ColumnDef<UserRow>[]>(
    () => [
      {
        accessorKey: "name",
        header: "Name",
        cell: ({ row: r }) => (
          <NameCell name={r.original.name} sub={r.original.email} onOpen={() => s.setDetails(r.original)} />
        ),
      },
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
      editColumn(canWrite, (row) => s.openEdit(row)),
    ],
    [canWrite, s],
  );
  const d = s.details;
  return (
    <>
      {s.loadError && <FormBanner text={s.loadError} />}
      <EntityTable
        list={list}
        columns={columns}
        label="Users"
        empty="No users yet."
        toolbar={
          <GuardedButton permission="users.write" variant="primary" onClick={() => s.setEditing({ mode: "create" })}>
            New user
          </GuardedButton>
        }
      />
      <DetailsSheet
        target={s.target}
        load={actions.details}
        onClose={() => s.setDetails(null)}
        title={d?.name ?? ""}
        facts={
          d
            ? [
                ["E-mail", d.email],
                ["Role", roleLabel(d.role, d.custom_role ?? undefined)],
                ["Teams", d.teams.join(", ") || "—"],
                ["Status", d.active ? "active" : "deactivated"],
                ["Providers", allowText(d.allowed_providers)],
                ["Models", allowText(d.allowed_models)],
                ["Requests (30 d)", int(d.requests_30d)],
                ["Provisioning", d.scim ? "SCIM" : "manual"],
              ]
            : []
        }
        actions={d && canWrite ? <Button onClick={() => s.openEdit(d)}>Edit user</Button> : undefined}
      >
        {d && canWrite && <UserSessions userId={d.id} name={d.name} />}
      </DetailsSheet>
      {s.editing && (
        <UserSheet
          key={s.editing.mode === "edit" ? s.editing.row.id : "new"}
          editing={s.editing}
          providerOptions={providers}
          actions={actions}
          onClose={s.close}
        />
      )}
    </>
  );
}

function UserSheet({
  editing,
  providerOptions,
  actions,
  onClose,
}: {
  editing: Editing<UserRow>;
  providerOptions: ProviderOptions;
  actions: Actions;
  onClose: () => void;
}) {
  const canLimits = useCan("governance.write");
  const row = editing.mode === "edit" ? editing.row : null;
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState(row?.role ?? "viewer");
  const [teams, setTeams] = useState<OwnerOption[]>([]);
  const [active, setActive] = useState(row?.active ?? true);
  const [limits, setLimits] = useState<LimitsDraft>(editing.mode === "edit" ? editing.limits : draftOf());
  // A new user may use everything until narrowed here; each key of the user narrows it further.
  const [providers, setProviders] = useState<string[]>(row?.allowed_providers ?? ["*"]);
  const [models, setModels] = useState<string[]>(row?.allowed_models ?? ["*"]);
  const f = useActionForm();
  const modelSuggestions = [
    ...new Set(
      providerOptions.filter((p) => providers.includes("*") || providers.includes(p.name)).flatMap((p) => p.models),
    ),
  ].sort();
  // Governance fields go with the user in one save (the same lib function as PATCH /v1/users).
  const governance = canLimits
    ? { allowed_providers: providers, allowed_models: models, ...limitsPayload(limits) }
    : {};
  const submit = () =>
    f.run(
      async (): Promise<ActionResult<unknown>> =>
        row
          ? actions.update({
              id: row.id,
              ...(BUILT_IN_ROLES.includes(role as never) && role !== row.role ? { role } : {}),
              ...(active !== row.active ? { active } : {}),
              ...governance,
            })
          : actions.create({
              email: email.trim(),
              name: name.trim(),
              role,
              team_ids: teams.map((t) => t.id),
              ...governance,
            }),
      onClose,
    );
  return (
    <FormSheet
      title={row ? `Edit ${row.name}` : "New user"}
      description={row ? row.email : "The user signs in with SSO under this e-mail."}
      form={f}
      submitLabel={row ? "Save user" : "Create user"}
      onSubmit={submit}
      onClose={onClose}
    >
      {!row && (
        <>
          <Field label="E-mail" error={f.fieldError("email")}>
            {(p) => (
              <input
                {...p}
                type="email"
                className={inputClass}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoFocus
              />
            )}
          </Field>
          <Field label="Name" error={f.fieldError("name")}>
            {(p) => <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
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
                search={actions.searchOwners}
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
          <ModelAccessLists
            providers={providers}
            onProviders={setProviders}
            models={models}
            onModels={setModels}
            providerNames={providerOptions.map((p) => p.name)}
            modelNames={modelSuggestions}
            fieldError={f.fieldError}
          />
          <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} />
        </>
      ) : (
        <p className="text-xs text-muted">Allow-lists, budgets and rate limits need governance.write.</p>
      )}
    </FormSheet>
  );
}
