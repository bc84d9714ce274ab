import { SignInError } from "@/components/signin/sign-in-card";
import { buttonClass } from "@/components/ui/button";
import { Logo } from "@/components/ui/logo";

// The card of /invite (ADR 0038): accept a first-admin invitation once, or read why it was refused.
type Action = (form: FormData) => Promise<unknown>;

const REFUSED: Record<string, { title: string; detail: string }> = {
  invalid: {
    title: "This invitation link is not valid",
    detail:
      "The link is incomplete or was changed. Open it again from the e-mail, or ask your Warden provider for a new invitation.",
  },
  expired: {
    title: "This invitation has expired",
    detail: "Invitations are valid for a limited time. Ask your Warden provider to invite you again.",
  },
  used: {
    title: "This invitation was already accepted",
    detail: "An invitation works once. If you accepted it, sign in with your organization's single sign-on.",
  },
  suspended: {
    title: "Your organization is suspended",
    detail: "The Warden platform operator has suspended your organization. Contact your Warden provider.",
  },
  rate_limited: { title: "Too many attempts", detail: "Wait a few minutes, then open the link from the e-mail again." },
};

export function InviteCard({
  action,
  token,
  error,
  accepted,
}: {
  action: Action;
  token: string;
  error?: string;
  accepted?: string;
}) {
  const refused = error ? (REFUSED[error] ?? REFUSED.invalid) : null;
  return (
    <div className="w-full max-w-sm">
      <Logo className="mb-8" />
      <div className="rounded-xl border border-border bg-surface p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-fg">Your Warden invitation</h1>
        <div className="mt-6 flex flex-col gap-4">
          {refused && <SignInError error={refused} />}
          {accepted === "no_idp" && (
            <p role="status" className="rounded-lg border border-border bg-surface-2 p-3 text-sm leading-6 text-muted">
              Invitation accepted. Your organization has no single sign-on connected to Warden yet, so you cannot sign
              in. Once your Warden provider connects your identity provider, sign in at{" "}
              <a href="/signin" className="text-accent-text hover:underline">
                /signin
              </a>{" "}
              with this address: you will hold the admin role.
            </p>
          )}
          {!refused && !accepted && token && (
            <form action={action as (form: FormData) => Promise<void>} className="flex flex-col gap-3">
              <input type="hidden" name="token" value={token} />
              <p className="text-sm leading-6 text-muted">
                You are invited as your organization&apos;s first Warden administrator. Accept once; you then continue
                at your organization&apos;s identity provider and hold the admin role after signing in with the invited
                address.
              </p>
              <button type="submit" className={buttonClass("primary", "md", "w-full justify-center")}>
                Accept and sign in
              </button>
            </form>
          )}
          {!refused && !accepted && !token && <SignInError error={REFUSED.invalid} />}
        </div>
      </div>
    </div>
  );
}
