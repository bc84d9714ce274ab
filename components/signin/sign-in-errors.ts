// Turns the `error` query parameter that Auth.js and our identity code put on /signin into a
// message a person can act on. Unknown codes get a generic message; the raw value is never
// echoed unless it looks like a plain code (so links cannot inject arbitrary text).

export interface SignInErrorMessage {
  title: string;
  detail: string;
  code?: string;
}

const MESSAGES: Record<string, Omit<SignInErrorMessage, "code">> = {
  mfa_required: {
    title: "Multi-factor authentication required",
    detail:
      "Your organization requires multi-factor authentication. Sign in again and complete the second step with your identity provider.",
  },
  tenant_suspended: {
    title: "Your organization is suspended",
    detail:
      "The Warden platform operator has suspended your organization. Its data is kept; contact your Warden provider to resume it.",
  },
  ip_not_allowed: {
    title: "Not allowed from this network",
    detail:
      "Your organization allows console sign-in only from its own networks, and this address is not one of them. Connect through your organization's network or VPN, or ask your administrator.",
  },
  account_disabled: {
    title: "Your account is disabled",
    detail: "Your Warden account has been deactivated. If you think this is a mistake, contact your administrator.",
  },
  AccessDenied: {
    title: "Access denied",
    detail:
      "Your identity provider signed you in, but your account is not allowed to use Warden. Ask your administrator to grant you access.",
  },
  // One answer for an unknown domain, a domain without a provider, or a provider that cannot
  // start: the sign-in page must not tell which organizations use Warden.
  sso_unavailable: {
    title: "Single sign-on could not start",
    detail:
      "Warden could not continue to an identity provider for that address. Check the spelling of your work email, or ask your administrator whether single sign-on is set up for it.",
  },
  email_unverified: {
    title: "Your email address is not verified",
    detail:
      "Your identity provider signed you in but did not confirm that the email address is yours, so Warden cannot link it to an account. Verify the address with your identity provider, or ask your administrator.",
  },
  email_domain: {
    title: "This email domain is not allowed here",
    detail:
      "Your identity provider signed you in with an address outside the domains your organization's sign-in serves, so Warden cannot link it to an account. Ask your administrator.",
  },
  identity_conflict: {
    title: "This account is linked to another identity",
    detail:
      "The Warden account with this email address already signs in with a different identity at this provider, and Warden never moves an account to a new identity by email alone. Ask your administrator.",
  },
  rate_limited: {
    title: "Too many sign-in attempts",
    detail:
      "Sign-in is paused for a few minutes after too many attempts or failed sign-ins from this network. Wait, then try again.",
  },
  invalid_email: {
    title: "Enter your work email",
    detail: "Type your full work email address, such as name@company.com, to find your organization's sign-in.",
  },
  session_expired: {
    title: "Your session ended",
    detail: "You were signed out, for example after a period of inactivity. Sign in again to continue.",
  },
  Configuration: {
    title: "Sign-in is misconfigured",
    detail: "Warden could not complete sign-in because of a server configuration problem. Contact your administrator.",
  },
  Verification: {
    title: "Sign-in link expired",
    detail: "The sign-in link is no longer valid. Start again from this page.",
  },
  idp_error: {
    title: "Your identity provider did not complete sign-in",
    detail:
      "The response from your organization's identity provider could not be used. Try again; if it keeps happening, contact your administrator.",
  },
};

// Auth.js reports provider round-trip failures under several names; they mean the same to a user.
const ALIASES: Record<string, string> = {
  SessionRequired: "session_expired",
  OAuthSignin: "idp_error",
  OAuthCallback: "idp_error",
  OAuthCallbackError: "idp_error",
  CallbackRouteError: "idp_error",
  InvalidCheck: "idp_error",
  tenant_not_found: "sso_unavailable",
  unknown_domain: "sso_unavailable",
  no_provider: "sso_unavailable",
};

const FALLBACK = {
  title: "Sign-in did not complete",
  detail: "Something went wrong while signing you in. Try again; if it keeps happening, contact your administrator.",
};

export function signInErrorMessage(raw: string | string[] | undefined): SignInErrorMessage | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  const key = ALIASES[value] ?? value;
  const known = Object.hasOwn(MESSAGES, key) ? MESSAGES[key] : FALLBACK;
  const code = /^[A-Za-z0-9_]{1,40}$/.test(value) ? value : undefined;
  return { ...known, code };
}
