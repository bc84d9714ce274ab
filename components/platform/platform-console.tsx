"use client";
// Platform (ADR 0032): every tenant with its health aggregates (people, last activity, the audit
// chain head and last verification, 30-day usage), create, suspend and resume; for a suspended
// tenant the signed export (ADR 0040) and deletion after the grace period, cancel while it is
// scheduled, and purged tenants' erasure certificates (ADR 0035); the operators
// (grant, revoke) and the newest platform log lines. Every call goes through the typed /v1
// client to /v1/platform/*, which accepts a platform operator's session only.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { inputClass } from "@/components/ui/field";
import { useRun } from "@/components/monitoring/use-run";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { CardPanel } from "@/components/ui/panel";
import { Dialog } from "@/components/ui/dialog";
import { LabeledField } from "@/components/ui/labeled-field";
import { PageHeader } from "@/components/ui/page-header";
import { api, must, type RequestBody } from "@/lib/api/client";
import type { OperatorGrantView } from "@/lib/support/views";

type Tenant = {
  id: string;
  slug: string;
  name: string;
  domains: string[];
  status: "active" | "suspended";
  people: number;
  last_activity_at: string | null;
  audit_head_seq: number | null;
  last_verification: { at: string; verified: boolean } | null;
  usage_30d: { requests: number; cost_usd: string };
  deletion_due_at: string | null;
};
type ErasedRow = { tenant_id: string; slug: string; purged_at: string };
type OperatorRow = { id: string; email: string; granted_by: string; granted_at: string };
type LogRow = { id: string; at: string; operator_id: string; action: string; tenant_id: string | null };
type CreateBody = RequestBody<"/v1/platform/tenants", "post">;

const when = (iso: string | null) =>
  iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";

function CreateTenantForm() {
  const empty = {
    slug: "",
    name: "",
    domains: "",
    first_admin_email: "",
    invite: false,
    issuer: "",
    client_id: "",
    client_secret: "",
  };
  const [f, setF] = useState(empty);
  const { busy, error, run } = useRun();
  const set = (patch: Partial<typeof f>) => setF({ ...f, ...patch });
  const save = async () => {
    const body: CreateBody = {
      slug: f.slug.trim(),
      name: f.name.trim(),
      domains: f.domains.split(/[\s,;]+/).filter(Boolean),
      first_admin_email: f.first_admin_email.trim(),
      invite_first_admin: f.invite,
      ...(f.issuer.trim()
        ? {
            identity_provider: {
              name: "Single sign-on",
              issuer: f.issuer.trim(),
              client_id: f.client_id.trim(),
              client_secret: f.client_secret,
            },
          }
        : {}),
    };
    if (await run(() => must(api.POST("/v1/platform/tenants", { body })))) setF(empty);
  };
  return (
    <form
      aria-label="Create tenant"
      className="grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="contents" disabled={busy}>
        <LabeledField id="pt-slug" label="Slug" hint="Lower-case letters, digits, hyphens">
          <input
            id="pt-slug"
            className={inputClass}
            required
            value={f.slug}
            onChange={(e) => set({ slug: e.target.value })}
            placeholder="initech"
          />
        </LabeledField>
        <LabeledField id="pt-name" label="Name">
          <input
            id="pt-name"
            className={inputClass}
            required
            value={f.name}
            onChange={(e) => set({ name: e.target.value })}
            placeholder="Initech"
          />
        </LabeledField>
        <LabeledField id="pt-domains" label="E-mail domains" hint="Comma-separated">
          <input
            id="pt-domains"
            className={inputClass}
            required
            value={f.domains}
            onChange={(e) => set({ domains: e.target.value })}
            placeholder="initech.test"
          />
        </LabeledField>
        <LabeledField
          id="pt-admin"
          label="First admin"
          hint={
            f.invite
              ? "Invited by e-mail; admin once they accept and sign in"
              : "Admitted as admin at their first sign-in"
          }
        >
          <input
            id="pt-admin"
            type="email"
            className={inputClass}
            required
            value={f.first_admin_email}
            onChange={(e) => set({ first_admin_email: e.target.value })}
            placeholder="admin@initech.test"
          />
        </LabeledField>
        <label className="flex items-center gap-2 self-end pb-2 text-sm text-fg">
          <input
            id="pt-invite"
            type="checkbox"
            checked={f.invite}
            onChange={(e) => set({ invite: e.target.checked })}
          />
          Invite the first admin by e-mail
        </label>
        <LabeledField id="pt-issuer" label="IdP issuer (optional)" hint="The tenant's OpenID Connect IdP">
          <input
            id="pt-issuer"
            className={inputClass}
            value={f.issuer}
            onChange={(e) => set({ issuer: e.target.value })}
            placeholder="https://login.initech.test"
          />
        </LabeledField>
        <LabeledField id="pt-client" label="Client id">
          <input
            id="pt-client"
            className={inputClass}
            value={f.client_id}
            required={Boolean(f.issuer.trim())}
            onChange={(e) => set({ client_id: e.target.value })}
          />
        </LabeledField>
        <LabeledField id="pt-secret" label="Client secret">
          <input
            id="pt-secret"
            type="password"
            autoComplete="off"
            className={inputClass}
            value={f.client_secret}
            required={Boolean(f.issuer.trim())}
            onChange={(e) => set({ client_secret: e.target.value })}
          />
        </LabeledField>
        <div className="flex items-end">
          <Button type="submit" variant="primary" className="w-full sm:w-auto">
            {busy ? "Creating…" : "Create tenant"}
          </Button>
        </div>
      </fieldset>
      {error && (
        <p role="alert" className="text-sm text-danger-text sm:col-span-2 lg:col-span-4">
          {error}
        </p>
      )}
    </form>
  );
}

