import type { Permission } from "@/lib/rbac/permissions";
import { EmptyState } from "@/components/ui/empty-state";

/** What a page says to someone whose role lacks its permission. */
export function NoAccess({ permission }: { permission: Permission }) {
  return (
    <EmptyState icon="lock" title="You don't have access to this page">
      <p>
        Your role doesn&apos;t include the <code className="font-mono text-fg">{permission}</code> permission. Ask a
        tenant admin if you need it; Access debug (under Settings) shows what your role allows.
      </p>
    </EmptyState>
  );
}
