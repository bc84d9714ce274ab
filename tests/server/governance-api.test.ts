// Governance domain behind the /v1 routes: sealed provider keys (used upstream, never
// returned), rotation with an overlap window, the self-service quota endpoint (VK auth), and
// another tenant's ids answering not_found.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled } from "@/lib/gateway/core";
import { createCustomer, getCustomer } from "@/lib/governance/customers";
import { createLlmProvider, getLlmProvider } from "@/lib/governance/providers";
import { ownerName, setOwnerLimits } from "@/lib/governance/owner-limits";
import {
  createVirtualKey,
  getVirtualKey,
  listVirtualKeys,
  revokeVirtualKey,
  rotateVirtualKey,
  updateVirtualKey,
} from "@/lib/governance/virtual-keys";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { startUpstream, type FixtureUpstream } from "../fixtures/upstream";
import {
  chat,
  createGovTenant,
  mintKey,
  post,
  startGateway,
  pointProcessDbAt,
  type GovTenant,
} from "../helpers/gateway-setup";
import { signedIn } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let up: FixtureUpstream;
let gw: Awaited<ReturnType<typeof startGateway>>;
let a: GovTenant;
let b: GovTenant;
let now = new Date();

beforeAll(async () => {
  process.env.WARDEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  t = await createTestDatabase();
  pointProcessDbAt(t.db);
  up = await startUpstream();
  a = await createGovTenant(t.db, "api-a", up.url);
  b = await createGovTenant(t.db, "api-b", up.url);
  gw = await startGateway({ db: t.db, clock: () => now });
});

afterAll(async () => {
  await settled();
  await gw?.close();
  await up?.close();
  await t?.drop();
});

const inA = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant(a.tenantId, fn, { db: t.db });

