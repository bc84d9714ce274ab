// Shapes the roles page hands its client components (plain data, serialisable).
import type { ActionResult } from "@/lib/http/action-result";
import type { BuiltInRole, Permission } from "@/lib/rbac/permissions";

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  permissions: Permission[];
  resource_scope: { teams?: string[] } | null;
  user_count?: number;
}

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: string;
  custom_role: { id: string; name: string } | null;
  active: boolean;
}

export interface TeamRef {
  id: string;
  name: string;
}

export type Result<T> = ActionResult<T>;

export interface RoleInput {
  name: string;
  description: string;
  permissions: Permission[];
  resource_scope: { teams: string[] } | null;
}

export interface RolesActions {
  createRole: (input: RoleInput) => Promise<Result<RoleRow>>;
  updateRole: (input: RoleInput & { id: string }) => Promise<Result<RoleRow>>;
  deleteRole: (input: { id: string }) => Promise<Result<unknown>>;
  assignUserRole: (input: {
    user_id: string;
    role?: BuiltInRole;
    custom_role_id?: string | null;
  }) => Promise<Result<unknown>>;
}
