// The Reports page for a role without reports.read.
import { Icon } from "@/components/ui/icons";

export function NoAccess({ permission }: { permission: string }) {
  return (
    <section className="rounded-lg border border-border bg-surface px-5 py-8 sm:px-8" data-testid="reports-no-access">
      <div className="flex size-10 items-center justify-center rounded-lg bg-surface-2 text-muted">
        <Icon name="lock" className="size-5" />
      </div>
      <h2 className="mt-4 text-base font-semibold text-fg">You don&apos;t have access to reports</h2>
      <p className="mt-2 max-w-xl text-sm leading-6 text-muted">
        Reading reports needs the <code className="font-mono text-xs">{permission}</code> permission, which your role
        does not include. Ask a tenant administrator if you need it.
      </p>
    </section>
  );
}
