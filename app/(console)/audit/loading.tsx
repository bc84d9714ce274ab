// Shown while the Audit page reads its entries (filters and paging are server round trips).
export default function AuditLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="flex flex-col gap-4">
      <span className="sr-only">Loading audit entries…</span>
      <div className="h-7 w-32 animate-pulse rounded bg-surface-2" />
      <div className="h-16 animate-pulse rounded-lg bg-surface-2" />
      <div className="h-36 animate-pulse rounded-lg bg-surface-2" />
      <div className="flex flex-col gap-px overflow-hidden rounded-lg border border-border">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-10 animate-pulse bg-surface-2" />
        ))}
      </div>
    </div>
  );
}
