"use server";
// Sign-in page actions: route an e-mail to its organization's IdP, or start sign-in with a
// chosen provider. Nobody is signed in yet, so they are publicAction()s (declared "public",
// no tenant transaction: tenants are found through lib/tenancy/system). Both are throttled per
// client IP (and e-mail) first. Every outcome is a redirect, which the wrapper rethrows. OIDC
// providers start through Auth.js; a SAML provider starts Warden's SP-initiated login.
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/sso";
import { clientIp, throttleSignIn } from "@/lib/auth/sso/throttle";
import { WardenError } from "@/lib/errors";
import { publicAction } from "@/lib/http/action";
import { signInOptionsForTenant, tenantByEmailDomain, tenantBySlug } from "@/lib/tenancy/system";

async function throttled(h: Headers, email?: string): Promise<void> {
  try {
    await throttleSignIn(clientIp(h), email);
  } catch (e) {
    if (e instanceof WardenError && e.type === "rate_limited") redirect("/signin?error=rate_limited");
    throw e;
  }
}

async function start(option: { id: string; type: string }, tenantSlug: string, email: string): Promise<void> {
  if (option.type === "saml") redirect(`/v1/auth/saml/${encodeURIComponent(tenantSlug)}/login?purpose=browser`);
  await signIn(option.id, { redirectTo: "/" }, EMAIL.test(email) ? { login_hint: email } : undefined);
}

const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}\.[^\s@]{2,}$/;
// Lenient on purpose: a malformed e-mail is answered with a redirect the page explains.
const field = z.string().max(500).default("");

export const continueWithSso = publicAction({ input: z.object({ email: field }) }, async ({ input, headers }): Promise<void> => {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) redirect("/signin?error=invalid_email");
  await throttled(headers, email);
  const tenant = await tenantByEmailDomain(email);
  if (!tenant) redirect("/signin?error=unknown_domain");
  const domain = email.split("@")[1];
  const options = (await signInOptionsForTenant(tenant.id)).filter((o) => o.emailDomains.length === 0 || o.emailDomains.includes(domain));
  if (options.length === 0) redirect(`/signin?error=no_provider&org=${tenant.slug}`);
  if (options.length > 1) redirect(`/signin?org=${tenant.slug}&email=${encodeURIComponent(email)}`);
  await start(options[0], tenant.slug, email);
});

export const signInWithProvider = publicAction(
  { input: z.object({ org: field, provider: field, email: field }) },
  async ({ input, headers }): Promise<void> => {
    const email = input.email.trim().toLowerCase();
    await throttled(headers, EMAIL.test(email) ? email : undefined);
    const tenant = await tenantBySlug(input.org);
    const option = tenant ? (await signInOptionsForTenant(tenant.id)).find((o) => o.id === input.provider) : undefined;
    if (!option || !tenant) redirect("/signin?error=no_provider");
    await start(option, tenant.slug, email);
  },
);
