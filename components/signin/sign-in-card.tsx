import type { ReactNode } from "react";
import { Icon } from "@/components/ui/icons";
import { Logo } from "@/components/ui/logo";
import type { SignInErrorMessage } from "@/components/signin/sign-in-errors";

// The frame of /signin: wordmark, heading, an optional error, then whatever sign-in options exist.
export function SignInCard({
  children,
  title = "Sign in to Warden",
  subtitle = "Sign in with your organization\u2019s SSO.",
  footer,
}: {
  children: ReactNode;
  title?: string;
  subtitle?: string;
  footer?: ReactNode;
}) {
  return (
    <div className="w-full max-w-sm">
      <Logo className="mb-8" />
      <div className="rounded-xl border border-border bg-surface p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-fg">{title}</h1>
        <p className="mt-1 text-sm text-muted">{subtitle}</p>
        <div className="mt-6 flex flex-col gap-4">{children}</div>
      </div>
      <p className="mt-6 text-center text-xs text-subtle">Trouble signing in? Contact your Warden administrator.</p>
      {footer}
    </div>
  );
}

export function SignInError({ error }: { error: SignInErrorMessage }) {
  return (
    <div
      role="alert"
      className="flex gap-3 rounded-lg border border-danger-border bg-danger-soft p-3 text-sm text-danger-text"
    >
      <Icon name="alert" className="mt-0.5 size-4" />
      <div className="min-w-0">
        <p className="font-medium">{error.title}</p>
        <p className="mt-1 leading-5 opacity-90">{error.detail}</p>
        {error.code && <p className="mt-2 font-mono text-xs opacity-80">Error code: {error.code}</p>}
      </div>
    </div>
  );
}
