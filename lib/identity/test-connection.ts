// "Test connection": fetch the issuer's OIDC discovery document and say plainly what is wrong.
// The fetch passes the outbound guard (lib/net/outbound.ts): an issuer at an internal address is
// refused before any connection, and connection errors are never echoed (they would name
// internal hosts and ports), only "unreachable" or the guard's rule.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { outboundFetch, OutboundRefused, urlProblem } from "@/lib/net/outbound";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { getIdentityProviderOrThrow } from "./providers";

export interface ConnectionResult {
  ok: boolean;
  message: string;
  checks: { name: string; ok: boolean; detail?: string }[];
}

const refusedResult = (message: string): ConnectionResult => ({
  ok: false,
  message: `Refused by the outbound guard: ${message}`,
  checks: [{ name: "outbound_guard", ok: false }],
});

export async function testOidcDiscovery(issuer: string | null, timeoutMs = 5000): Promise<ConnectionResult> {
  if (!issuer) return { ok: false, message: "No issuer is configured", checks: [] };
  const base = issuer.replace(/\/+$/, "");
  const problem = urlProblem(base, { kind: "base" });
  if (problem) return refusedResult(`the issuer ${problem}`);
  const url = `${base}/.well-known/openid-configuration`;
  let res: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    res = await outboundFetch(url, { signal, headers: { accept: "application/json" } });
  } catch (e) {
    if (e instanceof OutboundRefused)
      return e.rule === "dns"
        ? {
            ok: false,
            message: `The issuer's host does not resolve (${url})`,
            checks: [{ name: "reachable", ok: false }],
          }
        : refusedResult(`${e.subject} ${e.problem}`);
    return {
      ok: false,
      message: signal.aborted
        ? `The issuer did not answer within ${timeoutMs / 1000} s (${url})`
        : `The issuer is unreachable (${url})`,
      checks: [{ name: "reachable", ok: false }],
    };
  }
  const checks: ConnectionResult["checks"] = [{ name: "reachable", ok: true, detail: `HTTP ${res.status}` }];
  if (!res.ok)
    return {
      ok: false,
      message: `Discovery answered HTTP ${res.status} at ${url}`,
      checks: [...checks, { name: "discovery", ok: false }],
    };
  let doc: Record<string, unknown>;
  try {
    doc = (await res.json()) as Record<string, unknown>;
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not an object");
  } catch {
    return {
      ok: false,
      message: `Discovery at ${url} is not a JSON document`,
      checks: [...checks, { name: "json", ok: false }],
    };
  }
  checks.push({ name: "json", ok: true });
  const problems: string[] = [];
  const issuerOk = typeof doc.issuer === "string" && doc.issuer.replace(/\/+$/, "") === base;
  checks.push({ name: "issuer", ok: issuerOk, detail: String(doc.issuer ?? "missing") });
  if (!issuerOk)
    problems.push(`issuer mismatch: configured ${base}, discovery says ${String(doc.issuer ?? "nothing")}`);
  for (const field of ["authorization_endpoint", "token_endpoint", "jwks_uri"]) {
    const value = doc[field];
    const present = typeof value === "string" && /^https?:\/\//.test(value);
    // Warden itself calls the token and JWKS endpoints: they pass the same guard at sign-in.
    const refused =
      present && field !== "authorization_endpoint" ? urlProblem(value as string, { kind: "endpoint" }) : null;
    checks.push({
      name: field,
      ok: present && !refused,
      ...(refused ? { detail: `refused by the outbound guard: ${refused}` } : {}),
    });
    if (!present) problems.push(`missing ${field}`);
    else if (refused) problems.push(`${field} ${refused}`);
  }
  return problems.length
    ? { ok: false, message: `Discovery found, but: ${problems.join("; ")}`, checks }
    : { ok: true, message: `Connected: ${base} publishes a valid OIDC discovery document`, checks };
}

/**
 * Tests one of the actor's tenant's providers (the route and the console action share this).
 * The network call runs outside any transaction: read the issuer first, then fetch.
 */
export async function testProviderConnection(actor: Actor, id: string): Promise<ConnectionResult> {
  const row = await withTenant(actor, (tx) => getIdentityProviderOrThrow(tx, id));
  if (row.type === "saml")
    return {
      ok: false,
      message: "Connection tests cover OIDC providers; SAML is checked on the first sign-in",
      checks: [],
    };
  return testOidcDiscovery(row.issuer);
}
