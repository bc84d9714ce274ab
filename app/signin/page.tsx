// /signin - SSO sign-in by e-mail only. Step one asks for the work e-mail; step two
// (/signin?email=…) offers to continue at the identity provider. Neither step looks anything up:
// the page is the same for every address, known domain or not, and it never names a tenant.
// The action routes by domain; Auth.js and the identity code send people back with an `error`.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getConsoleContext } from "@/lib/auth/console-session";
import { SIGN_IN_EMAIL } from "@/lib/auth/sso/routing";
import { PublicFrame } from "@/components/signin/public-frame";
import { SignInCard, SignInError } from "@/components/signin/sign-in-card";
import { signInErrorMessage } from "@/components/signin/sign-in-errors";
import { ContinueAtIdp, EmailSsoForm, OperatorSignIn, SignedOutNotice } from "@/components/signin/sso-options";
import { platformProvider } from "@/lib/auth/sso/providers";
import { continueAsOperator, continueWithSso } from "./actions";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Already signed in: the console is where they meant to go.
  if (await getConsoleContext()) redirect("/");
  const params = await searchParams;
  const email = (firstParam(params.email) ?? "").trim().toLowerCase().slice(0, 500);
  const malformed = Boolean(email) && !SIGN_IN_EMAIL.test(email);
  const error = signInErrorMessage(malformed ? "invalid_email" : params.error);
  const confirm = Boolean(email) && !error;

  return (
    <PublicFrame>
      <SignInCard
        footer={
          <p className="mt-2 text-center text-xs">
            <a href="/signin/break-glass" className="text-subtle hover:text-muted hover:underline">
              Identity provider down? Break-glass sign-in
            </a>
          </p>
        }
      >
        {error && <SignInError error={error} />}
        {!error && firstParam(params.signed_out) && <SignedOutNotice />}
        {confirm ? <ContinueAtIdp action={continueWithSso} email={email} /> : <EmailSsoForm defaultEmail={email} />}
        {!confirm && platformProvider() && <OperatorSignIn action={continueAsOperator} />}
      </SignInCard>
    </PublicFrame>
  );
}
