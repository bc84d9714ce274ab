"use server";
// Sign-in page actions: route an e-mail to its organization's IdP, or start sign-in with a
// chosen provider. Both are throttled per client IP (and e-mail) before anything else happens.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/sso";
import { clientIp, throttleSignIn } from "@/lib/auth/sso/throttle";
import { WardenError } from "@/lib/errors";
import { signInOptionsForTenant, tenantByEmailDomain, tenantBySlug } from "@/lib/tenancy/system";

async function throttled(email?: string): Promise<void> {
  try {
    await throttleSignIn(clientIp(await headers()), email);
  } catch (e) {
    if (e instanceof WardenError && e.type === "rate_limited") redirect("/signin?error=rate_limited");
    throw e;
  }
}

const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}\.[^\s@]{2,}$/;

export async function continueWithSso(form: FormData): Promise<void> {
  const email = String(form.get("email") ?? "").trim().toLowerCase();
  if (!EMAIL.test(email)) redirect("/signin?error=invalid_email");
  await throttled(email);
  const tenant = await tenantByEmailDomain(email);
  if (!tenant) redirect("/signin?error=unknown_domain");
  const domain = email.split("@")[1];
  const options = (await signInOptionsForTenant(tenant.id)).filter((o) => o.emailDomains.length === 0 || o.emailDomains.includes(domain));
  if (options.length === 0) redirect(`/signin?error=no_provider&org=${tenant.slug}`);
  if (options.length > 1) redirect(`/signin?org=${tenant.slug}&email=${encodeURIComponent(email)}`);
  await signIn(options[0].id, { redirectTo: "/" }, { login_hint: email });
}

export async function signInWithProvider(form: FormData): Promise<void> {
  const slug = String(form.get("org") ?? "");
  const providerId = String(form.get("provider") ?? "");
  const email = String(form.get("email") ?? "").trim().toLowerCase();
  await throttled(EMAIL.test(email) ? email : undefined);
  const tenant = await tenantBySlug(slug);
  const option = tenant ? (await signInOptionsForTenant(tenant.id)).find((o) => o.id === providerId) : undefined;
  if (!option) redirect("/signin?error=no_provider");
  await signIn(option.id, { redirectTo: "/" }, EMAIL.test(email) ? { login_hint: email } : undefined);
}
