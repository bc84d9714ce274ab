// Provider-specific setup instructions with the exact base URL to paste into the IdP.
import type { ReactNode } from "react";

function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-[0.8rem] break-all text-fg">{children}</code>
  );
}

export function SetupSteps({ provider, baseUrl }: { provider: "okta" | "entra"; baseUrl: string }) {
  const steps: ReactNode[] =
    provider === "okta"
      ? [
          <>
            In the Okta Admin Console open <b>Applications → Warden → General</b>, edit <b>App Settings</b> and enable{" "}
            <b>SCIM provisioning</b>.
          </>,
          <>
            On <b>Provisioning → Integration</b> set <b>SCIM connector base URL</b> to <Code>{baseUrl}</Code> and{" "}
            <b>Unique identifier field for users</b> to <Code>userName</Code>.
          </>,
          <>
            Tick <b>Push New Users</b>, <b>Push Profile Updates</b> and <b>Push Groups</b>; choose <b>HTTP Header</b>{" "}
            authentication and paste a token from below.
          </>,
          <>
            Click <b>Test Connector Configuration</b>, save, then on <b>Provisioning → To App</b> enable{" "}
            <b>Create Users</b>, <b>Update User Attributes</b> and <b>Deactivate Users</b>.
          </>,
          <>
            Use <b>Push Groups</b> for every group that should map to a Warden role (see the mappings below).
          </>,
        ]
      : [
          <>
            In the Microsoft Entra admin center open{" "}
            <b>Enterprise applications → New application → Create your own application</b> (non-gallery).
          </>,
          <>
            Open <b>Provisioning</b>, choose <b>Automatic</b> provisioning mode.
          </>,
          <>
            Under <b>Admin Credentials</b> set <b>Tenant URL</b> to <Code>{baseUrl}</Code> and <b>Secret Token</b> to a
            token from below, then <b>Test Connection</b>.
          </>,
          <>
            Keep the default mappings: <Code>userPrincipalName → userName</Code>,{" "}
            <Code>Switch([IsSoftDeleted], …) → active</Code>, <Code>displayName → displayName</Code> for groups.
          </>,
          <>
            Assign users and groups to the application and set <b>Provisioning Status</b> to <b>On</b>. Entra syncs
            about every 40 minutes.
          </>,
        ];
  return (
    <ol className="list-decimal space-y-2 pl-5 text-sm leading-6 text-muted marker:text-subtle">
      {steps.map((s, i) => (
        <li key={i}>{s}</li>
      ))}
    </ol>
  );
}