/** Export a suspended tenant (ADR 0040): a reason, then the signed bundle downloads. */
function ExportDialog({ t, open, onClose }: { t: Tenant; open: boolean; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const ok = reason.trim().length >= 3;
  const href = `/v1/platform/tenants/${encodeURIComponent(t.id)}/export?reason=${encodeURIComponent(reason.trim())}`;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Export ${t.name}`}
      description="Every row of the tenant as stored (secrets stay sealed), one JSON Lines file per table, with a manifest signed by the audit key. Recorded in the tenant's audit trail and the platform log, with your reason."
    >
      <LabeledField id={`px-reason-${t.slug}`} label="Reason" hint="Recorded in the platform log">
        <input
          id={`px-reason-${t.slug}`}
          className={inputClass}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Offboarding: the customer asked for its data"
        />
      </LabeledField>
      <p className="mt-2 text-xs text-muted">
        Verify it offline: <code className="font-mono">npm run verify:export -- bundle.zip key.json</code> with the key
        from /.well-known/warden-audit-key.
      </p>
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
        {ok ? (
          <a className={buttonClass("primary")} href={href} download onClick={() => setTimeout(onClose, 0)}>
            Download export
          </a>
        ) : (
          <Button variant="primary" disabled>
            Download export
          </Button>
        )}
      </div>
    </Dialog>
  );
}

/** Schedule a suspended tenant's deletion: shows the grace period, asks for the slug (ADR 0035). */
function DeleteDialog({
  t,
  graceDays,
  dueAt,
  open,
  onClose,
}: {
  t: Tenant;
  graceDays: number;
  dueAt: string;
  open: boolean;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState("");
  const { busy, error, run } = useRun();
  const confirm = async () => {
    if (await run(() => must(api.POST("/v1/platform/tenants/{id}/delete", { params: { path: { id: t.id } } })))) {
      setTyped("");
      onClose();
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title={`Schedule deletion of ${t.name}`}>
      <p className="text-sm text-fg">
        After a grace period of <strong>{graceDays === 1 ? "1 day" : `${graceDays} days`}</strong> (due about{" "}
        {when(dueAt)}) every row of the tenant is purged, its key is shredded and a signed erasure certificate is kept.
        Until then you can cancel, or resume the tenant.
      </p>
      <form
        className="mt-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === t.slug) void confirm();
        }}
      >
        <LabeledField id={`pd-slug-${t.slug}`} label={`Type ${t.slug} to confirm`}>
          <input
            id={`pd-slug-${t.slug}`}
            className={inputClass}
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </LabeledField>
        {error && (
          <p role="alert" className="mt-2 text-sm text-danger-text">
            {error}
          </p>
        )}
        <div className="mt-4 flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Keep the tenant
          </Button>
          <Button type="submit" variant="primary" disabled={busy || typed !== t.slug}>
            {busy ? "Scheduling…" : "Schedule deletion"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function TenantActions({ t, graceDays }: { t: Tenant; graceDays: number }) {
  const { busy, error, run } = useRun();
  const [dialog, setDialog] = useState<"export" | "delete" | null>(null);
  const [dueAt, setDueAt] = useState("");
  const params = { path: { id: t.id } };
  const suspended = t.status === "suspended";
  return (
    <div className="flex flex-col items-start gap-1.5">
      <div className="flex flex-wrap gap-1.5">
        {t.status === "active" ? (
          <Button
            size="sm"
            disabled={busy}
            aria-label={`Suspend ${t.name}`}
            onClick={() => void run(() => must(api.POST("/v1/platform/tenants/{id}/suspend", { params, body: {} })))}
          >
            Suspend
          </Button>
        ) : (
          <Button
            size="sm"
            variant="primary"
            disabled={busy}
            aria-label={`Resume ${t.name}`}
            onClick={() => void run(() => must(api.POST("/v1/platform/tenants/{id}/resume", { params })))}
          >
            Resume
          </Button>
        )}
        <Button
          size="sm"
          disabled={!suspended}
          aria-label={`Export ${t.name}`}
          title={suspended ? undefined : "Suspend the tenant to export its data"}
          onClick={() => setDialog("export")}
        >
          Export
        </Button>
        {suspended && !t.deletion_due_at && (
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Schedule deletion of ${t.name}`}
            onClick={() => {
              setDueAt(new Date(Date.now() + graceDays * 86_400_000).toISOString());
              setDialog("delete");
            }}
          >
            Schedule deletion
          </Button>
        )}
      </div>
      {t.deletion_due_at && (
        <div className="flex flex-wrap items-center gap-1.5" data-deletion-due={t.slug}>
          <Badge tone="danger">deletion due {when(t.deletion_due_at)}</Badge>
          <Button
            size="sm"
            variant="ghost"
            disabled={busy}
            aria-label={`Cancel deletion of ${t.name}`}
            onClick={() => void run(() => must(api.POST("/v1/platform/tenants/{id}/delete/cancel", { params })))}
          >
            Cancel deletion
          </Button>
        </div>
      )}
      {!suspended && <span className="text-xs text-muted">Export and deletion need a suspended tenant</span>}
      {error && (
        <span role="alert" className="text-xs text-danger-text">
          {error}
        </span>
      )}
      <ExportDialog t={t} open={dialog === "export"} onClose={() => setDialog(null)} />
      {suspended && (
        <DeleteDialog
          t={t}
          graceDays={graceDays}
          dueAt={dueAt}
          open={dialog === "delete"}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

/** Purged tenants (ADR 0035): what is left is their signed erasure certificate. */
function ErasedTenants({ erased }: { erased: ErasedRow[] }) {
  if (!erased.length) return <p className="px-4 py-3 text-sm text-muted">No tenant has been purged.</p>;
  return (
    <ul className="divide-y divide-border text-sm" aria-label="Purged tenants">
      {erased.map((e) => (
        <li
          key={e.tenant_id}
          className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between"
          data-erased={e.slug}
        >
          <div className="min-w-0">
            <p className="font-mono text-sm text-fg">{e.slug}</p>
            <p className="truncate text-xs text-muted">
              {e.tenant_id} · purged {when(e.purged_at)}
            </p>
          </div>
          <a
            className={buttonClass("secondary", "sm")}
            href={`/v1/platform/tenants/${encodeURIComponent(e.tenant_id)}/certificate`}
            download
            aria-label={`Download the erasure certificate of ${e.slug}`}
          >
            Download erasure certificate
          </a>
        </li>
      ))}
    </ul>
  );
}

function Chain({ t }: { t: Tenant }) {
  const v = t.last_verification;
  return (
    <div className="flex flex-col items-start gap-1">
      <span className="tabular-nums">{t.audit_head_seq === null ? "empty" : `head #${t.audit_head_seq}`}</span>
      {v ? (
        <Badge tone={v.verified ? "success" : "danger"}>
          {v.verified ? "verified" : "broken"} {when(v.at).slice(5, 16)}
        </Badge>
      ) : (
        <Badge>not verified yet</Badge>
      )}
    </div>
  );
}

/** Narrow screens: one card per tenant, the action in reach (the table needs 760 px). */
function TenantCards({ tenants, graceDays }: { tenants: Tenant[]; graceDays: number }) {
  return (
    <ul className="divide-y divide-border md:hidden">
      {tenants.map((t) => (
        <li key={t.id} data-tenant-card={t.slug} className="flex flex-col gap-2 px-4 py-3 text-sm">
          <div className="flex items-start justify-between gap-2">
            <div className="min-w-0">
              <p className="font-medium text-fg">{t.name}</p>
              <p className="truncate text-xs text-muted">
                {t.slug} · {t.domains.join(", ") || "no domain"}
              </p>
            </div>
            <Badge tone={t.status === "active" ? "success" : "danger"}>{t.status}</Badge>
          </div>
          <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-xs">
            <dt className="text-muted">People</dt>
            <dd className="tabular-nums text-fg">{t.people}</dd>
            <dt className="text-muted">Last activity</dt>
            <dd className="text-fg">{when(t.last_activity_at)}</dd>
            <dt className="text-muted">Audit chain</dt>
            <dd className="text-fg">
              <Chain t={t} />
            </dd>
            <dt className="text-muted">Usage 30 d</dt>
            <dd className="tabular-nums text-fg">
              {t.usage_30d.requests.toLocaleString("en-US")} req · ${t.usage_30d.cost_usd}
            </dd>
          </dl>
          <TenantActions t={t} graceDays={graceDays} />
        </li>
      ))}
    </ul>
  );
}

function TenantsTable({ tenants, graceDays }: { tenants: Tenant[]; graceDays: number }) {
  return (
    <div className="hidden overflow-x-auto md:block">
      <table className="w-full min-w-[760px] text-left text-sm">
        <thead className="bg-surface-2 text-xs text-muted">
          <tr>
            <th className="px-4 py-2 font-medium">Tenant</th>
            <th className="px-4 py-2 font-medium">Status</th>
            <th className="px-4 py-2 font-medium">People</th>
            <th className="px-4 py-2 font-medium">Last activity</th>
            <th className="px-4 py-2 font-medium">Audit chain</th>
            <th className="px-4 py-2 font-medium">Usage 30 d</th>
            <th className="px-4 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {tenants.map((t) => (
            <tr key={t.id} data-tenant={t.slug} className="align-top">
              <td className="px-4 py-3">
                <p className="font-medium text-fg">{t.name}</p>
                <p className="text-xs text-muted">
                  {t.slug} · {t.domains.join(", ") || "no domain"}
                </p>
              </td>
              <td className="px-4 py-3">
                <Badge tone={t.status === "active" ? "success" : "danger"}>{t.status}</Badge>
              </td>
              <td className="px-4 py-3 tabular-nums">{t.people}</td>
              <td className="px-4 py-3 text-muted">{when(t.last_activity_at)}</td>
              <td className="px-4 py-3">
                <Chain t={t} />
              </td>
              <td className="px-4 py-3 tabular-nums">
                {t.usage_30d.requests.toLocaleString("en-US")} req
                <span className="block text-xs text-muted">${t.usage_30d.cost_usd}</span>
              </td>
              <td className="px-4 py-3">
                <TenantActions t={t} graceDays={graceDays} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Operators({ me, operators }: { me: string; operators: OperatorRow[] }) {
  const [email, setEmail] = useState("");
  const { busy, error, run } = useRun();
  return (
    <>
      <ul className="divide-y divide-border">
        {operators.map((o) => (
          <li key={o.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
            <span className="min-w-0 truncate text-fg">
              {o.email} {o.id === me && <Badge tone="accent">you</Badge>}
            </span>
            <span className="flex items-center gap-3 text-xs text-muted">
              since {when(o.granted_at).slice(0, 10)}
              {o.id !== me && (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={busy}
                  aria-label={`Revoke ${o.email}`}
                  onClick={() =>
                    void run(() => must(api.DELETE("/v1/platform/operators/{id}", { params: { path: { id: o.id } } })))
                  }
                >
                  Revoke
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>
      <form
        aria-label="Grant operator"
        className="flex flex-col gap-2 border-t border-border p-4 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => must(api.POST("/v1/platform/operators", { body: { email } }))).then(
            (ok) => ok && setEmail(""),
          );
        }}
      >
        <div className="flex-1">
          <LabeledField id="po-email" label="Grant operator rights to">
            <input
              id="po-email"
              type="email"
              required
              className={inputClass}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              placeholder="name@provider.example"
            />
          </LabeledField>
        </div>
        <Button type="submit" disabled={busy}>
          Grant
        </Button>
      </form>
      {error && (
        <p role="alert" className="px-4 pb-3 text-sm text-danger-text">
          {error}
        </p>
      )}
    </>
  );
}

/** Support access granted to this operator by tenant admins (ADR 0037): enter a tenant under a grant. */
function SupportGrants({ grants }: { grants: OperatorGrantView[] }) {
  const { busy, error, run } = useRun();
  const router = useRouter();
  const enter = async (id: string) => {
    if (await run(() => must(api.POST("/v1/platform/support-access/{id}/enter", { params: { path: { id } } }))))
      router.push("/");
  };
  if (!grants.length) return <p className="px-4 py-3 text-sm text-muted">No tenant has granted you support access.</p>;
  return (
    <>
      {error && (
        <p role="alert" className="px-4 pt-3 text-sm text-danger-text">
          {error}
        </p>
      )}
      <ul className="divide-y divide-border text-sm" aria-label="Support access granted to you">
        {grants.map((g) => (
          <li
            key={g.id}
            className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between"
            data-testid="operator-grant"
          >
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-2 font-medium text-fg">
                {g.tenant_name} <span className="font-mono text-xs text-muted">{g.tenant_slug}</span>
                <Badge>{g.role === "admin" ? "Admin" : "Read-only"}</Badge>
              </p>
              <p className="text-xs text-muted">
                {g.reason} · until {when(g.expires_at)}
              </p>
            </div>
            <Button
              size="sm"
              variant="primary"
              disabled={busy}
              onClick={() => void enter(g.id)}
              aria-label={`Enter ${g.tenant_name} under support access`}
            >
              Enter tenant
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function PlatformConsole({
  me,
  tenants,
  operators,
  log,
  grants,
  erased,
  graceDays,
}: {
  me: string;
  tenants: Tenant[];
  operators: OperatorRow[];
  log: LogRow[];
  grants: OperatorGrantView[];
  erased: ErasedRow[];
  graceDays: number;
}) {
  const slugOf = new Map(tenants.map((t) => [t.id, t.slug]));
  return (
    <>
      <PageHeader
        title="Platform"
        description="Tenants, their health and lifecycle. Aggregates only: operators see no tenant data."
      />
      <CardPanel
        className="mb-6"
        title="Tenants"
        description="Suspending refuses every sign-in, session, API key, virtual key and SCIM token of the tenant; its data is kept. A suspended tenant can be exported as a signed bundle, or deleted after the grace period."
      >
        <TenantsTable tenants={tenants} graceDays={graceDays} />
        <TenantCards tenants={tenants} graceDays={graceDays} />
      </CardPanel>
      <CardPanel
        className="mb-6"
        title="Purged tenants"
        description="Deleted after their grace period; the signed erasure certificate is kept."
      >
        <ErasedTenants erased={erased} />
      </CardPanel>
      <CardPanel
        className="mb-6"
        title="Support access"
        description="Tenants whose admins granted you time-boxed access. Everything you do there is recorded in their audit trail as support access."
      >
        <SupportGrants grants={grants} />
      </CardPanel>
      <CardPanel className="mb-6" title="Create a tenant">
        <CreateTenantForm />
      </CardPanel>
      <div className="grid gap-0 lg:grid-cols-2 lg:gap-6">
        <CardPanel
          className="mb-6"
          title="Operators"
          description="Granted and revoked by operators; sign-in needs a second factor."
        >
          <Operators me={me} operators={operators} />
        </CardPanel>
        <CardPanel className="mb-6" title="Platform log" description="The newest entries.">
          <ul className="divide-y divide-border text-sm">
            {log.map((e) => (
              <li key={e.id} className="flex flex-wrap justify-between gap-x-3 px-4 py-2">
                <span className="font-mono text-xs text-fg">{e.action}</span>
                <span className="text-xs text-muted">
                  {e.tenant_id ? `${slugOf.get(e.tenant_id) ?? e.tenant_id} · ` : ""}
                  {when(e.at)}
                </span>
              </li>
            ))}
          </ul>
        </CardPanel>
      </div>
    </>
  );
}
