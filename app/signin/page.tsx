// /signin - SSO sign-in: an e-mail routes to the organization's IdP (by domain), or the visitor
// picks the organization; Auth.js and the identity code send people back here with an `error`.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getConsoleContext } from "@/lib/auth/console";
import { signInOptionsForTenant, tenantBySlug, tenantsWithSignIn } from "@/lib/tenancy/system";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { SignInCard, SignInError, SsoNotConfigured } from "@/components/signin/sign-in-card";
import { signInErrorMessage } from "@/components/signin/sign-in-errors";
import { EmailSsoForm, OrganizationList, ProviderButtons, SignedOutNotice } from "@/components/signin/sso-options";
import { continueWithSso, signInWithProvider } from "./actions";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Already signed in: the console is where they meant to go.
  if (await getConsoleContext()) redirect("/");
  const params = await searchParams;
  const error = signInErrorMessage(params.error);
  const orgSlug = one(params.org);
  const email = one(params.email);
  const org = orgSlug ? await tenantBySlug(orgSlug) : null;
  const providers = org ? await signInOptionsForTenant(org.id) : [];
  const orgs = await tenantsWithSignIn();

  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main className="flex w-full justify-center">
        <SignInCard>
          {error && <SignInError error={error} />}
          {!error && one(params.signed_out) && <SignedOutNotice />}
          {orgs.length === 0 ? (
            <SsoNotConfigured />
          ) : org && providers.length > 0 ? (
            <ProviderButtons action={signInWithProvider} org={org.slug} orgName={org.name} email={email} providers={providers} />
          ) : (
            <>
              <EmailSsoForm action={continueWithSso} defaultEmail={email} />
              <OrganizationList orgs={orgs} />
            </>
          )}
        </SignInCard>
      </main>
    </div>
  );
}
