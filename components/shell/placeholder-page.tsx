import type { ReactNode } from "react";
import type { Permission } from "@/lib/rbac/permissions";
import { Can } from "@/components/rbac/can";
import { EmptyState } from "@/components/ui/empty-state";
import type { IconName } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

interface PlaceholderPageProps {
  title: string;
  description: string;
  icon: IconName;
  /** What the finished page is, e.g. "Audit explorer". */
  feature: string;
  permission: Permission | null;
  /** Plain description of what the page will do once built. */
  children: ReactNode;
}

// A page whose feature has not landed says so plainly instead of showing sample data.
// The permission check here only decides what to say; the server guards the real data later.
export function PlaceholderPage({ title, description, icon, feature, permission, children }: PlaceholderPageProps) {
  const body = (
    <EmptyState icon={icon} title={`${feature} is not available yet`} status="Not built yet">
      {children}
    </EmptyState>
  );
  return (
    <>
      <PageHeader title={title} description={description} />
      {permission ? (
        <Can permission={permission} fallback={<NoAccess permission={permission} />}>
          {body}
        </Can>
      ) : (
        body
      )}
    </>
  );
}

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
