"use client";
// Providers: table, create/edit sheet (base URL, write-only API key, region, price table per
// model), and a details sheet with the price table.
import { useMemo, useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { useCan } from "@/components/rbac/can";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { COMMON_PRICES } from "@/lib/governance/common-prices";
import { editColumn, EntityTable, NameCell } from "./entity-table";
import { EntityFormSheet, numberOf, TextField, useActionForm } from "./form";
import { inputClass } from "@/components/ui/field";
import { Sheet } from "./sheet";
import type { ListView, ProviderRow } from "./types";
import { useGovernanceActions, type GovernanceActions } from "./use-governance-actions";

type Actions = Pick<GovernanceActions, "createProvider" | "updateProvider" | "deleteProvider">;
type PriceDraft = { model: string; input: string; output: string };

const price = (v: number) => `$${v.toLocaleString("en-US", { maximumFractionDigits: 6 })}`;

export function ProvidersConsole({ list }: { list: ListView<ProviderRow> }) {
  const g = useGovernanceActions();
  const canWrite = useCan("governance.write");
  const [details, setDetails] = useState<ProviderRow | null>(null);
  const [editing, setEditing] = useState<{ row: ProviderRow | null } | null>(null);
  const columns = useMemo<ColumnDef<ProviderRow>[]>(
    () => [
      {
        accessorKey: "name",
        header: "Provider",
        cell: ({ row: r }) => (
          <NameCell name={r.original.name} sub={r.original.base_url} onOpen={() => setDetails(r.original)} />
        ),
      },
      { accessorKey: "region", header: "Region" },
      {
        accessorKey: "hipaa_covered",
        header: "HIPAA",
        cell: (c) =>
          c.getValue<boolean>() ? <Badge tone="success">covered</Badge> : <span className="text-muted">no</span>,
      },
      {
        accessorKey: "has_api_key",
        header: "API key",
        cell: (c) =>
          c.getValue<boolean>() ? <Badge tone="accent">set · encrypted</Badge> : <Badge tone="warning">not set</Badge>,
      },
      { id: "models", accessorFn: (r) => r.prices.length, header: "Priced models", meta: { numeric: true } },
      editColumn(canWrite, (row) => setEditing({ row: row })),
    ],
    [canWrite],
  );
  return (
    <>
      <EntityTable
        list={list}
        columns={columns}
        label="Providers"
        empty="No providers yet: the gateway has nowhere to send requests."
        toolbar={
          <GuardedButton permission="governance.write" variant="primary" onClick={() => setEditing({ row: null })}>
            New provider
          </GuardedButton>
        }
      />
      <Sheet
        open={details !== null}
        onClose={() => setDetails(null)}
        title={details?.name ?? ""}
        description="Upstream provider and its price table"
        footer={
          details && canWrite ? (
            <Button
              onClick={() => {
                setEditing({ row: details });
                setDetails(null);
              }}
            >
              Edit provider
            </Button>
          ) : undefined
        }
      >
        {details && (
          <div className="space-y-5">
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
              <dt className="text-muted">Base URL</dt>
              <dd className="break-all text-fg">{details.base_url}</dd>
              <dt className="text-muted">API key</dt>
              <dd className="text-fg">{details.has_api_key ? "set (AES-256-GCM at rest; never shown)" : "not set"}</dd>
              <dt className="text-muted">Region</dt>
              <dd className="text-fg">{details.region}</dd>
              <dt className="text-muted">HIPAA</dt>
              <dd className="text-fg">{details.hipaa_covered ? "covered (BAA)" : "not covered"}</dd>
            </dl>
            <table className="w-full text-left text-sm" aria-label="Price table">
              <thead className="border-b border-border text-xs text-muted">
                <tr>
                  <th className="py-2 font-medium">Model</th>
                  <th className="py-2 text-right font-medium">Input / 1M</th>
                  <th className="py-2 text-right font-medium">Output / 1M</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {details.prices.map((p) => (
                  <tr key={p.model}>
                    <td className="py-1.5 font-mono text-xs text-fg">{p.model}</td>
                    <td className="py-1.5 text-right tabular-nums">{price(p.input_per_1m_usd)}</td>
                    <td className="py-1.5 text-right tabular-nums">{price(p.output_per_1m_usd)}</td>
                  </tr>
                ))}
                {details.prices.length === 0 && (
                  <tr>
                    <td colSpan={3} className="py-3 text-muted">
                      No prices: requests for unpriced models cost $0 and are not capped by budgets.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        )}
      </Sheet>
      {editing && (
        <ProviderSheet key={editing.row?.id ?? "new"} row={editing.row} actions={g} onClose={() => setEditing(null)} />
      )}
    </>
  );
}

function ProviderSheet({ row, actions, onClose }: { row: ProviderRow | null; actions: Actions; onClose: () => void }) {
  const [name, setName] = useState(row?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(row?.base_url ?? "");
  const [apiKey, setApiKey] = useState("");
  const [region, setRegion] = useState(row?.region ?? "us");
  const [hipaa, setHipaa] = useState(row?.hipaa_covered ?? false);
  const [prices, setPrices] = useState<PriceDraft[]>(
    (row?.prices ?? []).map((p) => ({
      model: p.model,
      input: String(p.input_per_1m_usd),
      output: String(p.output_per_1m_usd),
    })),
  );
  const f = useActionForm();
  const setPrice = (i: number, patch: Partial<PriceDraft>) =>
    setPrices(prices.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const addCommon = () =>
    setPrices([
      ...prices,
      ...COMMON_PRICES.filter(([m]) => !prices.some((p) => p.model === m)).map(([model, i, o]) => ({
        model,
        input: String(i),
        output: String(o),
      })),
    ]);
  const submit = () => {
    const body = {
      base_url: baseUrl.trim(),
      region: region.trim(),
      hipaa_covered: hipaa,
      ...(apiKey ? { api_key: apiKey } : {}),
      prices: prices.map((p) => ({
        model: p.model.trim(),
        // A blank price goes out missing (not as a number) for the schema to name it.
        input_per_1m_usd: numberOf(p.input) as number,
        output_per_1m_usd: numberOf(p.output) as number,
      })),
    };
    f.run(
      () =>
        row ? actions.updateProvider({ id: row.id, ...body }) : actions.createProvider({ name: name.trim(), ...body }),
      onClose,
    );
  };
  return (
    <EntityFormSheet
      row={row}
      noun="provider"
      description="An OpenAI-compatible upstream. The gateway prices every request with this table."
      form={f}
      onSubmit={submit}
      onClose={onClose}
      remove={actions.deleteProvider}
    >
      {!row && (
        <TextField
          label="Name"
          error={f.fieldError("name")}
          hint="Used in allow-lists and as provider/model in requests."
          value={name}
          onChange={setName}
          placeholder="openai"
          autoFocus
        />
      )}
      <TextField
        label="Base URL"
        error={f.fieldError("base_url")}
        value={baseUrl}
        onChange={setBaseUrl}
        placeholder="https://api.openai.com/v1"
      />
      <TextField
        label="API key"
        error={f.fieldError("api_key")}
        hint={
          row?.has_api_key
            ? "A key is set (stored encrypted, never shown). Leave empty to keep it."
            : "Stored encrypted; it cannot be read back."
        }
        type="password"
        autoComplete="off"
        value={apiKey}
        onChange={setApiKey}
        placeholder={row?.has_api_key ? "•••••••• (set)" : "sk-…"}
      />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField label="Region" error={f.fieldError("region")} value={region} onChange={setRegion} />
        <label className="flex items-center gap-2 self-end pb-2 text-sm text-fg">
          <input type="checkbox" checked={hipaa} onChange={(e) => setHipaa(e.target.checked)} /> HIPAA covered (BAA
          signed)
        </label>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-fg">Price table (USD per 1M tokens)</legend>
        {prices.map((p, i) => (
          <div key={i} className="grid grid-cols-[1fr_5.5rem_5.5rem_auto] items-start gap-2">
            <input
              className={inputClass}
              value={p.model}
              onChange={(e) => setPrice(i, { model: e.target.value })}
              aria-label={`Model ${i + 1}`}
              placeholder="model"
              aria-invalid={Boolean(f.fieldError(`prices.${i}.model`))}
            />
            <input
              className={inputClass}
              inputMode="decimal"
              value={p.input}
              onChange={(e) => setPrice(i, { input: e.target.value })}
              aria-label={`Model ${i + 1} input price`}
              placeholder="in"
              aria-invalid={Boolean(f.fieldError(`prices.${i}.input_per_1m_usd`))}
            />
            <input
              className={inputClass}
              inputMode="decimal"
              value={p.output}
              onChange={(e) => setPrice(i, { output: e.target.value })}
              aria-label={`Model ${i + 1} output price`}
              placeholder="out"
              aria-invalid={Boolean(f.fieldError(`prices.${i}.output_per_1m_usd`))}
            />
            <Button
              size="md"
              variant="ghost"
              onClick={() => setPrices(prices.filter((_, j) => j !== i))}
              aria-label={`Remove model ${i + 1}`}
            >
              ×
            </Button>
            {f.fieldError(`prices.${i}`) && (
              <p className="col-span-4 text-xs text-danger-text">{f.fieldError(`prices.${i}`)}</p>
            )}
          </div>
        ))}
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => setPrices([...prices, { model: "", input: "", output: "" }])}>
            Add model
          </Button>
          <Button size="sm" variant="ghost" onClick={addCommon}>
            Add common models
          </Button>
        </div>
      </fieldset>
    </EntityFormSheet>
  );
}
