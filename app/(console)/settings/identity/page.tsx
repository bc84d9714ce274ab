// /settings/identity - the tenant's identity providers and sign-in policy (MFA).
import type { Metadata } from "next";
import { getConsoleActor } from "@/lib/auth/console";
import { getRequireMfa, listProviders, toPublicProvider } from "@/lib/identity/providers";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { IdentitySettings } from "@/components/identity/identity-settings";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Identity" };

export default async function IdentityPage() {
  const actor = await getConsoleActor();
  const header = <PageHeader title="Identity" description="How people in this tenant sign in to Warden." />;
  if (!actor?.permissions.has("identity.read")) {
    return (
      <>
        {header}
        <EmptyState icon="lock" title="You cannot view identity settings" status="Requires identity.read">
          <p>Ask an administrator of this tenant for access.</p>
        </EmptyState>
      </>
    );
  }
  const { providers, requireMfa } = await withTenant(actor, async (tx) => ({
    providers: (await listProviders(tx)).map(toPublicProvider),
    requireMfa: await getRequireMfa(tx, actor.tenantId),
  }));
  return (
    <>
      {header}
      <IdentitySettings providers={providers} requireMfa={requireMfa} />
    </>
  );
}
