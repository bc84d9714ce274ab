// Per-tenant network rules (ADR 0036): CIDR allow-lists for console sign-in and sessions, for API
// keys / OIDC bearer tokens / SCIM tokens, and for virtual keys. The one resolver asks
// assertNetworkAllowed() for every tenant Actor, next to the suspension check, with clientIp()
// (trusted-proxy aware, ADR 0016); sign-in asks consoleAllows() before a session starts. The
// compiled lists are kept per process like suspension (never served stale past the TTL) and
// dropped at once when this process changes them.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { RefreshingCache } from "@/lib/cache/refreshing";
import type { Database } from "@/lib/db/runtime";
import { WardenError } from "@/lib/errors";
import { log } from "@/lib/observability/log";
import { withTenant, type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { compileList, type AddressMatcher } from "./cidr";
import type { NetworkKind, NetworkRules, NetworkRulesPut } from "./views";

export const NETWORK_RULES_TTL_MS = 2_000;

type Compiled = Record<NetworkKind, AddressMatcher>;
const known = new RefreshingCache<Compiled>(NETWORK_RULES_TTL_MS, NETWORK_RULES_TTL_MS, 10_000);

const SELECT = { networkConsole: true, networkApi: true, networkVirtualKeys: true, updatedAt: true } as const;

async function loadCompiled(tenantId: string, db?: Database): Promise<Compiled> {
  const row = await withTenant(tenantId, (tx) => tx.tenant.findUnique({ where: { id: tenantId }, select: SELECT }), {
    db,
  });
  return {
    console: compileList(row?.networkConsole ?? []),
    api: compileList(row?.networkApi ?? []),
    virtual_keys: compileList(row?.networkVirtualKeys ?? []),
  };
}

/** Which list applies to an Actor's credential; null for none (the system itself). */
export function networkKindOf(actor: Pick<Actor, "authMethod">): NetworkKind | null {
  switch (actor.authMethod) {
    case "session":
    case "proxy": // a person's browser behind the trusted SSO proxy
      return "console";
    case "api_key":
    case "oidc":
    case "saml":
    case "scim":
      return "api";
    case "virtual_key":
      return "virtual_keys";
    default:
      // Support access (ADR 0037) is a console session of the operator: the console list.
      return (actor.authMethod as string) === "support" ? "console" : null;
  }
}

export function ipNotAllowed(kind: NetworkKind, ip: string): WardenError {
  const what = kind === "console" ? "console sign-in" : kind === "api" ? "API credentials" : "virtual keys";
  const where = ip === "unknown" ? "an address Warden could not establish" : ip;
  return new WardenError("ip_not_allowed", `This organization's network rules do not allow ${what} from ${where}`);
}

// One audited refusal per (tenant, credential, address) a minute: a client retrying from a refused
// address must not flood the tenant's chain.
const lastAudited = new Map<string, number>();
const AUDIT_EVERY_MS = 60_000;

async function auditRefusal(actor: Actor, kind: NetworkKind, ip: string): Promise<void> {
  const key = `${actor.tenantId}|${actor.subject}|${kind}|${ip}`;
  const now = Date.now();
  if ((lastAudited.get(key) ?? 0) > now - AUDIT_EVERY_MS) return;
  if (lastAudited.size >= 10_000) lastAudited.clear();
  lastAudited.set(key, now);
  await withTenant(actor.tenantId, (tx) =>
    appendAudit(tx, {
      action: "network.ip_refused",
      outcome: "denied",
      actor: auditActor(actor),
      target: { type: "tenant", id: actor.tenantId },
      details: { list: kind },
      ip: ip === "unknown" ? undefined : ip,
      requestId: actor.requestId,
    }),
  ).catch((err) => log.error({ request_id: actor.requestId, err }, "could not record a network refusal"));
}

/** Refuses (403 ip_not_allowed, audited) an Actor whose credential's list excludes the client address. */
export async function assertNetworkAllowed(actor: Actor, ip: string, db?: Database): Promise<void> {
  const kind = networkKindOf(actor);
  if (!kind) return;
  const lists = await known.get(actor.tenantId, () => loadCompiled(actor.tenantId, db));
  if (lists[kind].allows(ip)) return;
  await auditRefusal(actor, kind, ip);
  throw ipNotAllowed(kind, ip);
}

/** The console list's answer for a sign-in (inside the sign-in's tenant transaction, from its row). */
export function consoleAllows(list: readonly string[], ip: string | undefined): boolean {
  return compileList(list).allows(ip ?? null);
}

/** Drops this process's cached lists of a tenant (after a change). */
export function forgetNetworkRules(tenantId: string): void {
  known.delete(tenantId);
}

export async function networkRules(tx: TenantTx): Promise<NetworkRules> {
  const tenantId = await tenantIdOf(tx);
  const row = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: SELECT });
  return {
    console: row.networkConsole,
    api: row.networkApi,
    virtual_keys: row.networkVirtualKeys,
    updated_at: row.updatedAt.toISOString(),
  };
}

const dedupe = (xs: string[]) => [...new Set(xs)];

/**
 * Replaces the three lists. The lockout guard: when the list that applies to the caller's own
 * credential would exclude the caller's current address, 409 unless confirm_lockout is true.
 * Audited as tenant.network_rules.update with before and after.
 */
export async function updateNetworkRules(
  tx: TenantTx,
  actor: Actor,
  input: NetworkRulesPut,
  ip: string,
): Promise<NetworkRules> {
  const next = { console: dedupe(input.console), api: dedupe(input.api), virtual_keys: dedupe(input.virtual_keys) };
  const own = networkKindOf(actor);
  if (own && !input.confirm_lockout && !compileList(next[own]).allows(ip)) {
    const where =
      ip === "unknown" ? "your current address (which Warden could not establish)" : `your current address ${ip}`;
    throw new WardenError(
      "conflict",
      `The ${own === "virtual_keys" ? "virtual key" : own} list does not include ${where}: saving it would lock you out. Add your address, or send confirm_lockout: true to save anyway.`,
    );
  }
  const before = await networkRules(tx);
  await tx.tenant.update({
    where: { id: actor.tenantId },
    data: { networkConsole: next.console, networkApi: next.api, networkVirtualKeys: next.virtual_keys },
  });
  const after = await networkRules(tx);
  await appendAudit(tx, {
    action: "tenant.network_rules.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "tenant", id: actor.tenantId },
    details: {
      before: { console: before.console, api: before.api, virtual_keys: before.virtual_keys },
      after: { console: after.console, api: after.api, virtual_keys: after.virtual_keys },
      ...(input.confirm_lockout ? { confirm_lockout: true } : {}),
    },
    ip: ip === "unknown" ? undefined : ip,
    requestId: actor.requestId,
  });
  forgetNetworkRules(actor.tenantId);
  return after;
}
