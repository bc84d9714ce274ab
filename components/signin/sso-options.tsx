import { buttonClass } from "@/components/ui/button";
import { Icon } from "@/components/ui/icons";

// Server-rendered sign-in controls; the actions come from app/signin/actions.ts via props.
// Every outcome of these actions is a redirect, so the form ignores their (never-sent) result.
type Action = (form: FormData) => Promise<unknown>;
const formAction = (a: Action) => a as (form: FormData) => Promise<void>;

const INPUT =
  "w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-fg placeholder:text-subtle focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30";

export function EmailSsoForm({ action, defaultEmail }: { action: Action; defaultEmail?: string }) {
  return (
    <form action={formAction(action)} className="flex flex-col gap-3">
      <label htmlFor="signin-email" className="text-sm font-medium text-fg">
        Work email
      </label>
      <input id="signin-email" name="email" type="email" required autoComplete="email" placeholder="name@company.com" defaultValue={defaultEmail} className={INPUT} />
      <button type="submit" className={buttonClass("primary", "md", "w-full justify-center")}>
        Continue with SSO
      </button>
    </form>
  );
}

export interface ProviderOption {
  id: string;
  name: string;
  type: string;
}

const TYPE_LABEL: Record<string, string> = { okta: "Okta", entra: "Microsoft Entra ID", oidc: "OpenID Connect", saml: "SAML" };

export function ProviderButtons({ action, org, orgName, email, providers }: { action: Action; org: string; orgName: string; email?: string; providers: ProviderOption[] }) {
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-muted">
        Sign in to <span className="font-medium text-fg">{orgName}</span> with:
      </p>
      {providers.map((p) => (
        <form key={p.id} action={formAction(action)}>
          <input type="hidden" name="org" value={org} />
          <input type="hidden" name="provider" value={p.id} />
          {email && <input type="hidden" name="email" value={email} />}
          <button type="submit" className={buttonClass("secondary", "md", "w-full justify-between")}>
            <span className="truncate">{p.name}</span>
            <span className="text-xs text-subtle">{TYPE_LABEL[p.type] ?? p.type}</span>
          </button>
        </form>
      ))}
      <a href="/signin" className="mt-1 text-sm text-accent-text hover:underline">
        Use another email
      </a>
    </div>
  );
}

export function OrganizationList({ orgs }: { orgs: { slug: string; name: string }[] }) {
  if (orgs.length === 0) return null;
  return (
    <details className="group rounded-lg border border-border">
      <summary className="flex cursor-pointer list-none items-center justify-between px-3 py-2 text-sm text-muted hover:text-fg">
        Choose your organization instead
        <Icon name="chevronDown" className="size-4 transition-transform group-open:rotate-180" />
      </summary>
      <ul className="border-t border-border p-1">
        {orgs.map((o) => (
          <li key={o.slug}>
            <a href={`/signin?org=${encodeURIComponent(o.slug)}`} className="flex items-center justify-between rounded-md px-2 py-2 text-sm text-fg hover:bg-surface-2">
              {o.name}
              <span className="text-xs text-subtle">{o.slug}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function SignedOutNotice() {
  return (
    <p role="status" className="rounded-lg border border-border bg-surface-2 p-3 text-sm text-muted">
      You have signed out of Warden.
    </p>
  );
}
