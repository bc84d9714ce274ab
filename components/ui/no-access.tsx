// The one "not allowed" view: what a page (or a section) says to someone whose role lacks its
// permission. Every console page's `refused` renders it under the page's header (refusedView);
// the server has already refused the data.
import type { ReactNode } from "react";
import type { Permission } from "@/lib/rbac/permissions";
import { EmptyState } from "@/components/ui/empty-state";

export function NoAccess({
  permission,
  to = "this page",
  testId,
}: {
  permission: Permission;
  /** What is out of reach, after "You don't have access to" (default "this page"). */
  to?: string;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      <EmptyState icon="lock" title={`You don't have access to ${to}`}>
        <p>
          Your role doesn&apos;t include the <code className="font-mono text-fg">{permission}</code> permission. Ask a
          tenant admin if you need it; Access debug (under Settings) shows what your role allows.
        </p>
      </EmptyState>
    </div>
  );
}

/** A page's `refused` view (page() in lib/http/page.tsx): the page's own header over NoAccess. */
export function refusedView(header: ReactNode, permission: Permission, more?: { to?: string; testId?: string }) {
  return function NoAccessPage() {
    return (
      <>
        {header}
        <NoAccess permission={permission} {...more} />
      </>
    );
  };
}
