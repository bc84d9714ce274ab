"use client";
// Users: table, create/edit sheet (role, teams, active; budgets and rate limits for holders of
// governance.write), details sheet with the user's keys and usage.
import { useMemo, useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { roleLabel } from "@/components/rbac/role-label";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";
import { BUILT_IN_ROLES } from "@/lib/rbac/permissions";
import { DetailsSheet, type LoadDetails } from "./details-sheet";
import { EntityTable, NameCell } from "./entity-table";
import { Field, FormBanner, inputClass, int, useActionForm, usd } from "./form";
import { draftOf, LimitsEditor, limitsPayload, type LimitsDraft } from "./limits-editor";
import { Sheet } from "./sheet";
import type { Act, ListView, OwnerOptions, UserRow } from "./types";
import { useSheets, type Editing } from "./use-sheets";

type Actions = { create: Act<{ id: string }>; update: Act<{ id: string }>; setLimits: Act; details: LoadDetails };

export function UsersConsole({ list, options, actions }: { list: ListView<UserRow>; options: Pick<OwnerOptions, "teams">; actions: Actions }) {
  const canWrite = useCan("users.write");
  const s = useSheets<UserRow>("user", actions.details);
  const columns = useMemo<ColumnDef<UserRow>[]>(() => [
    { accessorKey: "name", header: "Name", cell: ({ row: r }) => <NameCell name={r.original.name} sub={r.original.email} onOpen={() => s.setDetails(r.original)} /> },
    { accessorKey: "role", header: "Role", cell: ({ row: r }) => roleLabel(r.original.role, r.original.custom_role ?? undefined) },
    { id: "teams", accessorFn: (r) => r.teams.join(", "), header: "Teams", cell: (c) => <span className="line-clamp-2 w-52 whitespace-normal">{c.getValue<string>() || "—"}</span> },
    { accessorKey: "active", header: "Status", cell: ({ row: r }) => <Badge tone={r.original.active ? "success" : "neutral"}>{r.original.active ? "active" : "deactivated"}</Badge> },
    { accessorKey: "keys", header: "Keys", meta: { numeric: true } },
    { accessorKey: "cost_30d", header: "Cost (30 d)", meta: { numeric: true }, cell: (c) => usd(c.getValue<number>()) },
    { id: "actions", header: "", enableSorting: false, cell: ({ row: r }) => canWrite && <Button size="sm" variant="ghost" onClick={() => s.openEdit(r.original)} aria-label={`Edit ${r.original.name}`}>Edit</Button> },
  ], [canWrite, s]);
  const d = s.details;
  return (
    <>
      {s.loadError && <FormBanner text={s.loadError} />}
      <EntityTable list={list} columns={columns} label="Users" empty="No users yet."
        toolbar={<GuardedButton permission="users.write" variant="primary" onClick={() => s.setEditing({ mode: "create" })}>New user</GuardedButton>} />
      <DetailsSheet target={s.target} load={actions.details} onClose={() => s.setDetails(null)} title={d?.name ?? ""}
        facts={d ? [["E-mail", d.email], ["Role", roleLabel(d.role, d.custom_role ?? undefined)], ["Teams", d.teams.join(", ") || "—"], ["Status", d.active ? "active" : "deactivated"], ["Requests (30 d)", int(d.requests_30d)], ["Provisioning", d.scim ? "SCIM" : "manual"]] : []}
        actions={d && canWrite ? <Button onClick={() => s.openEdit(d)}>Edit user</Button> : undefined} />
      {s.editing && <UserSheet key={s.editing.mode === "edit" ? s.editing.row.id : "new"} editing={s.editing} options={options} actions={actions} onClose={s.close} />}
    </>
  );
}

function UserSheet({ editing, options, actions, onClose }: { editing: Editing<UserRow>; options: Pick<OwnerOptions, "teams">; actions: Actions; onClose: () => void }) {
  const canLimits = useCan("governance.write");
  const row = editing.mode === "edit" ? editing.row : null;
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState(row?.role ?? "viewer");
  const [teams, setTeams] = useState<string[]>([]);
  const [active, setActive] = useState(row?.active ?? true);
  const [limits, setLimits] = useState<LimitsDraft>(editing.mode === "edit" ? editing.limits : draftOf());
  const f = useActionForm();
  const submit = () =>
    f.run(async (): Promise<ActionResult<unknown>> => {
      const out = row
        ? await actions.update({ id: row.id, ...(BUILT_IN_ROLES.includes(role as never) && role !== row.role ? { role } : {}), ...(active !== row.active ? { active } : {}) })
        : await actions.create({ email: email.trim(), name: name.trim(), role, team_ids: teams });
      if (!out.ok || !canLimits) return out;
      const touched = row || limits.budgets.length || limits.rate_limits.length;
      return touched ? actions.setLimits({ owner_type: "user", owner_id: out.data.id, ...limitsPayload(limits) }) : out;
    }, onClose);
  return (
    <Sheet open onClose={onClose} title={row ? `Edit ${row.name}` : "New user"} description={row ? row.email : "The user signs in with SSO under this e-mail."}
      footer={<><Button onClick={onClose}>Cancel</Button><Button variant="primary" disabled={f.pending} onClick={submit}>{f.pending ? "Saving…" : row ? "Save user" : "Create user"}</Button></>}>
      <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <FormBanner text={f.banner} />
        {!row && (
          <>
            <Field label="E-mail" error={f.fieldError("email")}>{(p) => <input {...p} type="email" className={inputClass} value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}</Field>
            <Field label="Name" error={f.fieldError("name")}>{(p) => <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
          </>
        )}
        <Field label="Role" error={f.fieldError("role")} hint={row?.custom_role ? `Has the custom role ${row.custom_role}; manage it under Roles & permissions.` : undefined}>
          {(p) => (
            <select {...p} className={inputClass} value={role} onChange={(e) => setRole(e.target.value)}>
              {BUILT_IN_ROLES.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
            </select>
          )}
        </Field>
        {!row ? (
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-fg">Teams</legend>
            <div className="grid max-h-40 grid-cols-1 gap-1 overflow-y-auto rounded-md border border-border p-2 sm:grid-cols-2">
              {options.teams.map((t) => (
                <label key={t.id} className="flex items-center gap-2 text-sm text-fg">
                  <input type="checkbox" checked={teams.includes(t.id)} onChange={(e) => setTeams(e.target.checked ? [...teams, t.id] : teams.filter((x) => x !== t.id))} />
                  {t.name}
                </label>
              ))}
            </div>
            {f.fieldError("team_ids") && <p className="text-xs text-danger-text">{f.fieldError("team_ids")}</p>}
          </fieldset>
        ) : (
          <label className="flex items-center gap-2 text-sm text-fg">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (a deactivated user cannot sign in and its keys stop working)
          </label>
        )}
        {canLimits ? <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} /> : <p className="text-xs text-muted">Budgets and rate limits need governance.write.</p>}
        <button type="submit" className="hidden" />
      </form>
    </Sheet>
  );
}
