// /settings/api-keys - control-plane API keys (placeholder).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "API keys" };

export default function ApiKeysPage() {
  return (
    <PlaceholderPage
      title="API keys"
      description="Keys for automation, CI and scripts that call the Warden API."
      icon="key"
      feature="API key management"
      permission="api_keys.read"
    >
      <p>
        This page will create control-plane API keys bound to a role and optional narrower scopes, with an expiry
        within the tenant&apos;s policy. A key&apos;s secret will be shown once, at creation.
      </p>
      <p>Keys will be rotatable with an overlap window and revocable at any time.</p>
    </PlaceholderPage>
  );
}
