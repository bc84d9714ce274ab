// The erased-address list: after an erasure (lib/privacy/erasure.ts) only a keyed hash of the
// person's e-mail stays, under the tenant's key, so sign-in refuses the address and no path
// creates the person again. Beside the audit pseudonyms because it is one (audit/keys.ts), and
// below auth so the SSO sign-in can ask it.
import "server-only";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { tenantIdOf, type TenantTx } from "@/lib/tenancy/with-tenant";
import { pseudonym } from "./keys";

/** Lower-cased and trimmed: the form every erased-address comparison uses. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();
/** The keyed hash of an erased address (needs the tenant's key loaded: ADR 0035). */
export async function erasedEmailRef(tx: TenantTx, email: string): Promise<string> {
  const tenantId = await tenantIdOf(tx);
  await tenantKeyFor(tx);
  return pseudonym(tenantId, "erased_email", normaliseEmail(email));
}

/**
 * THE check against the erased-address list: the erased_subjects row for this address (compared
 * normalised, by keyed hash), or null. Every path that creates a user or changes a user's
 * e-mail asks this, directly or through isErased / assertNotErased.
 */
export async function erasedSubjectFor(
  tx: TenantTx,
  email: string,
): Promise<{ requestId: string; erasedAt: Date } | null> {
  return tx.erasedSubject.findFirst({
    where: { emailRef: await erasedEmailRef(tx, email) },
    select: { requestId: true, erasedAt: true },
  });
}

/** Whether sign-in must refuse this address (it belongs to an erased person). */
export async function isErased(tx: TenantTx, email: string): Promise<boolean> {
  return (await erasedSubjectFor(tx, email)) !== null;
}