describe(`governance API domain (${TEST_DB_KIND})`, () => {
  it("a team-scoped role reaches only its teams' keys and owners: everything else answers not_found and stays unchanged", async () => {
    // Two teams under one customer; the scoped role is limited to team A.
    // The scoped person holds a custom role limited to team A and signs in as anyone does.
    const [teamB, userB] = await inA(async (tx) => {
      const team = await tx.team.create({ data: { tenantId: a.tenantId, name: "Team B", customerId: a.customerId } });
      const user = await tx.user.create({
        data: { tenantId: a.tenantId, email: "b@api-a.test", name: "B", role: "developer" },
      });
      await tx.teamMembership.create({ data: { tenantId: a.tenantId, teamId: team.id, userId: user.id } });
      const role = await tx.customRole.create({
        data: {
          tenantId: a.tenantId,
          name: "Team A keys",
          permissions: ["governance.read", "virtual_keys.read", "virtual_keys.write", "teams.read", "users.read"],
          resourceScope: { teams: [a.teamId] },
        },
      });
      await tx.user.create({
        data: {
          tenantId: a.tenantId,
          email: "scoped@api-a.test",
          name: "Scoped",
          role: "developer",
          customRoleId: role.id,
        },
      });
      return [team.id, user.id];
    });
    pointProcessDbAt(t.db);
    const scoped = await (await signedIn(t.db, a.actor.tenantSlug, "scoped@api-a.test")).actor();
    expect(scoped.scope).toEqual({ teams: [a.teamId] });
    const mine = await mintKey(t.db, a, { name: "in scope" }); // owned by a's user, a member of team A
    const teamKey = await mintKey(t.db, a, { name: "team A key", user_id: undefined, team_id: a.teamId });
    const theirs = await mintKey(t.db, a, { name: "out of scope", user_id: userB });
    const custKey = await mintKey(t.db, a, { name: "customer key", user_id: undefined, customer_id: a.customerId });
    const status = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: { type?: string }) => e.type ?? String(e),
      );

    const listed = await inA((tx) => listVirtualKeys(tx, scoped, { limit: 200 }));
    const ids = listed.data.map((k: { id: string }) => k.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, teamKey.id]));
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(custKey.id);
    for (const id of [theirs.id, custKey.id]) {
      expect(await status(inA((tx) => getVirtualKey(tx, scoped, id)))).toBe("not_found");
      expect(await status(inA((tx) => updateVirtualKey(tx, scoped, id, { name: "hijacked" })))).toBe("not_found");
      expect(await status(inA((tx) => rotateVirtualKey(tx, scoped, id, 60)))).toBe("not_found");
      expect(await status(inA((tx) => revokeVirtualKey(tx, scoped, id)))).toBe("not_found");
      expect(
        await status(inA((tx) => setOwnerLimits(tx, scoped, "virtual_key", id, { budgets: [], rate_limits: [] }))),
      ).toBe("not_found");
    }
    const after = await inA((tx) => tx.virtualKey.findMany({ where: { id: { in: [theirs.id, custKey.id] } } }));
    expect(after.map((k) => [k.name, k.revokedAt])).toEqual(
      expect.arrayContaining([
        ["out of scope", null],
        ["customer key", null],
      ]),
    );
    expect(await inA((tx) => tx.virtualKey.count({ where: { rotatedFromId: { in: [theirs.id, custKey.id] } } }))).toBe(
      0,
    );
    // Creating: owners outside the scope (another team, its member, the customer level) are not_found.
    const base = { name: "new", allowed_providers: ["*"], allowed_models: ["*"] };
    for (const owner of [{ team_id: teamB }, { user_id: userB }, { customer_id: a.customerId }]) {
      expect(await status(inA((tx) => createVirtualKey(tx, scoped, { ...base, ...owner })))).toBe("not_found");
    }
    for (const [type, id] of [
      ["team", teamB],
      ["user", userB],
      ["customer", a.customerId],
    ] as const) {
      expect(
        await status(
          inA((tx) =>
            setOwnerLimits(tx, scoped, type, id, {
              budgets: [{ limit_usd: 1, window: "1d", mode: "calendar" }],
              rate_limits: [],
            }),
          ),
        ),
      ).toBe("not_found");
    }
    expect(await inA((tx) => tx.budget.count({ where: { ownerId: { in: [teamB, userB] } } }))).toBe(0);
    // Customers are not team-scoped resources: readable (the Customers page), not changeable.
    expect(await inA((tx) => ownerName(tx, scoped, "customer", a.customerId))).toBe("Cust");
    expect(await status(inA((tx) => ownerName(tx, scoped, "team", teamB)))).toBe("not_found");
    // ... and inside the scope the same calls work.
    expect(await status(inA((tx) => createVirtualKey(tx, scoped, { ...base, team_id: a.teamId })))).toBe("ok");
    expect(await status(inA((tx) => updateVirtualKey(tx, scoped, mine.id, { name: "renamed" })))).toBe("ok");
    expect(
      await status(inA((tx) => setOwnerLimits(tx, scoped, "team", a.teamId, { budgets: [], rate_limits: [] }))),
    ).toBe("ok");
    expect(await status(inA((tx) => revokeVirtualKey(tx, scoped, teamKey.id)))).toBe("ok");
  });

  it("seals a provider key, never returns it, and sends it upstream", async () => {
    const p = await inA((tx) =>
      createLlmProvider(tx, a.actor, {
        name: "sealed",
        base_url: up.url,
        api_key: "sk-upstream-secret",
        region: "eu",
        hipaa_covered: true,
        prices: [{ model: "m-sealed", input_per_1m_usd: 1, output_per_1m_usd: 1 }],
      }),
    );
    expect(JSON.stringify(p)).not.toContain("sk-upstream-secret");
    expect(p).toMatchObject({ has_api_key: true, prices: [{ model: "m-sealed" }] });
    const raw = await inA((tx) => tx.provider.findUniqueOrThrow({ where: { id: p.id } }));
    expect(raw.apiKeySealed).toMatch(new RegExp(`^v2\\.${a.tenantId}\\.`)); // sealed under the tenant's key (ADR 0035)
    expect(raw.apiKeySealed).not.toContain("sk-upstream-secret");
    const k = await mintKey(t.db, a, { allowed_providers: ["sealed"], allowed_models: ["m-sealed"] });
    const r = await post(`${gw.url}/v1/chat/completions`, chat({ model: "sealed/m-sealed" }), { "x-bf-vk": k.secret });
    expect(r.status).toBe(200);
    expect(up.requests.at(-1)?.authorization).toBe("Bearer sk-upstream-secret");
  });

  it("rotation: both secrets work during the overlap, only the new one after it; limits move", async () => {
    now = new Date("2026-05-01T00:00:00Z");
    const k = await mintKey(t.db, a, { budgets: [{ limit_usd: 5, window: "1d", mode: "calendar" }] }, now);
    const k2 = await inA((tx) => rotateVirtualKey(tx, a.actor, k.id, 600, now));
    expect(k2.secret).not.toBe(k.secret);
    for (const s of [k.secret, k2.secret])
      expect((await post(`${gw.url}/v1/chat/completions`, chat(), { "x-bf-vk": s })).status).toBe(200);
    now = new Date("2026-05-01T00:10:00Z");
    const old = await post(`${gw.url}/v1/chat/completions`, chat(), { "x-bf-vk": k.secret });
    expect([old.status, old.json().error?.type]).toEqual([403, "virtual_key_blocked"]);
    expect((await post(`${gw.url}/v1/chat/completions`, chat(), { "x-bf-vk": k2.secret })).status).toBe(200);
    const budgets = await inA((tx) =>
      tx.budget.findMany({ where: { ownerType: "virtual_key", ownerId: { in: [k.id, k2.id] } } }),
    );
    expect(budgets.map((x) => x.ownerId)).toEqual([k2.id]);
  });

  it("GET /v1/virtual-keys/self/quota answers the key's own budgets, and only to a virtual key", async () => {
    now = new Date();
    const { GET } = await import("@/app/v1/virtual-keys/self/quota/route");
    const k = await mintKey(t.db, a, { budgets: [{ limit_usd: 2, window: "1M", mode: "calendar" }] });
    expect((await post(`${gw.url}/v1/chat/completions`, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
    await settled();
    const res = await GET(new Request("http://x/v1/virtual-keys/self/quota", { headers: { "x-bf-vk": k.secret } }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(200);
    const q = (await res.json()) as {
      virtual_key: { id: string };
      budgets: { limit_usd: number; spent_usd: number; remaining_usd: number }[];
    };
    expect(q.virtual_key.id).toBe(k.id);
    expect(q.budgets[0].spent_usd).toBeGreaterThan(0);
    expect(q.budgets[0].remaining_usd).toBeCloseTo(2 - q.budgets[0].spent_usd, 10);
    expect(JSON.stringify(q)).not.toContain(k.secret);
    const anon = await GET(new Request("http://x/v1/virtual-keys/self/quota"), { params: Promise.resolve({}) });
    expect(anon.status).toBe(401);
  });

  it("customers carry their limits; another tenant's ids are not_found", async () => {
    const c = await inA((tx) =>
      createCustomer(tx, a.actor, {
        name: "Limited",
        budgets: [{ limit_usd: 100, window: "1M", mode: "calendar" }],
        rate_limits: [{ requests_per_window: 60, window: "1m" }],
      }),
    );
    expect(c.budgets).toHaveLength(1);
    expect(c.rate_limits[0]).toMatchObject({ requests_per_window: 60, window: "1m" });
    await expect(withTenant(b.tenantId, (tx) => getCustomer(tx, c.id), { db: t.db })).rejects.toMatchObject({
      type: "not_found",
    });
    await expect(withTenant(b.tenantId, (tx) => getLlmProvider(tx, a.providerId), { db: t.db })).rejects.toMatchObject({
      type: "not_found",
    });
    // A key in B naming A's user as owner is refused like a missing id.
    await expect(mintKey(t.db, b, { user_id: a.userId })).rejects.toMatchObject({ type: "not_found" });
  });
});
