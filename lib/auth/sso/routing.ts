// Sign-in routing by e-mail domain only: the tenant that claims the domain, then its enabled
// provider for it. One provider is chosen (one that lists the domain in its email_domains first,
// then one that lists none, oldest first), so the sign-in page never lists tenants or providers.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { signInOptionsForTenant, tenantByEmailDomain } from "@/lib/tenancy/system";

export const SIGN_IN_EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}\.[^\s@]{2,}$/;

export interface SignInRoute {
  providerId: string;
  type: string;
  tenantSlug: string;
}

export async function routeSignIn(email: string, db?: Database): Promise<SignInRoute | null> {
  const domain = email.split("@")[1]?.trim().toLowerCase();
  if (!domain) return null;
  const tenant = await tenantByEmailDomain(email, db);
  if (!tenant) return null;
  const options = await signInOptionsForTenant(tenant.id, db);
  const option =
    options.find((o) => o.emailDomains.some((d) => d.toLowerCase() === domain)) ??
    options.find((o) => o.emailDomains.length === 0);
  return option ? { providerId: option.id, type: option.type, tenantSlug: tenant.slug } : null;
}
