// /signin - SSO sign-in; also where Auth.js and the identity code send people with an `error`.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getConsoleContext } from "@/lib/auth/console";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { SignInCard, SignInError, SsoNotConfigured } from "@/components/signin/sign-in-card";
import { signInErrorMessage } from "@/components/signin/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Already signed in: the console is where they meant to go.
  if (await getConsoleContext()) redirect("/");
  const error = signInErrorMessage((await searchParams).error);

  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main className="flex w-full justify-center">
        <SignInCard>
          {error && <SignInError error={error} />}
          {/* Identity work: once the tenant has IdPs, render here an email field ("Continue with SSO",
              routed by email domain) and one button per configured provider, instead of the notice. */}
          <SsoNotConfigured />
        </SignInCard>
      </main>
    </div>
  );
}
