"use client";
// Virtual keys: table, create/edit sheet (owner, allowed providers and models, expiry, budgets,
// rate limits), the secret shown once, rotate with an overlap, revoke, and a details sheet.
import { useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SecretOnce } from "@/components/ui/secret-once";
import type { LoadDetails } from "./details-sheet";
import { usdColumn } from "./entity-table";
import { date, dateTime, EntityFormSheet, TextField, useActionForm } from "./form";
import { inputClass } from "@/components/ui/field";
import { ErrorBanner } from "@/components/ui/outcome";
import { LimitsEditor, limitsPayload } from "./limits-editor";
import { accessOf, allowText, ModelAccessFields } from "./model-access";
import { OwnerConsole } from "./owner-console";
import { Sheet } from "./sheet";
import { OwnerFields, type SearchOwners } from "./owner-picker";
import { KeyStatusBadge } from "./status";
import type { ListView, ProviderOptions, VirtualKeyRow } from "./types";
import { useGovernanceActions, type GovernanceActions } from "./use-governance-actions";
import { useOwnerForm, useSheets, type Editing } from "./use-sheets";

type Confirm =
  { kind: "rotate" | "revoke"; key: VirtualKeyRow } | { kind: "secret"; title: string; secret: string } | null;

const VK_HINT = (
  <>
    Send it in the <code>x-bf-vk</code> header to <code>/v1/chat/completions</code>.
  </>
);
const live = (k: VirtualKeyRow) => k.status === "active" || k.status === "rotating";

const COLUMNS: ColumnDef<VirtualKeyRow>[] = [
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
];

export function VirtualKeysConsole({
  list,
  providers,
  reads,
}: {
  list: ListView<VirtualKeyRow>;
  providers: ProviderOptions;
  reads: { details: LoadDetails; searchOwners: SearchOwners };
}) {
  const g = useGovernanceActions();
  const s = useSheets<VirtualKeyRow>("virtual_key", reads.details);
  const [confirm, setConfirm] = useState<Confirm>(null);
  return (
    <OwnerConsole
      sheets={s}
      permission="virtual_keys.write"
      list={list}
      label="Virtual keys"
      empty="No virtual keys yet."
      newLabel="New virtual key"
      nameHeader="Key"
      sub={(r) => `${r.prefix}…`}
      columns={COLUMNS}
      rowActions={(k) =>
        live(k) && (
          <span className="inline-flex gap-1 whitespace-nowrap">
            <Button size="sm" variant="ghost" onClick={() => s.openEdit(k)} aria-label={`Edit ${k.name}`}>
              Edit
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setConfirm({ kind: "rotate", key: k })}
              aria-label={`Rotate ${k.name}`}
            >
              Rotate
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setConfirm({ kind: "revoke", key: k })}
              aria-label={`Revoke ${k.name}`}
            >
              Revoke
            </Button>
          </span>
        )
      }
      facts={(d) => [
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
      ]}
      editLabel="Edit key"
      detailsActions={(d, edit) =>
        live(d) ? (
          <>
            <Button onClick={() => setConfirm({ kind: "rotate", key: d })}>Rotate</Button>
            {edit}
          </>
        ) : undefined
      }
      form={(editing) => (
        <KeySheet
          editing={editing}
          providerOptions={providers}
          g={g}
          searchOwners={reads.searchOwners}
          onClose={s.close}
        />
      )}
    >
      <KeyDialogs confirm={confirm} setConfirm={setConfirm} g={g} onDone={() => s.setDetails(null)} />
    </OwnerConsole>
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
  g,
  onDone,
}: {
  confirm: Confirm;
  setConfirm: (c: Confirm) => void;
  g: Pick<GovernanceActions, "rotateVirtualKey" | "revokeVirtualKey">;
  onDone: () => void;
}) {
  const [overlap, setOverlap] = useState(3600);
  const f = useActionForm();
  const close = () => {
    setConfirm(null);
    f.reset();
  };
  const go = (k: VirtualKeyRow, kind: "rotate" | "revoke") =>
    kind === "rotate"
      ? f.run(
          () => g.rotateVirtualKey({ id: k.id, overlap_seconds: overlap }),
          (data) => {
            onDone();
            setConfirm({ kind: "secret", title: `New secret for ${k.name}`, secret: data.secret });
          },
        )
      : f.run(
          () => g.revokeVirtualKey({ id: k.id }),
          () => {
            onDone();
            setConfirm(null);
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
            <ErrorBanner text={f.banner} />
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
  g,
  searchOwners,
  onClose,
}: {
  editing: Editing<VirtualKeyRow>;
  providerOptions: ProviderOptions;
  g: Pick<GovernanceActions, "createVirtualKey" | "updateVirtualKey">;
  searchOwners: SearchOwners;
  onClose: () => void;
}) {
  const { row, limits, setLimits, form: f } = useOwnerForm(editing);
  const [name, setName] = useState(row?.name ?? "");
  const [ownerType, setOwnerType] = useState<OwnerKind>(row?.owner_type ?? "team");
  const [owner, setOwner] = useState(row?.owner_id ?? "");
  const [access, setAccess] = useState(accessOf(row, []));
  const [expires, setExpires] = useState(row?.expires_at?.slice(0, 10) ?? "");
  const [secret, setSecret] = useState<string | null>(null);
  const submit = () => {
    const common = { name: name.trim(), ...access, ...limitsPayload(limits) };
    if (row)
      return f.run(
        () => g.updateVirtualKey({ id: row.id, ...common, expires_at: expires ? `${expires}T23:59:59.000Z` : null }),
        onClose,
      );
    f.run(
      () =>
        g.createVirtualKey({
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
    <EntityFormSheet
      row={row}
      noun="key"
      newTitle="New virtual key"
      description="A key for calling the gateway; it belongs to a user, a team or a customer."
      form={f}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField label="Name" error={f.fieldError("name")} value={name} onChange={setName} autoFocus />
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
          search={searchOwners}
        />
      )}
      <ModelAccessFields options={providerOptions} value={access} onChange={setAccess} fieldError={f.fieldError} />
      <TextField
        label="Expires (end of day, UTC)"
        error={f.fieldError("expires_at")}
        hint="Leave empty for a key that does not expire; rotate it regularly instead."
        type="date"
        value={expires}
        onChange={setExpires}
      />
      <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} />
    </EntityFormSheet>
  );
}
