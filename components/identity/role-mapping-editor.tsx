"use client";
import { inputFlowClass } from "@/components/ui/field";
import { BUILT_IN_ROLES, ROLE_LABEL } from "@/lib/rbac/permissions";
import { Button } from "@/components/ui/button";

export type MappingRow = { value: string; role: string };

// IdP value -> Warden role rows. The defaults (admin, developer, viewer, matched case-insensitively)
// always apply; rows here add to or override them. A custom role is entered by its id.
export function RoleMappingEditor({ rows, onChange }: { rows: MappingRow[]; onChange: (rows: MappingRow[]) => void }) {
  const set = (i: number, patch: Partial<MappingRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium text-fg">Role mapping</legend>
      <p className="text-xs text-muted">
        Defaults: the values admin, developer and viewer map to those roles (any case). With several matches the highest
        role wins.
      </p>
      {rows.map((r, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2">
          <input
            aria-label={`IdP value ${i + 1}`}
            className={`${inputFlowClass} flex-1`}
            placeholder="IdP value, e.g. Warden-Admins"
            value={r.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <span className="text-subtle">→</span>
          <input
            aria-label={`Warden role ${i + 1}`}
            list="warden-roles"
            className={`${inputFlowClass} flex-1`}
            placeholder="admin, developer, viewer or a custom role id"
            value={r.role}
            onChange={(e) => set(i, { role: e.target.value })}
          />
          <Button size="sm" variant="ghost" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove
          </Button>
        </div>
      ))}
      <datalist id="warden-roles">
        {BUILT_IN_ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABEL[r]}
          </option>
        ))}
      </datalist>
      <div>
        <Button size="sm" onClick={() => onChange([...rows, { value: "", role: "viewer" }])}>
          Add mapping
        </Button>
      </div>
    </fieldset>
  );
}
