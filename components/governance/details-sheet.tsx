"use client";
// The details sheet of a customer, team, user or virtual key: its own fields (passed in), its
// budgets with the current period's spend, its rate limits, its keys, and 30 days of usage.
import { useEffect, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { Act, OwnerDetails, OwnerType } from "./types";
import { date, dateTime, int, usd } from "./form";
import { WINDOW_LABEL } from "./limits-editor";
import { Sheet } from "./sheet";
import { KeyStatusBadge } from "./status";
import { UsageChart } from "./usage-chart";

export type LoadDetails = Act<{ type: OwnerType; id: string }, OwnerDetails>;

export function DetailsSheet({
  target,
  load,
  onClose,
  title,
  facts,
  actions,
  children,
}: {
  target: { type: OwnerType; id: string } | null;
  load: LoadDetails;
  onClose: () => void;
  title: string;
  facts?: [string, ReactNode][];
  actions?: ReactNode;
  /** Extra sections of this kind of owner, under the facts (a user's console sessions). */
  children?: ReactNode;
}) {
  const [state, setState] = useState<{ key: string; data?: OwnerDetails; error?: string } | null>(null);
  const key = target ? `${target.type}:${target.id}` : null;
  // Keyed by the string, not the object: the parent builds a new target object on every render.
  useEffect(() => {
    if (!key) return;
    const [type, id] = key.split(":") as [OwnerType, string];
    let live = true;
    load({ type, id }).then(
      (out) => live && setState({ key, ...(out.ok ? { data: out.data } : { error: out.error.message }) }),
    );
    return () => {
      live = false;
    };
  }, [key, load]);
  const current = state?.key === key ? state : null;
  const d = current?.data;
  return (
    <Sheet
      open={target !== null}
      onClose={onClose}
      title={title}
      description="Details, limits and the last 30 days of usage"
      footer={actions}
    >
      <div className="space-y-6">
        {facts && facts.length > 0 && (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            {facts.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted">{k}</dt>
                <dd className="min-w-0 break-words text-fg">{v}</dd>
              </div>
            ))}
          </dl>
        )}
        {children}
        {!current && (
          <p className="text-sm text-muted" role="status">
            Loading usage and limits…
          </p>
        )}
        {current?.error && (
          <p role="alert" className="text-sm text-danger-text">
            {current.error}
          </p>
        )}
        {d && (
          <>
            {d.profile && <ProvisionedFacts p={d.profile} />}
            <section aria-labelledby="usage-h">
              <h3 id="usage-h" className="mb-2 text-sm font-semibold text-fg">
                Usage, last 30 days
              </h3>
              <div className="mb-3 grid grid-cols-3 gap-2 text-center">
                {(
                  [
                    ["Requests", int(d.totals.requests)],
                    ["Tokens", int(d.totals.tokens)],
                    ["Cost", usd(d.totals.cost)],
                  ] as const
                ).map(([k, v]) => (
                  <div key={k} className="rounded-md border border-border px-2 py-2">
                    <div className="text-xs text-muted">{k}</div>
                    <div className="font-semibold tabular-nums text-fg" data-testid={`total-${k.toLowerCase()}`}>
                      {v}
                    </div>
                  </div>
                ))}
              </div>
              <UsageChart data={d.series} label={d.name} />
            </section>
            <section aria-labelledby="budgets-h">
              <h3 id="budgets-h" className="mb-2 text-sm font-semibold text-fg">
                Budgets
              </h3>
              {d.budgets.length === 0 ? (
                <p className="text-sm text-muted">No budget of its own (limits of the levels above still apply).</p>
              ) : (
                <ul className="space-y-3">
                  {d.budgets.map((b) => (
                    <BudgetMeter key={b.id} b={b} />
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="rates-h">
              <h3 id="rates-h" className="mb-2 text-sm font-semibold text-fg">
                Rate limits
              </h3>
              {d.rate_limits.length === 0 ? (
                <p className="text-sm text-muted">None.</p>
              ) : (
                <ul className="space-y-1 text-sm text-fg">
                  {d.rate_limits.map((r) => (
                    <li key={r.id}>
                      {[
                        r.requests_per_window && `${int(r.requests_per_window)} requests`,
                        r.tokens_per_window && `${int(r.tokens_per_window)} tokens`,
                      ]
                        .filter(Boolean)
                        .join(" and ")}{" "}
                      per {WINDOW_LABEL[r.window as keyof typeof WINDOW_LABEL]}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {d.type !== "virtual_key" && (
              <section aria-labelledby="keys-h">
                <h3 id="keys-h" className="mb-2 text-sm font-semibold text-fg">
                  Virtual keys
                </h3>
                {d.keys.length === 0 ? (
                  <p className="text-sm text-muted">No keys belong to it directly.</p>
                ) : (
                  <ul className="divide-y divide-border rounded-md border border-border text-sm">
                    {d.keys.map((k) => (
                      <li key={k.id} className="flex items-center justify-between gap-2 px-3 py-2">
                        <span className="min-w-0">
                          <span className="font-medium text-fg">{k.name}</span>{" "}
                          <span className="font-mono text-xs text-muted">{k.prefix}…</span>
                        </span>
                        <span className="flex items-center gap-2 text-xs text-muted">
                          {k.expires_at ? `expires ${date(k.expires_at)}` : ""}
                          <KeyStatusBadge status={k.status} />
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            )}
          </>
        )}
      </div>
    </Sheet>
  );
}

/** What the IdP provisioned over SCIM (title, department, manager, phones, ...); only what is set. */
function ProvisionedFacts({ p }: { p: NonNullable<OwnerDetails["profile"]> }) {
  const manager = p.manager ? (p.manager.name ?? p.manager.id) : null;
  const rows: [string, string | null][] = [
    ["Title", p.title],
    ["Department", p.department],
    ["Division", p.division],
    ["Organization", p.organization],
    ["Cost center", p.cost_center],
    ["Employee number", p.employee_number],
    ["Manager", manager],
    ["Phone", p.phones.map((ph) => (ph.type ? `${ph.value} (${ph.type})` : ph.value)).join(", ") || null],
    ["User type", p.user_type],
    ["Locale", p.locale],
    ["Time zone", p.timezone],
  ];
  return (
    <section aria-labelledby="profile-h">
      <h3 id="profile-h" className="mb-2 text-sm font-semibold text-fg">
        From your identity provider (SCIM)
      </h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm" data-testid="scim-profile">
        {rows
          .filter((r): r is [string, string] => r[1] !== null)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd className="min-w-0 break-words text-fg">{v}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

export function BudgetMeter({
  b,
}: {
  b: {
    limit_usd: number;
    current_spent_usd: number;
    reserved_usd: number;
    window: string;
    mode: string;
    resets_at: string;
  };
}) {
  const pct = b.limit_usd > 0 ? Math.min(100, (b.current_spent_usd / b.limit_usd) * 100) : 100;
  const tone = pct >= 100 ? "danger" : pct >= 80 ? "warning" : "success";
  return (
    <li className="rounded-md border border-border p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-fg tabular-nums">
          {usd(b.current_spent_usd)} of {usd(b.limit_usd)}
        </span>
        <span className="flex items-center gap-2 text-xs text-muted">
          per {WINDOW_LABEL[b.window as keyof typeof WINDOW_LABEL]} ·{" "}
          <Badge tone={b.mode === "calendar" ? "accent" : "neutral"}>
            {b.mode === "calendar" ? "calendar UTC" : "rolling"}
          </Badge>
        </span>
      </div>
      <div
        className="mt-2 h-2 overflow-hidden rounded-full bg-surface-2"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={b.limit_usd}
        aria-valuenow={b.current_spent_usd}
        aria-label="Spend against budget"
      >
        <div
          className={`h-full rounded-full ${tone === "danger" ? "bg-danger-text" : tone === "warning" ? "bg-warning-border" : "bg-accent"}`}
          style={{ width: `${pct}%` }}
        />
      </div>
      <p className="mt-1.5 text-xs text-muted">
        {Math.round(pct)}% spent
        {b.reserved_usd > 0 ? ` · ${usd(b.reserved_usd, 4)} reserved by requests in flight` : ""} · resets{" "}
        {dateTime(b.resets_at)}
      </p>
    </li>
  );
}
