// Thirty days of believable audit history per demo tenant, written through appendAudit (the
// only way entries are written) with backdated times. Deterministic (a PRNG seeded by the
// tenant slug) and idempotent: a tenant that already has entries is left alone.
import type { AuditEvent } from "@/lib/audit/append";
import { appendAudit } from "@/lib/audit/append";
import { verifyTenant } from "@/lib/audit/verification";
import type { Database } from "@/lib/db/runtime";
import { withTenant } from "@/lib/tenancy/with-tenant";

function prng(seed: string): () => number {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let x = Math.imul(h ^ (h >>> 15), 1 | h);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Person = { id: string; name: string; email: string; role: string };

function story(slug: string, people: Person[], perDay: number): AuditEvent[] {
  const rnd = prng(`audit:${slug}`);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const admins = people.filter((p) => p.role === "admin");
  const devs = people.filter((p) => p.role !== "viewer");
  const day0 =
    Date.UTC(2026, 0, 1) + Math.floor((Date.now() - Date.UTC(2026, 0, 1)) / 86_400_000) * 86_400_000 - 30 * 86_400_000;
  const who = (p: Person) => ({
    kind: "user",
    subject: p.id,
    userId: p.id,
    authMethod: "session" as const,
    displayName: p.name,
    email: p.email,
  });
  const ip = () => `10.${20 + Math.floor(rnd() * 4)}.${Math.floor(rnd() * 255)}.${1 + Math.floor(rnd() * 250)}`;
  const events: AuditEvent[] = [];
  for (let d = 0; d < 30; d++) {
    const n = perDay + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      const at = new Date(day0 + d * 86_400_000 + (7 + rnd() * 11) * 3_600_000);
      const p = pick(people);
      const r = rnd();
      const base = { at, ip: ip(), requestId: `req_${slug}${d}x${i}` };
      if (r < 0.55)
        events.push({
          ...base,
          action: "auth.login",
          outcome: "success",
          actor: who(p),
          details: { method: "oidc", mfa: rnd() < 0.8 },
        });
      else if (r < 0.63)
        events.push({
          ...base,
          action: "auth.login_failed",
          outcome: "failure",
          actor: {
            kind: "user",
            subject: rnd() < 0.5 ? p.email : `unknown${Math.floor(rnd() * 9)}@${p.email.split("@")[1]}`,
          },
          details: { reason: pick(["invalid_grant", "mfa_required", "user_not_found"]) },
        });
      else if (r < 0.72) events.push({ ...base, action: "auth.logout", outcome: "success", actor: who(p) });
      else if (r < 0.8) {
        const dev = pick(devs);
        events.push({
          ...base,
          action: "virtual_key.create",
          outcome: "success",
          actor: who(dev),
          target: { type: "virtual_key", id: `vk_${slug}${d}${i}` },
          details: {
            after: {
              name: `${pick(["search", "support", "eval", "notes"])}-${d}`,
              models: ["gpt-4o-mini"],
              budget_usd: pick([50, 100, 250]),
            },
          },
        });
      } else if (r < 0.86) {
        const dev = pick(devs);
        events.push({
          ...base,
          action: "api_key.create",
          outcome: "success",
          actor: who(dev),
          target: { type: "api_key", id: `key_${slug}${d}${i}` },
          details: { after: { scopes: ["usage.read"], ttl_days: 90 } },
        });
      } else if (r < 0.9)
        events.push({
          ...base,
          action: "virtual_key.rotate",
          outcome: "success",
          actor: who(pick(devs)),
          target: { type: "virtual_key", id: `vk_${slug}${Math.max(0, d - 3)}0` },
        });
      else if (r < 0.94) {
        // An admin signs in (reports are seeded for real by seed-reports.ts; the two picks keep the PRNG sequence).
        const a = pick(admins);
        pick([0, 1, 2]);
        pick([0, 1]);
        events.push({
          ...base,
          action: "auth.login",
          outcome: "success",
          actor: who(a),
          details: { method: "oidc", mfa: true },
        });
      } else if (r < 0.97)
        events.push({
          ...base,
          action: "gateway.budget_exceeded",
          outcome: "denied",
          actor: { kind: "virtual_key", subject: `vk_${slug}${Math.max(0, d - 2)}0`, authMethod: "virtual_key" },
          target: { type: "virtual_key", id: `vk_${slug}${Math.max(0, d - 2)}0` },
          details: { budget_usd: 100, spent_usd: 100.42 },
        });
      else
        events.push({
          ...base,
          action: "team.update",
          outcome: "success",
          actor: who(pick(admins)),
          target: { type: "team", id: `tm_${slug}team` },
          details: {
            before: { description: "Owns shared keys" },
            after: { description: "Owns the gateway integration and shared keys" },
          },
        });
    }
  }
  const admin = admins[0];
  const target = people.find((p) => p.role === "developer") ?? people[people.length - 1];
  const viewer = people.find((p) => p.role === "viewer") ?? target;
  const at = (d: number, h: number) => new Date(day0 + d * 86_400_000 + h * 3_600_000);
  events.push(
    {
      at: at(3, 10),
      action: "tenant.mfa_policy.update",
      outcome: "success",
      actor: who(admin),
      target: { type: "tenant" },
      details: { require_mfa: true },
    },
    {
      at: at(12, 15.5),
      action: "role.assign",
      outcome: "success",
      actor: who(admin),
      target: { type: "user", id: target.id },
      details: { before: { role: "viewer" }, after: { role: "developer" } },
    },
    {
      at: at(19, 22.7),
      action: "privilege_escalation_attempt",
      outcome: "denied",
      actor: who(viewer),
      target: { type: "user", id: viewer.id },
      details: {
        attempted: { role: "admin" },
        held: { role: viewer.role },
        reason: "cannot grant more power than held",
      },
    },
    {
      at: at(24, 9.2),
      action: "privilege_escalation",
      outcome: "success",
      actor: who(admin),
      target: { type: "user", id: target.id },
      details: { before: { role: "developer" }, after: { role: "admin" }, ticket: "SEC-1422" },
    },
    {
      at: at(26, 11),
      action: "scim.token.create",
      outcome: "success",
      actor: who(admin),
      target: { type: "scim_token", id: `scim_${slug}1` },
    },
    {
      at: at(28, 16),
      action: "audit.export",
      outcome: "success",
      actor: who(admin),
      details: { format: "csv", filters: { category: "security" } },
    },
  );
  return events.sort((a, b) => a.at!.getTime() - b.at!.getTime());
}

export async function seedAuditHistory(db: Database, tenantId: string, slug: string): Promise<number> {
  const existing = await withTenant(tenantId, (tx) => tx.auditEntry.count(), { db });
  if (existing > 0) return 0;
  const people = await withTenant(
    tenantId,
    (tx) => tx.user.findMany({ orderBy: { email: "asc" }, select: { id: true, name: true, email: true, role: true } }),
    { db },
  );
  if (!people.some((p) => p.role === "admin")) return 0;
  const events = story(slug, people, people.length > 8 ? 9 : 6);
  for (let i = 0; i < events.length; i += 100) {
    await withTenant(
      tenantId,
      async (tx) => {
        for (const e of events.slice(i, i + 100)) await appendAudit(tx, e);
      },
      { db, timeout: 120_000 },
    );
  }
  await withTenant(
    tenantId,
    (tx) => tx.auditSettings.upsert({ where: { tenantId }, update: {}, create: { tenantId, retentionDays: 365 } }),
    { db },
  );
  await verifyTenant(tenantId, { db, trigger: "scheduled" });
  return events.length;
}
