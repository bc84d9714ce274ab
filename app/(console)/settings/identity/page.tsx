// /settings/identity - the tenant's identity providers and sign-in policy (MFA, console session timeouts).
import type { Metadata } from "next";
import { page } from "@/lib/http/page";
import { sessionPolicy } from "@/lib/auth/sessions/service";
import { getRequireMfa, listIdentityProviders, toPublicIdentityProvider } from "@/lib/identity/providers";
import { IdentitySettings } from "@/components/identity/identity-settings";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Identity" };

const header = <PageHeader title="Identity" description="How people in this tenant sign in to Warden." />;

const refused = refusedView(header, "identity.read");

export default page({ permission: "identity.read", refused }, async ({ tx }) => {
  const providers = (await listIdentityProviders(tx)).map(toPublicIdentityProvider);
  const requireMfa = await getRequireMfa(tx);
  const policy = await sessionPolicy(tx);
  return (
    <>
      {header}
      <IdentitySettings providers={providers} requireMfa={requireMfa} sessionPolicy={policy} />
    </>
  );
});
