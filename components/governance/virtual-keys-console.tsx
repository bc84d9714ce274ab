"use client";

import { SecretOnce } from "@/components/ui/secret-once"; // Virtual keys: table, create/edit sheet (owner, allowed providers and models, expiry, budgets,
// rate limits), the secret shown once, rotate with an overlap, revoke, and a details sheet.
import { useMemo, useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ModelAccessLists } from "./allow-list";
import { DetailsSheet, type LoadDetails } from "./details-sheet";
import { EntityTable, NameCell, usdColumn } from "./entity-table";
import { date, dateTime, Field, FormBanner, FormSheet, useActionForm } from "./form";
import { inputClass } from "@/components/ui/field";
import { draftOf, LimitsEditor, limitsPayload, type LimitsDraft } from "./limits-editor";
import { Sheet } from "./sheet";
import { OwnerFields, type SearchOwners } from "./owner-picker";
import { KeyStatusBadge } from "./status";
import type { Act, ListView, ProviderOptions, VirtualKeyRow } from "./types";
import { useGovernanceActions } from "./use-governance-actions";
import { useSheets, type Editing } from "./use-sheets";

type Actions = {
  create: Act<{ secret: string; name: string }>;
  update: Act;
  rotate: Act<{ secret: string; name: string }>;
  revoke: Act;
  details: LoadDetails;
  searchOwners: SearchOwners;
};
type Confirm =
  { kind: "rotate" | "revoke"; key: VirtualKeyRow } | { kind: "secret"; title: string; secret: string } | null;

const VK_HINT = (
  <>
    Send it in the <code>x-bf-vk</code> header to <code>/v1/chat/completions</code>.
  </>
);
const allowText = (v: string[]) => (v.includes("*") ? "all" : v.length ? v.join(", ") : "none (denied)");
const live = (k: VirtualKeyRow) => k.status === "active" || k.status === "rotating";

export function VirtualKeysConsole({
  list,
  providers,
  reads,
}: {
  list: ListView<VirtualKeyRow>;
  providers: ProviderOptions;
  reads: Pick<Actions, "details" | "searchOwners">;
}) {
  const g = useGovernanceActions();
  const actions: Actions = {
    create: g.createVirtualKey,
    update: g.updateVirtualKey,
    rotate: g.rotateVirtualKey,
    revoke: g.revokeVirtualKey,
    ...reads,
  };
  const canWrite = useCan("virtual_keys.write");
  const s = useSheets<VirtualKeyRow>("virtual_key", actions.details);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const columns = useMemo<ColumnDef<VirtualKeyRow>[]>(
    () => [
      {
        accessorKey: "name",
        header: "Key",
        cell: ({ row: r }) => (
          <NameCell name={r.original.name} sub={`${r.original.prefix}…`} onOpen={() => s.setDetails(r.original)} />
        ),
      },
      {
        id: "owner",
        accessorFn: (r) => `${r.owner_type} ${r.owner}`,
        header: "Owner",
        cell: ({ row: r }) => (
          <span>
            <span className="text-muted">{r.original.owner_type} · </span>
            {r.original.owner}
          </span>
        ),
      },
      {
        id: "models",
        accessorFn: (r) => allowText(r.allowed_models),
        header: "Models",
        cell: (c) => <span className="line-clamp-2 w-48 text-xs whitespace-normal">{c.getValue<string>()}</span>,
      },
      { accessorKey: "status", header: "Status", cell: ({ row: r }) => <KeyStatusBadge status={r.original.status} /> },
      { accessorKey: "expires_at", header: "Expires", cell: (c) => date(c.getValue<string | null>()) },
      usdColumn("cost_30d", "Cost (30 d)"),
      {
        id: "actions",
        header: "",
        enableSorting: false,
        cell: ({ row: r }) =>
          canWrite &&
          live(r.original) && (
            <span className="inline-flex gap-1 whitespace-nowrap">
              <Button
                size="sm"
                variant="ghost"
                onClick={() => s.openEdit(r.original)}
                aria-label={`Edit ${r.original.name}`}
              >
                Edit
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setConfirm({ kind: "rotate", key: r.original })}
                aria-label={`Rotate ${r.original.name}`}
              >
                Rotate
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setConfirm({ kind: "revoke", key: r.original })}
                aria-label={`Revoke ${r.original.name}`}
              >
                Revoke
              </Button>
            </span>
          ),
      },
    ],
    [canWrite, s],
  );
  const d = s.details;
  return (
    <>
      {s.loadError && <FormBanner text={s.loadError} />}
      <EntityTable
        list={list}
        columns={columns}
        label="Virtual keys"
        empty="No virtual keys yet."
        toolbar={
          <GuardedButton
            permission="virtual_keys.write"
            variant="primary"
            onClick={() => s.setEditing({ mode: "create" })}
          >
            New virtual key
          </GuardedButton>
        }
      />
      <DetailsSheet
        target={s.target}
        load={actions.details}
        onClose={() => s.setDetails(null)}
        title={d?.name ?? ""}
        facts={
          d
            ? [
                [
                  "Prefix",
                  <code key="p" className="font-mono text-xs">
                    {d.prefix}…
                  </code>,
                ],
                ["Owner", `${d.owner_type} · ${d.owner}`],
                ["Status", <KeyStatusBadge key="s" status={d.status} />],
                ["Providers", allowText(d.allowed_providers)],
                ["Models", allowText(d.allowed_models)],
                ["Expires", d.expires_at ? dateTime(d.expires_at) : "never"],
                ...(d.overlap_until ? [["Old secret valid until", dateTime(d.overlap_until)] as [string, string]] : []),
              ]
            : []
        }
        actions={
          d && canWrite && live(d) ? (
            <>
              <Button onClick={() => setConfirm({ kind: "rotate", key: d })}>Rotate</Button>
              <Button onClick={() => s.openEdit(d)}>Edit key</Button>
            </>
          ) : undefined
        }
      />
      {s.editing && (
        <KeySheet
          key={s.editing.mode === "edit" ? s.editing.row.id : "new"}
          editing={s.editing}
          providerOptions={providers}
          actions={actions}
          onClose={s.close}
        />
      )}
      <KeyDialogs confirm={confirm} setConfirm={setConfirm} actions={actions} onDone={() => s.setDetails(null)} />
    </>
  );
}

