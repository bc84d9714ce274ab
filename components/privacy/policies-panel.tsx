"use client";
// Gateway compliance policies: one per scope (tenant, team, virtual key; the most specific enabled
// one applies). Each detector blocks, redacts, records or is off; allowed provider regions; HIPAA
// mode; body storage (which also needs the person's consent).
import { Panel } from "@/components/ui/panel";
import { useState, useTransition } from "react";
import { useCan } from "@/components/rbac/can";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { actionErrorText } from "@/lib/http/action-result";
import { DETECTOR_LABELS, DETECTORS } from "@/lib/privacy/detectors";
import { POLICY_ACTIONS } from "@/lib/privacy/evaluate";
import { type Option, type PolicyRow, type PrivacyActions, type PrivacyPageData } from "./types";
import { inputClass } from "@/components/ui/field";
import { usePrivacyActions } from "./use-privacy-actions";

type PolicyBody = Parameters<PrivacyActions["savePolicy"]>[0];
type Draft = {
  scope_type: PolicyRow["scope_type"];
  scope_id?: string;
  enabled: boolean;
  detectors: Record<string, string>;
  allowed_regions: string[];
  hipaa_mode: boolean;
  store_bodies: boolean;
};

function PolicyForm({
  initial,
  actions,
  onDone,
  scopes,
}: {
  initial: Draft;
  actions: PrivacyActions;
  onDone?: () => void;
  scopes?: { teams: Option[]; keys: Option[] };
}) {
  const canWrite = useCan("privacy.write");
  const [d, setD] = useState<Draft>(initial);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const uid = `${initial.scope_type}-${initial.scope_id ?? "new"}`;
  const save = () =>
    start(async () => {
      // The selects offer only POLICY_ACTIONS; the server validates the values again.
      const detectors = d.detectors as NonNullable<PolicyBody["detectors"]>;
      const out = await actions.savePolicy({ ...d, scope_type: d.scope_type as PolicyBody["scope_type"], detectors });
      setMsg(out.ok ? { ok: true, text: "Policy saved." } : { ok: false, text: actionErrorText(out.error) });
      if (out.ok) onDone?.();
    });
  return (
    <fieldset disabled={!canWrite || pending} className="space-y-4">
      {scopes && (
        <div className="grid gap-2 sm:grid-cols-2">
          <label className="text-sm text-fg">
            Applies to
            <select
              className={inputClass}
              value={d.scope_type}
              onChange={(e) =>
                setD({
                  ...d,
                  scope_type: e.target.value as typeof d.scope_type,
                  scope_id: (e.target.value === "team" ? scopes.teams : scopes.keys)[0]?.id,
                })
              }
            >
              <option value="team">A team</option>
              <option value="virtual_key">A virtual key</option>
            </select>
          </label>
          <label className="text-sm text-fg">
            {d.scope_type === "team" ? "Team" : "Virtual key"}
            <select
              className={inputClass}
              value={d.scope_id ?? ""}
              onChange={(e) => setD({ ...d, scope_id: e.target.value })}
            >
              {(d.scope_type === "team" ? scopes.teams : scopes.keys).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {DETECTORS.map((det) => (
          <label key={det} className="text-sm text-fg" htmlFor={`${uid}-${det}`}>
            {DETECTOR_LABELS[det]}
            <select
              id={`${uid}-${det}`}
              className={inputClass}
              value={d.detectors[det] ?? "off"}
              onChange={(e) => setD({ ...d, detectors: { ...d.detectors, [det]: e.target.value } })}
            >
              {POLICY_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto_auto] sm:items-end">
        <label className="text-sm text-fg">
          Allowed provider regions (comma-separated, empty = any)
          <input
            className={inputClass}
            value={d.allowed_regions.join(", ")}
            onChange={(e) =>
              setD({
                ...d,
                allowed_regions: e.target.value
                  .split(",")
                  .map((s) => s.trim().toLowerCase())
                  .filter(Boolean),
              })
            }
            placeholder="us, eu"
          />
        </label>
        <label className="flex h-9 items-center gap-2 text-sm text-fg">
          <input
            type="checkbox"
            checked={d.hipaa_mode}
            onChange={(e) => setD({ ...d, hipaa_mode: e.target.checked })}
          />{" "}
          HIPAA mode
        </label>
        <label className="flex h-9 items-center gap-2 text-sm text-fg">
          <input
            type="checkbox"
            checked={d.store_bodies}
            onChange={(e) => setD({ ...d, store_bodies: e.target.checked })}
          />{" "}
          Store bodies (with consent)
        </label>
        <label className="flex h-9 items-center gap-2 text-sm text-fg">
          <input type="checkbox" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.target.checked })} />{" "}
          Enabled
        </label>
      </div>
      {canWrite && (
        <Button variant="primary" onClick={save}>
          Save policy
        </Button>
      )}
      {msg && (
        <p role="status" className={`text-sm ${msg.ok ? "text-fg" : "text-danger-text"}`}>
          {msg.text}
        </p>
      )}
    </fieldset>
  );
}

const draftOf = (p: PolicyRow): Draft => ({
  scope_type: p.scope_type,
  scope_id: p.scope_type === "tenant" ? undefined : p.scope_id,
  enabled: p.enabled,
  detectors: p.detectors,
  allowed_regions: p.allowed_regions,
  hipaa_mode: p.hipaa_mode,
  store_bodies: p.store_bodies,
});

export function PoliciesPanel({ data }: { data: Pick<PrivacyPageData, "policies" | "teams" | "keys" | "providers"> }) {
  const canWrite = useCan("privacy.write");
  const actions = usePrivacyActions();
  const [adding, setAdding] = useState(false);
  const [pending, start] = useTransition();
  const teams = data.teams.map((t) => ({ id: t.id, label: t.name }));
  const hasTenant = data.policies.some((p) => p.scope_type === "tenant");
  const empty: Draft = {
    scope_type: "tenant",
    enabled: true,
    detectors: {},
    allowed_regions: [],
    hipaa_mode: false,
    store_bodies: false,
  };
  return (
    <Panel
      id="policies"
      title="Gateway compliance policies"
      description="Checked on every gateway request after authentication and model checks, before forwarding. A blocked request gets 403 compliance_violation naming the rule, never the data."
      action={canWrite && !adding && <Button onClick={() => setAdding(true)}>Add team or key policy</Button>}
    >
      <p className="mb-3 text-xs text-muted">
        Providers:{" "}
        {data.providers.map((p) => `${p.name} (${p.region}${p.hipaa_covered ? ", HIPAA covered" : ""})`).join(" · ") ||
          "none"}
      </p>
      <div className="space-y-4">
        {!hasTenant && (
          <Card className="p-4">
            <h3 className="mb-3 text-sm font-semibold text-fg">
              Whole tenant <Badge>not set</Badge>
            </h3>
            <PolicyForm initial={empty} actions={actions} />
          </Card>
        )}
        {adding && (
          <Card className="p-4">
            <h3 className="mb-3 text-sm font-semibold text-fg">New team or key policy</h3>
            <PolicyForm
              initial={{ ...empty, scope_type: "team", scope_id: teams[0]?.id }}
              actions={actions}
              scopes={{ teams, keys: data.keys }}
              onDone={() => setAdding(false)}
            />
          </Card>
        )}
        {data.policies.map((p) => (
          <Card key={p.id} className="p-4">
            <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
              <h3 className="text-sm font-semibold text-fg">
                {p.scope_name} {p.hipaa_mode && <Badge tone="accent">HIPAA</Badge>}{" "}
                {!p.enabled && <Badge>disabled</Badge>}
              </h3>
              {canWrite && p.scope_type !== "tenant" && (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={pending}
                  onClick={() =>
                    start(async () => {
                      await actions.deletePolicy({ id: p.id });
                    })
                  }
                >
                  Delete
                </Button>
              )}
            </div>
            <PolicyForm initial={draftOf(p)} actions={actions} />
          </Card>
        ))}
      </div>
    </Panel>
  );
}
