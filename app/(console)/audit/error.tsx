"use client";
// When the trail cannot be read (database down, a bug): say so, offer a retry, keep the shell.
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export default function AuditError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <PageHeader title="Audit" />
      <section
        role="alert"
        className="rounded-lg border border-danger-border bg-danger-soft px-5 py-6 text-sm text-danger-text"
      >
        <h2 className="text-base font-semibold">The audit trail could not be loaded</h2>
        <p className="mt-1">
          Nothing was changed. Try again; if it keeps failing, quote{" "}
          {error.digest ? `error ${error.digest}` : "the time"} to your administrator.
        </p>
        <Button className="mt-4" onClick={reset}>
          Try again
        </Button>
      </section>
    </>
  );
}
