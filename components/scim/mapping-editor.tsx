"use client";
// Group -> role mappings: members of a mapped group get that built-in role (several: the highest).
import { useCan } from "@/components/rbac/can";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { BUILT_IN_ROLES, ROLE_LABEL, type BuiltInRole } from "@/lib/rbac/permissions";
import { api } from "@/lib/api/client";

interface Row {
  group: string;
  role: BuiltInRole;
}

const field = "h-9 min-w-0 rounded-md border border-border-strong bg-surface px-2.5 text-sm text-fg";

export function MappingEditor({ initial, groups }: { initial: { group: string; role: string }[]; groups: string[] }) {
  const canWrite = useCan("scim.write");
  const router = useRouter();
  const [rows, setRows] = useState<Row[]>(initial.map((r) => ({ group: r.group, role: r.role as BuiltInRole })));
  const [state, setState] = useState<{ kind: "idle" | "saving" | "saved" | "error"; message?: string }>({
    kind: "idle",
  });
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function save() {
    setState({ kind: "saving" });
    try {
      await api.PATCH("/v1/scim/settings", { body: { group_role_mappings: rows.filter((r) => r.group.trim()) } });
      setState({ kind: "saved" });
      router.refresh();
    } catch (e) {
      setState({ kind: "error", message: (e as Error).message });
    }
  }

  return (
    <div className="space-y-3">
      <datalist id="scim-groups">
        {groups.map((g) => (
          <option key={g} value={g} />
        ))}
      </datalist>
      {rows.length === 0 && <p className="text-sm text-muted">No mappings: provisioned users keep the Viewer role.</p>}
      {rows.map((r, i) => (
        <div key={i} className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <label className="sr-only" htmlFor={`map-group-${i}`}>
            IdP group
          </label>
          <input
            id={`map-group-${i}`}
            list="scim-groups"
            value={r.group}
            disabled={!canWrite}
            onChange={(e) => update(i, { group: e.target.value })}
            placeholder="IdP group display name"
            className={`${field} sm:flex-1`}
          />
          <span aria-hidden className="hidden text-muted sm:inline">
            →
          </span>
          <label className="sr-only" htmlFor={`map-role-${i}`}>
            Warden role
          </label>
          <select
            id={`map-role-${i}`}
            value={r.role}
            disabled={!canWrite}
            onChange={(e) => update(i, { role: e.target.value as BuiltInRole })}
            className={field}
          >
            {BUILT_IN_ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABEL[role]}
              </option>
            ))}
          </select>
          {canWrite && (
            <Button size="sm" variant="ghost" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              Remove
            </Button>
          )}
        </div>
      ))}
      {canWrite && (
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" onClick={() => setRows([...rows, { group: "", role: "viewer" }])}>
            Add mapping
          </Button>
          <Button size="sm" variant="primary" disabled={state.kind === "saving"} onClick={save}>
            Save mappings
          </Button>
          {state.kind === "saved" && (
            <span role="status" className="text-sm text-success-text">
              Saved; roles re-applied.
            </span>
          )}
          {state.kind === "error" && (
            <span role="alert" className="text-sm text-danger-text">
              {state.message}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
