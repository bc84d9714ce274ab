// The local demo IdP's people: every person of lib/seed/demo-data.ts, in both demo tenants,
// with one shared demo password. Claims mirror what Okta / Entra send once configured with
// group and role claims: email, name, groups (team names), roles, tenant (slug) and amr.
import { timingSafeEqual } from "node:crypto";
import { DEMO_TENANTS, type DemoUser } from "@/lib/seed/demo-data";

/** The shared demo password; override with WARDEN_DEMO_PASSWORD. */
export function demoPassword(env: NodeJS.ProcessEnv = process.env): string {
  return env.WARDEN_DEMO_PASSWORD || "warden-demo";
}

export interface LocalAccount {
  sub: string;
  email: string;
  name: string;
  tenant: string;
  groups: string[];
  roles: string[];
  mfa: boolean;
  /** Disabled at the IdP (demo / tests only, changeAccountAtIdp): no sign-in, no refresh. */
  disabled?: boolean;
}

/** The subject the local IdP gives a person; the seed links demo people to it (user_identities). */
export function localSubject(tenant: string, email: string): string {
  return `${tenant}:${email}`;
}

function toAccount(tenant: string, u: DemoUser): LocalAccount {
  // The IdP still knows deactivated people: refusing them is Warden's job, not the IdP's.
  return {
    sub: localSubject(tenant, u.email),
    email: u.email,
    name: u.name,
    tenant,
    groups: [...u.teams],
    roles: [u.role],
    mfa: u.mfa ?? false,
  };
}

/**
 * The demo's platform operator (ADR 0032): signs in through the IdP's own "warden-platform"
 * client, with a second factor (amr pwd + otp). `npm run demo` names this address in
 * WARDEN_PLATFORM_OPERATORS, so the first start makes it an operator.
 */
export const PLATFORM_TENANT = "platform";
export const DEMO_OPERATOR_EMAIL = "operator@platform.warden.test";
const DEMO_OPERATOR: LocalAccount = {
  sub: localSubject(PLATFORM_TENANT, DEMO_OPERATOR_EMAIL),
  email: DEMO_OPERATOR_EMAIL,
  name: "Platform Operator",
  tenant: PLATFORM_TENANT,
  groups: [],
  roles: [],
  mfa: true,
};

export const LOCAL_ACCOUNTS: LocalAccount[] = [
  ...DEMO_TENANTS.flatMap((t) => t.users.map((u) => toAccount(t.slug, u))),
  DEMO_OPERATOR,
];

// ─── Demo / test only: people changed at the IdP while it runs ─────────────────────────────
// A change made here is what an IdP administrator would do in Okta or Entra: another role or
// group claim, or a disabled account. It lives in this process's memory only (a restart forgets
// it). Tests that run the IdP in-process call changeAccountAtIdp(); `npm run demo` exposes it
// on the IdP's own loopback port only when WARDEN_LOCAL_IDP_ADMIN_TOKEN is set (server.ts).
export type AccountChange = Partial<Pick<LocalAccount, "roles" | "groups" | "disabled">>;
const changes = new Map<string, AccountChange>();

function current(a: LocalAccount): LocalAccount {
  const c = changes.get(a.sub);
  return c ? { ...a, ...c } : a;
}

/** Changes a person at the IdP (roles, groups, disabled); answers the account as it now is, or null. */
export function changeAccountAtIdp(email: string, change: AccountChange, tenant?: string): LocalAccount | null {
  const a = LOCAL_ACCOUNTS.find((x) => x.email === email.trim().toLowerCase() && (!tenant || x.tenant === tenant));
  if (!a) return null;
  changes.set(a.sub, { ...changes.get(a.sub), ...change });
  return current(a);
}

/** Forgets every change made at run time. */
export function resetAccountChanges(): void {
  changes.clear();
}

/** An account as the IdP knows it now; a disabled one is not found (its refresh is refused). */
export function findLocalAccount(sub: string): LocalAccount | undefined {
  const a = LOCAL_ACCOUNTS.find((x) => x.sub === sub);
  const now = a ? current(a) : undefined;
  return now && !now.disabled ? now : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks an e-mail + password; the client decides which tenant's people may sign in. */
export function verifyLocalLogin(email: string, password: string, tenant: string | undefined): LocalAccount | null {
  const found = LOCAL_ACCOUNTS.find((a) => a.email === email.trim().toLowerCase() && (!tenant || a.tenant === tenant));
  const account = found ? current(found) : undefined;
  const ok = sameSecret(password, demoPassword());
  return account && ok && !account.disabled ? account : null;
}

/**
 * ID-token claims (sent in the ID token: the provider runs with conformIdTokenClaims false). The
 * demo's addresses are the IdP's own, hence email_verified; Warden links a first sign-in by e-mail
 * only when it is true.
 */
export function accountClaims(a: LocalAccount): Record<string, unknown> {
  return {
    sub: a.sub,
    email: a.email,
    email_verified: true,
    name: a.name,
    groups: a.groups,
    roles: a.roles,
    tenant: a.tenant,
  };
}
