"use client";
// Settings -> Support access (ADR 0037): grant a named platform operator time-boxed access (role,
// hours, reason), and every grant with its status and use (audit entries written under it, linked
// to the audit trail filtered by the grant), revocable while active. Calls go through the typed
// /v1 client; the server re-checks every permission.
import Link from "next/link";
import { useState } from "react";
import { dateTime } from "@/components/governance/form";
import { inputClass } from "@/components/ui/field";
import { useRun } from "@/components/monitoring/use-run";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LabeledField } from "@/components/ui/labeled-field";
import { Outcome } from "@/components/ui/outcome";
import { api, must } from "@/lib/api/client";
import type { SupportGrantView } from "@/lib/support/views";

const ROLE: Record<SupportGrantView["role"], string> = { read_only: "Read-only", admin: "Admin" };
const STATUS_TONE = { active: "success", expired: "neutral", revoked: "warning" } as const;

function GrantForm() {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<SupportGrantView["role"]>("read_only");
  const [hours, setHours] = useState("4");
  const [reason, setReason] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, run } = useRun();
  const grant = async () => {
    setSaved(null);
    const ok = await run(() =>
      must(api.POST("/v1/support-access", { body: { operator_email: email, role, hours: Number(hours), reason } })),
    );
    if (ok) {
      setSaved(`Access granted to ${email} for ${hours} h`);
      setEmail("");
      setReason("");
    }
  };
  return (
    <Card className="flex flex-col gap-3 p-4">
      <div>
        <h2 className="text-sm font-medium text-fg">Grant access</h2>
        <p className="text-sm text-muted">
          The operator sees this tenant in Platform and may enter it until the access ends (at most 72 hours) or you
          revoke it.
        </p>
      </div>
      <form
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr]"
        onSubmit={(e) => {
          e.preventDefault();
          void grant();
        }}
      >
        <fieldset className="contents" disabled={busy}>
          <LabeledField id="sa-email" label="Operator e-mail">
            <input
              id="sa-email"
              type="email"
              required
              autoComplete="off"
              className={inputClass}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              placeholder="operator@provider.example"
            />
          </LabeledField>
          <LabeledField id="sa-role" label="Role">
            <select
              id="sa-role"
              className={inputClass}
              value={role}
              onChange={(e) => setRole(e.target.value as SupportGrantView["role"])}
            >
              <option value="read_only">Read-only</option>
              <option value="admin">Admin</option>
            </select>
          </LabeledField>
          <LabeledField id="sa-hours" label="Duration (hours)" hint="1–72">
            <input
              id="sa-hours"
              type="number"
              inputMode="numeric"
              min={1}
              max={72}
              required
              className={inputClass}
              value={hours}
              onChange={(e) => setHours(e.target.value)}
            />
          </LabeledField>
          <div className="sm:col-span-2">
            <LabeledField id="sa-reason" label="Reason" hint="For example the support ticket">
              <input
                id="sa-reason"
                required
                maxLength={500}
                className={inputClass}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </LabeledField>
          </div>
          <div className="flex items-end">
            <Button type="submit" variant="primary" className="w-full sm:mb-[1.125rem]">
              {busy ? "Granting…" : "Grant access"}
            </Button>
          </div>
        </fieldset>
      </form>
      <Outcome error={error} saved={saved} />
    </Card>
  );
}

function GrantRow({ g }: { g: SupportGrantView }) {
  const { busy, error, run } = useRun();
  return (
    <li
      className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-start sm:justify-between"
      data-testid="support-grant"
      data-grant-id={g.id}
    >
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium text-fg">
          <span className="min-w-0 truncate">{g.operator_email}</span>
          <Badge tone={STATUS_TONE[g.status]}>
            {g.status === "active" ? "Active" : g.status === "expired" ? "Expired" : "Revoked"}
          </Badge>
          <Badge>{ROLE[g.role]}</Badge>
        </p>
        <p className="mt-0.5 text-sm text-muted">{g.reason}</p>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-muted sm:grid-cols-[auto_1fr_auto_1fr]">
          <dt>Granted</dt>
          <dd className="text-fg tabular-nums">{dateTime(g.created_at)}</dd>
          <dt>{g.status === "revoked" ? "Revoked" : g.status === "expired" ? "Ended" : "Ends"}</dt>
          <dd className="text-fg tabular-nums">{dateTime(g.revoked_at ?? g.expires_at)}</dd>
          <dt>Used</dt>
          <dd className="text-fg">
            {g.uses === 0 ? (
              "Not yet"
            ) : (
              <Link
                className="text-accent-text underline-offset-2 hover:underline"
                href={`/audit?actor=${encodeURIComponent(g.id)}`}
              >
                {g.uses} audit {g.uses === 1 ? "entry" : "entries"}
              </Link>
            )}
          </dd>
          <dt>Last used</dt>
          <dd className="text-fg tabular-nums">{g.last_used_at ? dateTime(g.last_used_at) : "—"}</dd>
        </dl>
        {error && (
          <p role="alert" className="mt-1 text-sm text-danger-text">
            {error}
          </p>
        )}
      </div>
      {g.status === "active" && (
        <div className="shrink-0">
          <Button
            size="sm"
            disabled={busy}
            aria-label={`Revoke support access of ${g.operator_email}`}
            onClick={() => run(() => must(api.DELETE("/v1/support-access/{id}", { params: { path: { id: g.id } } })))}
          >
            Revoke
          </Button>
        </div>
      )}
    </li>
  );
}

export function SupportAccessPanel({ grants }: { grants: SupportGrantView[] }) {
  return (
    <div className="flex flex-col gap-4">
      <GrantForm />
      <section aria-labelledby="support-grants-h" className="flex flex-col gap-3">
        <h2 id="support-grants-h" className="text-base font-semibold text-fg">
          Grants
        </h2>
        {grants.length === 0 ? (
          <p className="rounded-md border border-border px-4 py-3 text-sm text-muted">
            No support access was ever granted.
          </p>
        ) : (
          <ul
            className="divide-y divide-border rounded-lg border border-border bg-surface"
            aria-label="Support access grants"
          >
            {grants.map((g) => (
              <GrantRow key={g.id} g={g} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
