// /signin/break-glass - the emergency sign-in (ADR 0039) for when the organization's IdP is down.
// The page looks nothing up: it is the same for every visitor; the action decides.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PublicFrame } from "@/components/signin/public-frame";
import { BreakGlassForm } from "@/components/signin/break-glass-form";
import { SignInCard, SignInError } from "@/components/signin/sign-in-card";
import { getConsoleContext } from "@/lib/auth/console-session";
import { breakGlassSignInAction } from "./actions";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Break-glass sign-in" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, { title: string; detail: string }> = {
  refused: {
    title: "Sign-in refused",
    detail:
      "Check the organization, the e-mail and both codes. Codes are single use and expire; each must come from a different admin.",
  },
  rate_limited: { title: "Too many attempts", detail: "Wait a few minutes and try again." },
};

export default async function BreakGlassSignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await getConsoleContext()) redirect("/");
  const error = ERRORS[firstParam((await searchParams).error) ?? ""];
  return (
    <PublicFrame>
      <SignInCard
        title="Break-glass sign-in"
        subtitle="Emergency access when your identity provider is down. It needs one-time codes from two different admins, alerts your security team and is audited."
        footer={
          <p className="mt-2 text-center text-xs">
            <a href="/signin" className="text-accent-text hover:underline">
              Back to single sign-on
            </a>
          </p>
        }
      >
        {error && <SignInError error={{ ...error, code: undefined }} />}
        <BreakGlassForm action={breakGlassSignInAction} />
      </SignInCard>
    </PublicFrame>
  );
}
