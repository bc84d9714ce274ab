"use client";

import { Panel } from "@/components/ui/panel";
import { useState } from "react";
import { BUILT_IN_ROLES, ROLE_LABEL, ROLE_PERMISSIONS, type BuiltInRole } from "@/lib/rbac/permissions";
import { PermissionGrid } from "@/components/rbac/permission-grid";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

const SUMMARY: Record<BuiltInRole, string> = {
  admin: "Everything in the tenant, including identity, roles and the audit trail.",
  developer: "Dashboards, usage, request logs, virtual keys and API keys; governance read-only.",
  viewer: "Read-only dashboards and reports.",
};

// The built-in roles, read-only: they come from lib/rbac/permissions.ts, not the database.
export function BuiltInRoles() {
  const [open, setOpen] = useState<BuiltInRole>("developer");
  return (
    <Panel id="built-in" title="Built-in roles" className="">
      <div className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-3" role="tablist" aria-label="Built-in roles">
          {BUILT_IN_ROLES.map((r) => (
            <button
              key={r}
              role="tab"
              aria-selected={open === r}
              onClick={() => setOpen(r)}
              className={cn(
                "rounded-lg border bg-surface p-3 text-left",
                open === r ? "border-accent ring-1 ring-accent" : "border-border hover:bg-surface-2",
              )}
            >
              <span className="flex items-center justify-between gap-2">
                <span className="font-medium text-fg">{ROLE_LABEL[r]}</span>
                <Badge>{ROLE_PERMISSIONS[r].size} permissions</Badge>
              </span>
              <span className="mt-1 block text-sm text-muted">{SUMMARY[r]}</span>
            </button>
          ))}
        </div>
        <Card className="p-3" role="tabpanel" aria-label={`${ROLE_LABEL[open]} permissions`}>
          <PermissionGrid label={`${ROLE_LABEL[open]} permissions (read-only)`} value={ROLE_PERMISSIONS[open]} />
        </Card>
      </div>
    </Panel>
  );
}