const OVERLAPS = [
  [0, "No overlap (old secret stops at once)"],
  [3600, "1 hour"],
  [86400, "24 hours"],
  [7 * 86400, "7 days"],
] as const;

function KeyDialogs({
  confirm,
  setConfirm,
  actions,
  onDone,
}: {
  confirm: Confirm;
  setConfirm: (c: Confirm) => void;
  actions: Actions;
  onDone: () => void;
}) {
  const [overlap, setOverlap] = useState(3600);
  const f = useActionForm();
  const close = () => {
    setConfirm(null);
    f.reset();
  };
  const go = (k: VirtualKeyRow, kind: "rotate" | "revoke") =>
    f.run<unknown>(
      () => (kind === "rotate" ? actions.rotate({ id: k.id, overlap_seconds: overlap }) : actions.revoke({ id: k.id })),
      (data) => {
        onDone();
        setConfirm(
          kind === "rotate"
            ? { kind: "secret", title: `New secret for ${k.name}`, secret: (data as { secret: string }).secret }
            : null,
        );
      },
    );
  const c = confirm?.kind === "rotate" || confirm?.kind === "revoke" ? confirm : null;
  return (
    <>
      <Dialog
        open={c !== null}
        onClose={close}
        title={c ? `${c.kind === "rotate" ? "Rotate" : "Revoke"} ${c.key.name}?` : ""}
        description={
          c?.kind === "revoke"
            ? "Requests with this key fail at once. This cannot be undone."
            : "A new secret is issued with the same owner, allow-lists and limits; the current one keeps working during the overlap."
        }
      >
        {c && (
          <div className="space-y-4">
            {c.kind === "rotate" && (
              <label className="block text-sm font-medium text-fg">
                Keep the old secret valid for
                <select
                  className={`${inputClass} mt-1`}
                  value={overlap}
                  onChange={(e) => setOverlap(Number(e.target.value))}
                >
                  {OVERLAPS.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <FormBanner text={f.banner} />
            <div className="flex justify-end gap-2">
              <Button onClick={close}>Cancel</Button>
              <Button variant="primary" disabled={f.pending} onClick={() => go(c.key, c.kind)}>
                {f.pending ? "Working…" : c.kind === "rotate" ? "Rotate key" : "Revoke key"}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
      <Dialog open={confirm?.kind === "secret"} onClose={close} title={confirm?.kind === "secret" ? confirm.title : ""}>
        {confirm?.kind === "secret" && (
          <SecretOnce secret={confirm.secret} onDone={close} testId="vk-secret" hint={VK_HINT} />
        )}
      </Dialog>
    </>
  );
}

type OwnerKind = "user" | "team" | "customer";
const KEY_OWNER_KINDS: readonly OwnerKind[] = ["user", "team", "customer"];

function KeySheet({
  editing,
  providerOptions,
  actions,
  onClose,
}: {
  editing: Editing<VirtualKeyRow>;
  providerOptions: ProviderOptions;
  actions: Actions;
  onClose: () => void;
}) {
  const row = editing.mode === "edit" ? editing.row : null;
  const [name, setName] = useState(row?.name ?? "");
  const [ownerType, setOwnerType] = useState<OwnerKind>(row?.owner_type ?? "team");
  const [owner, setOwner] = useState(row?.owner_id ?? "");
  const [providers, setProviders] = useState<string[]>(row?.allowed_providers ?? []);
  const [models, setModels] = useState<string[]>(row?.allowed_models ?? []);
  const [expires, setExpires] = useState(row?.expires_at?.slice(0, 10) ?? "");
  const [limits, setLimits] = useState<LimitsDraft>(editing.mode === "edit" ? editing.limits : draftOf());
  const [secret, setSecret] = useState<string | null>(null);
  const f = useActionForm();
  const modelSuggestions = [
    ...new Set(
      providerOptions.filter((p) => providers.includes("*") || providers.includes(p.name)).flatMap((p) => p.models),
    ),
  ].sort();
  const submit = () => {
    const common = {
      name: name.trim(),
      allowed_providers: providers,
      allowed_models: models,
      ...limitsPayload(limits),
    };
    if (row)
      return f.run(
        () => actions.update({ id: row.id, ...common, expires_at: expires ? `${expires}T23:59:59.000Z` : null }),
        onClose,
      );
    f.run(
      () =>
        actions.create({
          ...common,
          [`${ownerType}_id`]: owner || undefined,
          ...(expires ? { expires_at: `${expires}T23:59:59.000Z` } : {}),
        }),
      (k) => setSecret(k.secret),
    );
  };
  if (secret) {
    return (
      <Sheet open onClose={onClose} title={`Virtual key ${name} created`}>
        <SecretOnce secret={secret} onDone={onClose} testId="vk-secret" hint={VK_HINT} />
      </Sheet>
    );
  }
  return (
    <FormSheet
      title={row ? `Edit ${row.name}` : "New virtual key"}
      description="A key for calling the gateway; it belongs to a user, a team or a customer."
      form={f}
      submitLabel={row ? "Save key" : "Create key"}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field label="Name" error={f.fieldError("name")}>
        {(p) => (
          <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        )}
      </Field>
      {row ? (
        <p className="text-sm text-muted">
          Owner: {row.owner_type} · {row.owner} (an owner cannot change; create a new key instead).
        </p>
      ) : (
        <OwnerFields
          kindLabel="Belongs to"
          kinds={KEY_OWNER_KINDS}
          kind={ownerType}
          onKind={(k) => {
            setOwnerType(k);
            setOwner("");
          }}
          value={owner}
          onChange={setOwner}
          error={f.fieldError("user_id") ?? f.fieldError(`${ownerType}_id`)}
          search={actions.searchOwners}
        />
      )}
      <ModelAccessLists
        providers={providers}
        onProviders={setProviders}
        models={models}
        onModels={setModels}
        providerNames={providerOptions.map((p) => p.name)}
        modelNames={modelSuggestions}
        fieldError={f.fieldError}
      />
      <Field
        label="Expires (end of day, UTC)"
        error={f.fieldError("expires_at")}
        hint="Leave empty for a key that does not expire; rotate it regularly instead."
      >
        {(p) => (
          <input
            {...p}
            type="date"
            className={inputClass}
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        )}
      </Field>
      <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} />
    </FormSheet>
  );
}
