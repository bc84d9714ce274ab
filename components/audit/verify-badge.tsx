"use client";

// The chain status from the latest recorded verification, and "Verify now". Verify now calls
// GET /v1/audit/verify, the one declared entry point (audit.verify, checked on the server):
// it verifies in its own transactions, records the result and audits who asked; the page
// then re-renders from the new record.
import { useCan } from "@/components/rbac/can";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Icon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { api, must } from "@/lib/api/client";
import { formatUtc } from "./format";
import type { VerificationView, VerifyActionState } from "./types";

const TRIGGER: Record<string, string> = {
  scheduled: "scheduled check",
  api: "checked on request",
  cli: "checked from the command line",
  export: "checked for an export",
};

interface Props {
  latest: VerificationView | null;
  /** Whether to offer "Verify now" (the server decided from audit.verify). */
}

export function VerifyBadge({ latest }: Props) {
  const canVerify = useCan("audit.verify");
  const router = useRouter();
  const [state, setState] = useState<VerifyActionState>({ status: "idle" });
  const [pending, startTransition] = useTransition();

  const verify = () =>
    startTransition(async () => {
      try {
        const body = await must(api.GET("/v1/audit/verify"));
        setState({
          status: "done",
          verified: Boolean(body.verified),
          message: body.verified
            ? `Chain verified: ${body.checked} entries checked.`
            : `Chain broken at seq ${body.first_bad_seq}: ${body.reason}`,
        });
        router.refresh();
      } catch (e) {
        // An ApiError's message carries the request id; no answer at all reads "Warden could not be reached".
        setState({ status: "error", message: (e as Error).message });
      }
    });

  const ok = latest?.verified;
  const tone = !latest
    ? "border-border bg-surface"
    : ok
      ? "border-success-text/25 bg-success-soft"
      : "border-danger-border bg-danger-soft";

  return (
    <section
      aria-label="Chain verification"
      className={cn(
        "flex flex-col gap-3 rounded-lg border px-4 py-3 sm:flex-row sm:items-center sm:justify-between",
        tone,
      )}
    >
      <div className="flex min-w-0 items-start gap-3">
        <span
          className={cn(
            "mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full",
            !latest
              ? "bg-surface-2 text-muted"
              : ok
                ? "bg-success-text/15 text-success-text"
                : "bg-danger-text/15 text-danger-text",
          )}
        >
          <Icon name={!latest ? "info" : ok ? "roles" : "alert"} className="size-4" />
        </span>
        <div
          className="min-w-0"
          data-testid="audit-verify-badge"
          data-verified={latest ? String(latest.verified) : "unknown"}
        >
          <p
            className={cn("text-sm font-semibold", !latest ? "text-fg" : ok ? "text-success-text" : "text-danger-text")}
          >
            {!latest
              ? "Chain not verified yet"
              : ok
                ? `Chain verified · ${latest.checked.toLocaleString("en-US")} entries · checked at ${formatUtc(latest.checked_at)}`
                : `Chain broken at seq ${latest.first_bad_seq ?? "?"}: ${latest.reason ?? "unknown reason"}`}
          </p>
          <p className="mt-0.5 text-xs text-muted">
            {!latest
              ? "No verification has been recorded for this tenant."
              : `${ok ? "Every entry's HMAC and link to the one before it matched" : `Checked ${latest.checked.toLocaleString("en-US")} entries at ${formatUtc(latest.checked_at)}`} · ${TRIGGER[latest.trigger] ?? latest.trigger}`}
          </p>
          <p className="sr-only" aria-live="polite">
            {state.status !== "idle" ? state.message : ""}
          </p>
          {state.status === "error" && <p className="mt-1 text-xs font-medium text-danger-text">{state.message}</p>}
        </div>
      </div>
      {canVerify && (
        <button
          type="button"
          onClick={verify}
          disabled={pending}
          className={buttonClass("secondary", "sm", "shrink-0 self-start sm:self-center")}
        >
          {pending ? "Verifying…" : "Verify now"}
        </button>
      )}
    </section>
  );
}
