// /settings/identity - the tenant's identity providers (placeholder).
import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Identity" };

export default function IdentityPage() {
  return (
    <PlaceholderPage
      title="Identity"
      description="How people in this tenant sign in to Warden."
      icon="identity"
      feature="Identity provider settings"
      permission="identity.read"
    >
      <p>
        This page will connect the tenant&apos;s identity providers (Okta, Microsoft Entra ID, any OIDC provider, or SAML),
        test the connection, map IdP roles and groups to Warden roles and teams, and require multi-factor authentication.
      </p>
      <p>Client secrets will be stored encrypted, and changes will take effect without a restart.</p>
    </PlaceholderPage>
  );
}
