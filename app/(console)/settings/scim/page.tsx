// /settings/scim - SCIM provisioning tokens (placeholder).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "SCIM" };

export default function ScimPage() {
  return (
    <PlaceholderPage
      title="SCIM"
      description="Automatic user and group provisioning from your identity provider."
      icon="scim"
      feature="SCIM provisioning"
      permission="scim.read"
    >
      <p>
        This page will show the tenant&apos;s SCIM 2.0 endpoint and issue and revoke the bearer tokens that Okta or Entra
        ID use to create, update and deactivate users and groups.
      </p>
      <p>Deactivating a user through SCIM will revoke their sessions and API keys at once.</p>
    </PlaceholderPage>
  );
}
