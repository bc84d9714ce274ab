"use client";
// Settings -> SCIM: provider choice and setup, enable toggle, tokens, mappings and the log.
import { useCan } from "@/components/rbac/can";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { CardPanel } from "@/components/ui/panel";
import { cn } from "@/components/ui/cn";
import { Outcome } from "@/components/ui/outcome";
import type { ScimPageData } from "@/lib/scim/page-data";
import { api, type RequestBody } from "@/lib/api/client";
import { MappingEditor } from "./mapping-editor";
import { ProvisioningLog } from "./provisioning-log";
import { SetupSteps } from "./setup-steps";
import { TokenPanel } from "./token-panel";

const PROVIDERS = [
  { id: "okta", label: "Okta" },
  { id: "entra", label: "Microsoft Entra ID" },
] as const;

export function ScimConsole({ data, baseUrl }: { data: ScimPageData; baseUrl: string }) {
  const router = useRouter();
  const canWrite = useCan("scim.write");
  const [provider, setProvider] = useState(data.settings.provider);
  const [error, setError] = useState<string | null>(null);

  async function patch(body: RequestBody<"/v1/scim/settings", "patch">) {
    setError(null);
    try {
      await api.PATCH("/v1/scim/settings", { body });
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const toggle = (
    <label className="flex items-center gap-2 text-sm text-fg">
      <input
        type="checkbox"
        className="size-4 accent-[var(--accent)]"
        checked={data.settings.enabled}
        disabled={!canWrite}
        onChange={(e) => patch({ enabled: e.target.checked })}
      />
      Provisioning enabled
    </label>
  );

  return (
    <div className="space-y-5">
      <Outcome error={error} />
      <CardPanel
        padded
        title="Identity provider"
        description="Choose the IdP that provisions this tenant; the steps below follow its console."
        action={toggle}
      >
        <div
          role="radiogroup"
          aria-label="Identity provider"
          className="mb-4 inline-flex rounded-md border border-border-strong p-0.5"
        >
          {PROVIDERS.map((p) => (
            <button
              key={p.id}
              type="button"
              role="radio"
              aria-checked={provider === p.id}
              disabled={!canWrite && provider !== p.id}
              onClick={() => {
                setProvider(p.id);
                if (canWrite) void patch({ provider: p.id });
              }}
              className={cn(
                "rounded px-3 py-1.5 text-sm font-medium",
                provider === p.id ? "bg-accent text-accent-fg" : "text-muted hover:text-fg",
              )}
            >
              {p.label}
            </button>
          ))}
        </div>
        <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted">SCIM base URL</span>
          <code
            data-testid="scim-base-url"
            className="rounded bg-surface-2 px-2 py-1 font-mono text-xs break-all text-fg"
          >
            {baseUrl}
          </code>
          {!data.settings.enabled && <Badge tone="warning">Disabled: tokens are refused</Badge>}
        </div>
        <SetupSteps provider={provider} baseUrl={baseUrl} />
      </CardPanel>
      <CardPanel
        padded
        title="Tokens"
        description="Bearer tokens for the IdP. Each is shown once; rotate to replace one without a gap."
      >
        <TokenPanel tokens={data.tokens} />
      </CardPanel>
      <CardPanel
        padded
        title="Group → role mappings"
        description="IdP groups arrive as Warden teams. Members of a mapped group get its role; with several, the highest wins."
      >
        <MappingEditor
          key={JSON.stringify(data.settings.group_role_mappings)}
          initial={data.settings.group_role_mappings}
          groups={data.groups}
        />
      </CardPanel>
      <CardPanel padded title="Provisioning log" description="Recent SCIM changes and failed requests, newest first.">
        <ProvisioningLog events={data.events} />
      </CardPanel>
    </div>
  );
}
