import { inputFlowClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";

// Server-rendered sign-in controls; the action comes from app/signin/actions.ts via props.
// Every outcome of that action is a redirect, so the form ignores its (never-sent) result.
type Action = (form: FormData) => Promise<unknown>;
const formAction = (a: Action) => a as (form: FormData) => Promise<void>;

/** Step one: a plain GET back to /signin?email=…, so this step looks nothing up for anyone. */
export function EmailSsoForm({ defaultEmail }: { defaultEmail?: string }) {
  return (
    <form method="get" action="/signin" className="flex flex-col gap-3">
      <label htmlFor="signin-email" className="text-sm font-medium text-fg">
        Work email
      </label>
      <input
        id="signin-email"
        name="email"
        type="email"
        required
        autoComplete="email"
        placeholder="name@company.com"
        defaultValue={defaultEmail}
        className={inputFlowClass}
      />
      <button type="submit" className={buttonClass("primary", "md", "w-full justify-center")}>
        Continue with SSO
      </button>
    </form>
  );
}

/** Step two: the same for every address; the action finds the organization's provider, if any. */
export function ContinueAtIdp({ action, email }: { action: Action; email: string }) {
  return (
    <form action={formAction(action)} className="flex flex-col gap-3">
      <input type="hidden" name="email" value={email} />
      <div className="rounded-lg border border-border bg-surface-2 p-3 text-sm">
        <p className="text-muted">Signing in as</p>
        <p className="mt-0.5 truncate font-medium text-fg">{email}</p>
      </div>
      <p className="text-sm leading-6 text-muted">
        You will continue at your organization&apos;s identity provider, which signs you in and sends you back to
        Warden.
      </p>
      <button type="submit" className={buttonClass("primary", "md", "w-full justify-center")}>
        Continue to your identity provider
      </button>
      <a href="/signin" className="text-center text-sm text-accent-text hover:underline">
        Use a different email
      </a>
    </form>
  );
}

export function SignedOutNotice() {
  return (
    <p role="status" className="rounded-lg border border-border bg-surface-2 p-3 text-sm text-muted">
      You have signed out of Warden.
    </p>
  );
}

/** Platform operators (ADR 0032) sign in at the platform's own IdP; shown only when one is configured. */
export function OperatorSignIn({ action }: { action: Action }) {
  return (
    <form action={formAction(action)} className="mt-2 border-t border-border pt-4 text-center">
      <button type="submit" className={buttonClass("ghost", "sm", "text-muted")}>
        Platform operator sign-in
      </button>
    </form>
  );
}
