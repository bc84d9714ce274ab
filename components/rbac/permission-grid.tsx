"use client";

import { ACTIONS, PERMISSION_GRID, type Permission } from "@/lib/rbac/permissions";
import { cn } from "@/components/ui/cn";

interface Props {
  value: ReadonlySet<Permission>;
  /** Omit for a read-only grid. */
  onChange?: (next: Set<Permission>) => void;
  /** Permissions the editor may grant; others are disabled with the reason (no escalation). */
  grantable?: ReadonlySet<Permission>;
  label: string;
}

const USED_ACTIONS = ACTIONS.filter((a) => PERMISSION_GRID.some((r) => r.actions[a]));

// Resources x actions. Cells that do not exist for a resource stay empty.
export function PermissionGrid({ value, onChange, grantable, label }: Props) {
  const toggle = (p: Permission) => {
    const next = new Set(value);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    onChange?.(next);
  };
  return (
    <div className="relative overflow-x-auto rounded-md border border-border">
      <table className="w-full min-w-[34rem] text-sm" aria-label={label}>
        <thead className="bg-surface-2 text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 text-left font-medium">
              Resource
            </th>
            {USED_ACTIONS.map((a) => (
              <th key={a} scope="col" className="px-2 py-2 text-center font-medium capitalize">
                {a}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {PERMISSION_GRID.map((row) => (
            <tr key={row.resource}>
              <th scope="row" className="px-3 py-1.5 text-left font-normal text-fg">
                {row.label}
              </th>
              {USED_ACTIONS.map((a) => {
                const p = row.actions[a];
                if (!p) return <td key={a} />;
                if (!onChange) return <ReadOnlyCell key={a} permission={p} granted={value.has(p)} />;
                const locked = grantable ? !grantable.has(p) && !value.has(p) : false;
                return (
                  <td key={a} className="px-2 py-1.5 text-center">
                    <input
                      type="checkbox"
                      aria-label={p}
                      checked={value.has(p)}
                      disabled={locked}
                      title={locked ? `You can't grant ${p}: your role doesn't include it.` : p}
                      onChange={() => toggle(p)}
                      className={cn("size-4 accent-[var(--accent)]", locked && "cursor-not-allowed opacity-60")}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReadOnlyCell({ permission, granted }: { permission: Permission; granted: boolean }) {
  return (
    <td className="px-2 py-1.5 text-center">
      {granted ? (
        <svg
          viewBox="0 0 24 24"
          role="img"
          aria-label={`${permission}: granted`}
          className="mx-auto size-4 text-accent-text"
          fill="none"
          stroke="currentColor"
          strokeWidth={2.25}
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M5 12l5 5L20 7" />
        </svg>
      ) : (
        <span className="text-subtle" aria-label={`${permission}: not granted`}>
          –
        </span>
      )}
    </td>
  );
}
