// What the Privacy page shows, in one tenant transaction: requests (with the person's current
// name), consent state and history, retention per class, policies (with scope names), and the
// people, teams, keys and providers its forms offer. Shapes are plain JSON for client components.
import "server-only";
import type { PublicActor } from "@/lib/auth/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { listConsents } from "./consent";
import { listPolicies } from "./policies";
import { listRequests } from "./requests";
import { getRetention } from "./retention";

// The tenant's policy first, then teams, then keys.
const SCOPE_ORDER = ["tenant", "team", "virtual_key"];

export async function loadPrivacyPage(actor: PublicActor) {
  return withTenant(actor.tenantId, async (tx) => {
    const [requests, consents, retention, policies, users, teams, keys, providers] = await Promise.all([
      listRequests(tx, { limit: 200 }),
      listConsents(tx, { limit: 200 }),
      getRetention(tx),
      listPolicies(tx, { limit: 200 }),
      tx.user.findMany({ select: { id: true, name: true, email: true, active: true }, orderBy: { name: "asc" } }),
      tx.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
      tx.virtualKey.findMany({
        where: { revokedAt: null },
        select: { id: true, name: true, prefix: true },
        orderBy: { name: "asc" },
        take: 500,
      }),
      tx.provider.findMany({ select: { name: true, region: true, hipaaCovered: true }, orderBy: { name: "asc" } }),
    ]);
    const person = new Map(users.map((u) => [u.id, u]));
    const label = (id: string) => person.get(id)?.name ?? id;
    const scopeName = (type: string, id: string) =>
      type === "tenant"
        ? "Whole tenant"
        : type === "team"
          ? `Team ${teams.find((t) => t.id === id)?.name ?? id}`
          : `Key ${keys.find((k) => k.id === id)?.name ?? id}`;
    return {
      requests: requests.data.map((r) => ({ ...r, person: label(r.user_id) })),
      consents: consents.data.map((c) => ({ ...c, person: label(c.user_id) })),
      retention,
      policies: policies.data
        .sort((a, b) => SCOPE_ORDER.indexOf(a.scope_type) - SCOPE_ORDER.indexOf(b.scope_type))
        .map((p) => ({ ...p, scope_name: scopeName(p.scope_type, p.scope_id) })),
      people: users.filter((u) => u.active).map((u) => ({ id: u.id, label: `${u.name} <${u.email}>` })),
      teams,
      keys: keys.map((k) => ({ id: k.id, label: `${k.name} (${k.prefix}…)` })),
      providers: providers.map((p) => ({ name: p.name, region: p.region, hipaa_covered: p.hipaaCovered })),
    };
  });
}
export type PrivacyPageData = Awaited<ReturnType<typeof loadPrivacyPage>>;
