// The Audit page's non-data states, worded for the person looking at them.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Icon } from "@/components/ui/icons";

export function NoEntries({ filtered }: { filtered: boolean }) {
  return (
    <div className="px-5 py-12 text-center" data-testid="audit-empty">
      <div className="mx-auto flex size-10 items-center justify-center rounded-lg bg-accent-soft text-accent-text">
        <Icon name="audit" className="size-5" />
      </div>
      <h2 className="mt-3 text-sm font-semibold text-fg">
        {filtered ? "No entries match these filters" : "No audit entries yet"}
      </h2>
      <p className="mx-auto mt-1 max-w-sm text-sm text-muted">
        {filtered
          ? "Widen the time range or clear a filter."
          : "Sign-ins, role changes, key operations and exports will appear here as they happen."}
      </p>
      {filtered && (
        <Link href="/audit" className={buttonClass("secondary", "sm", "mt-4")}>
          Clear filters
        </Link>
      )}
    </div>
  );
}

export function FilterProblem({ message }: { message: string }) {
  return (
    <div
      role="alert"
      className="m-4 rounded-md border border-danger-border bg-danger-soft px-4 py-3 text-sm text-danger-text"
    >
      <p className="font-medium">These filters cannot be applied</p>
      <p className="mt-1">{message}</p>
    </div>
  );
}

export function EntryMissing({ closeHref }: { closeHref: string }) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-warning-border bg-warning-soft px-4 py-3 text-sm text-warning-text"
    >
      <span>That audit entry does not exist in this tenant (or has been removed by retention).</span>
      <Link href={closeHref} className="font-medium underline underline-offset-2">
        Dismiss
      </Link>
    </div>
  );
}
