"use client";

// The detail drawer for ?entry=<id>. A native modal <dialog> (Escape, focus containment and
// inert background come from the browser); closing puts focus on the entry's row link, so
// keyboard users land where they were, and navigates back to the list URL.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Icon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button";
import { DiffView } from "./diff-view";
import { actorLabel, formatUtc, outcomeTone, targetLabel } from "./format";
import { beforeAfter } from "./json-diff";
import type { AuditRow } from "./types";

export function EntryDrawer({ entry, closeHref }: { entry: AuditRow; closeHref: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, [entry.id]);

  // Every way out (Escape, the close button, a backdrop click) closes the native dialog first,
  // which makes the page interactive again so focus can return to the row; then the URL follows.
  const onClosed = () => {
    document.querySelector<HTMLElement>(`[data-entry-link="${CSS.escape(entry.id)}"]`)?.focus();
    router.push(closeHref, { scroll: false });
  };
  const close = () => ref.current?.close();

  const copy = async () => {
    const url = `${window.location.origin}/audit?entry=${encodeURIComponent(entry.id)}`;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      window.prompt("Copy this link", url);
    }
  };

  const diff = beforeAfter(entry.details);
  const { before: _b, after: _a, ...otherDetails } = entry.details;

  return (
    <dialog
      ref={ref}
      aria-labelledby="audit-entry-title"
      onClose={onClosed}
      onClick={(e) => e.target === e.currentTarget && close()}
      className="m-0 ml-auto h-dvh max-h-none w-full max-w-none border-0 bg-surface p-0 text-fg shadow-xl sm:w-[34rem] sm:border-l sm:border-border"
      data-testid="audit-drawer"
    >
      <div className="flex h-full flex-col">
        <header className="flex items-start justify-between gap-3 border-b border-border px-5 py-4">
          <div className="min-w-0">
            <p className="text-xs text-muted">Entry #{entry.seq}</p>
            <h2 id="audit-entry-title" className="mt-0.5 font-mono text-base font-semibold break-all">
              {entry.action}
            </h2>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <Badge tone={outcomeTone(entry.outcome)}>{entry.outcome}</Badge>
              <Badge className="capitalize">{entry.category}</Badge>
            </div>
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <button type="button" onClick={copy} className={buttonClass("secondary", "sm")}>
              {copied ? "Copied" : "Copy link"}
            </button>
            <button
              type="button"
              onClick={close}
              className="inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg"
            >
              <Icon name="close" className="size-5" />
              <span className="sr-only">Close entry</span>
            </button>
          </div>
        </header>
        <div className="flex-1 space-y-6 overflow-y-auto overscroll-contain px-5 py-5">
          <Fields
            rows={[
              ["Time", formatUtc(entry.ts)],
              [
                "Actor",
                `${actorLabel(entry.actor)}${entry.actor.email && entry.actor.name ? ` <${entry.actor.email}>` : ""}`,
              ],
              ["Actor ref", entry.actor.ref, true],
              ["Actor kind", entry.actor.kind],
              ["Auth method", entry.auth_method ?? "—"],
              ["Target", targetLabel(entry.target)],
              ["IP", entry.ip ?? "—"],
              ["Request ID", entry.request_id ?? "—", true],
              ["Entry ID", entry.id, true],
            ]}
          />
          <nav aria-label="Related entries" className="flex flex-wrap gap-2">
            {entry.target && (
              <Link
                href={`/audit?target=${encodeURIComponent(entry.target.id ?? entry.target.type)}`}
                className={buttonClass("secondary", "sm")}
              >
                All entries about this target
              </Link>
            )}
            <Link
              href={`/audit?actor=${encodeURIComponent(entry.actor.ref)}`}
              className={buttonClass("secondary", "sm")}
            >
              All entries by this actor
            </Link>
          </nav>
          {diff && (
            <section>
              <h3 className="mb-2 text-sm font-semibold">Change</h3>
              <DiffView before={diff.before} after={diff.after} />
            </section>
          )}
          {Object.keys(otherDetails).length > 0 && (
            <section>
              <h3 className="mb-2 text-sm font-semibold">Details</h3>
              <pre className="overflow-x-auto rounded-md border border-border bg-surface-2 p-3 font-mono text-xs">
                {JSON.stringify(otherDetails, null, 2)}
              </pre>
            </section>
          )}
          <section>
            <h3 className="mb-2 text-sm font-semibold">Chain</h3>
            <Fields
              rows={[
                ["Seq", String(entry.seq)],
                ["Hash", entry.hash, true],
                ["Prev hash", entry.prev_hash, true],
                ["Key ID", entry.key_id, true],
              ]}
            />
          </section>
        </div>
      </div>
    </dialog>
  );
}

function Fields({ rows }: { rows: [string, string, boolean?][] }) {
  return (
    <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
      {rows.map(([k, v, mono]) => (
        <div key={k} className="contents">
          <dt className="text-muted">{k}</dt>
          <dd className={mono ? "font-mono text-xs leading-5 break-all" : "break-words"}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
