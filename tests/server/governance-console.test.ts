// The governance consoles' operations as signed-in people run them: their writes through the
// console's /v1 client (components/governance/use-governance-actions.ts, ADR 0042) and the limits
// sheet, details sheet and owner search through their server actions. They create, edit, rotate
// and revoke through lib/governance, refuse a viewer and a developer where the matrix says so,
// stay inside the actor's tenant, write audit entries, and answer invalid input with field
// issues. The read models behind the pages and details sheets are checked against the usage
// records they summarise.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { openSeededConsole, runAction, signedIn, type Caller } from "../helpers/callers";
import { auditCount } from "../helpers/audit-probe";
import { governanceAs } from "../helpers/console-api";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const revalidated = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", () => ({ revalidatePath: (p: string) => void revalidated.push(p) }));
// How often a console write asked the page to re-render (router.refresh() in the browser).
let refreshes = 0;
const refresh = () => void refreshes++;

const A = await import("@/app/(console)/governance/actions");
const { budgetRows, customerRows, ownerDetails, rateLimitRows, teamRows, userRows, virtualKeyRows, VIRTUAL_KEY_LIST } =
  await import("@/lib/governance/read-models");
const { parseListQuery } = await import("@/lib/governance/list-query");
const { hashToken } = await import("@/lib/crypto/tokens");

let t: TestDatabase;
let viewer: Caller, developer: Caller, admin: Caller, otherAdmin: Caller;
/** The admin as the resolver sees it, for calling the read models behind the pages directly. */
let adminActor: Actor;

beforeAll(async () => {
  process.env.WARDEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  ({ t, viewer, developer, admin, otherAdmin } = await openSeededConsole());
  adminActor = await admin.actor();
});
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

const inTenant = <T>(actor: Caller, fn: Parameters<typeof withTenant<T>>[1]) =>
  withTenant(actor.tenantId, fn, { db: t.db });
function ok<T>(r: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}

describe(`governance console actions (${TEST_DB_KIND})`, () => {
  it("refuse without a session (401), a viewer (403) and a developer on teams.write, writing nothing", async () => {
    const before = await auditCount(t.db, admin.tenantId, "team.create");
    expect(await governanceAs(null, refresh).createTeam({ name: "Nope" })).toMatchObject({
      ok: false,
      error: { type: "authentication_required" },
    });
    expect(await governanceAs(viewer, refresh).createTeam({ name: "Nope" })).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized", message: expect.stringMatching(/teams\.write/) },
    });
    expect(await governanceAs(developer, refresh).createTeam({ name: "Nope" })).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized" },
    });
    expect(await governanceAs(viewer, refresh).createVirtualKey({ name: "x", team_id: "tm_x" })).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized" },
    });
    expect(
      await governanceAs(developer, refresh).setLimits({ owner_type: "team", owner_id: "tm_x", budgets: [] }),
    ).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized", message: expect.stringMatching(/governance\.write/) },
    });
    expect(await runAction(A.ownerDetailsAction, viewer, { type: "team", id: "tm_x" })).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized" },
    });
    expect(await inTenant(admin, (tx) => tx.team.count({ where: { name: "Nope" } }))).toBe(0);
    expect(await auditCount(t.db, admin.tenantId, "team.create")).toBe(before);
  });

  it("answer invalid input with field issues (400-style), naming the fields", async () => {
    const bad = await governanceAs(admin, refresh).createTeam({
      name: "",
      budgets: [{ window: "1M", mode: "calendar" }],
      rate_limits: [{ window: "1m" }],
    });
    expect(bad).toMatchObject({ ok: false, error: { type: "invalid_request" } });
    const paths = bad.ok ? [] : (bad.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "budgets.0.limit_usd", "rate_limits.0.requests_per_window"]));
    const noOwner = await governanceAs(admin, refresh).createVirtualKey({ name: "orphan" });
    expect(noOwner.ok ? [] : noOwner.error.issues?.map((i) => i.path)).toContain("user_id");
    // The limits sheet: no owner picked is answered before any request; a bad window by the route.
    const noOwner2 = await governanceAs(admin, refresh).setLimits({ owner_type: "team", owner_id: "", budgets: [] });
    expect(noOwner2.ok ? [] : noOwner2.error.issues?.map((i) => i.path)).toEqual(["owner_id"]);
    const team = await inTenant(admin, (tx) => tx.team.findFirstOrThrow({ where: { name: "Platform Engineering" } }));
    const badWindow = await governanceAs(admin, refresh).setLimits({
      owner_type: "team",
      owner_id: team.id,
      budgets: [{ limit_usd: 5, window: "2d" }],
    });
    expect(badWindow).toMatchObject({ ok: false, error: { type: "invalid_request" } });
    expect(badWindow.ok ? [] : badWindow.error.issues?.map((i) => i.path)).toEqual(["budgets.0.window"]);
  });

  it("create a customer and a team under it with budgets, edit them, and audit every change", async () => {
    refreshes = 0;
    const cust = ok(
      await governanceAs(admin, refresh).createCustomer({
        name: "Console Corp",
        budgets: [{ limit_usd: 500, window: "1M", mode: "calendar" }],
      }),
    );
    const team = ok(
      await governanceAs(admin, refresh).createTeam({
        name: "Console Team",
        customer_id: cust.id,
        budgets: [
          { limit_usd: 20, window: "1d", mode: "calendar" },
          { limit_usd: 300, window: "1M", mode: "rolling" },
        ],
        rate_limits: [{ requests_per_window: 60, window: "1m" }],
      }),
    );
    expect(team).toMatchObject({ name: "Console Team", customer_id: cust.id });
    expect(team.budgets.map((b) => [b.limit_usd, b.window, b.mode]).sort()).toEqual([
      [20, "1d", "calendar"],
      [300, "1M", "rolling"],
    ]);
    expect(refreshes).toBe(2);

    // Re-saving keeps a matching budget's spend (no fresh budget by editing); a dropped one goes.
    const daily = team.budgets.find((b) => b.window === "1d")!;
    await inTenant(admin, (tx) => tx.budget.update({ where: { id: daily.id }, data: { spentUsd: "7.5" } }));
    ok(
      await governanceAs(admin, refresh).updateTeam({
        id: team.id,
        description: "edited",
        budgets: [{ limit_usd: 25, window: "1d", mode: "calendar" }],
      }),
    );
    const after = await inTenant(admin, (tx) => tx.budget.findMany({ where: { ownerId: team.id } }));
    expect(after.map((b) => [b.id, Number(b.limitUsd), Number(b.spentUsd)])).toEqual([[daily.id, 25, 7.5]]);
    expect(await inTenant(admin, (tx) => tx.rateLimit.count({ where: { ownerId: team.id } }))).toBe(1);

    const rows = (await inTenant(admin, (tx) => teamRows(tx, adminActor, { q: "Console" }))).rows;
    expect(rows.find((r) => r.id === team.id)).toMatchObject({
      customer: "Console Corp",
      budgets: 1,
      description: "edited",
    });
    expect(
      (await inTenant(admin, (tx) => customerRows(tx, { q: "console corp" }))).rows.find((r) => r.id === cust.id),
    ).toMatchObject({ teams: 1, budgets: 1 });

    const trail = await inTenant(admin, (tx) =>
      tx.auditEntry.findMany({ where: { targetId: { in: [cust.id, team.id] } }, orderBy: { seq: "asc" } }),
    );
    expect(trail.map((e) => e.action)).toEqual(["customer.create", "team.create", "team.update"]);
    expect(trail.every((e) => e.outcome === "success" && e.actorRef !== null)).toBe(true);

    expect(await governanceAs(admin, refresh).createTeam({ name: "Console Team" })).toMatchObject({
      ok: false,
      error: { type: "conflict" },
    });
  });

  it("let a developer create a virtual key (secret once), edit, rotate with overlap and revoke it", async () => {
    const team = await inTenant(developer, (tx) =>
      tx.team.findFirstOrThrow({ where: { name: "Platform Engineering" } }),
    );
    const created = ok(
      await governanceAs(developer, refresh).createVirtualKey({
        name: "console-key",
        team_id: team.id,
        allowed_providers: ["openai"],
        allowed_models: ["gpt-4o-mini"],
        expires_at: "2099-01-01T00:00:00.000Z",
        budgets: [{ limit_usd: 10, window: "1w", mode: "calendar" }],
      }),
    );
    expect(created.secret).toMatch(/^wvk_/);
    const stored = await inTenant(developer, (tx) => tx.virtualKey.findUniqueOrThrow({ where: { id: created.id } }));
    expect(stored.secretHash).toBe(hashToken(created.secret));
    // The actor is resolved first: resolving inside an open transaction would wait for a second
    // connection, which PGlite (one connection) never has.
    const devActor = await developer.actor();
    const listed = (await inTenant(developer, (tx) => virtualKeyRows(tx, devActor, { q: "console-key" }))).rows.find(
      (r) => r.id === created.id,
    );
    expect(listed).toMatchObject({ owner_type: "team", owner: "Platform Engineering", status: "active", budgets: 1 });
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const edited = ok(
      await governanceAs(developer, refresh).updateVirtualKey({
        id: created.id,
        allowed_models: ["*"],
        expires_at: null,
      }),
    );
    expect(edited).toMatchObject({ allowed_models: ["*"], expires_at: null });
    expect(edited).not.toHaveProperty("secretHash");

    const rotated = ok(
      await governanceAs(developer, refresh).rotateVirtualKey({ id: created.id, overlap_seconds: 600 }),
    );
    expect(rotated.secret).toMatch(/^wvk_/);
    expect(rotated.secret).not.toBe(created.secret);
    const old = await inTenant(developer, (tx) => tx.virtualKey.findUniqueOrThrow({ where: { id: created.id } }));
    expect(old.overlapUntil!.getTime() - Date.now()).toBeGreaterThan(500_000);
    expect(await inTenant(developer, (tx) => tx.budget.count({ where: { ownerId: rotated.id } }))).toBe(1);

    ok(await governanceAs(developer, refresh).revokeVirtualKey({ id: rotated.id }));
    expect(await governanceAs(developer, refresh).revokeVirtualKey({ id: rotated.id })).toMatchObject({
      ok: false,
      error: { type: "not_found" },
    });
    const actions = (
      await inTenant(developer, (tx) =>
        tx.auditEntry.findMany({ where: { targetId: { in: [created.id, rotated.id] } }, orderBy: { seq: "asc" } }),
      )
    ).map((e) => e.action);
    expect(actions).toEqual(["virtual_key.create", "virtual_key.update", "virtual_key.rotate", "virtual_key.revoke"]);
  });

  it("keep to the actor's tenant: another tenant's ids answer not_found and nothing changes", async () => {
    const foreignTeam = await inTenant(otherAdmin, (tx) => tx.team.findFirstOrThrow());
    const foreignKey = await inTenant(otherAdmin, (tx) =>
      tx.virtualKey.findFirstOrThrow({ where: { revokedAt: null } }),
    );
    expect(await governanceAs(admin, refresh).updateTeam({ id: foreignTeam.id, name: "hijacked" })).toMatchObject({
      ok: false,
      error: { type: "not_found" },
    });
    expect(await governanceAs(admin, refresh).revokeVirtualKey({ id: foreignKey.id })).toMatchObject({
      ok: false,
      error: { type: "not_found" },
    });
    expect(await governanceAs(admin, refresh).rotateVirtualKey({ id: foreignKey.id })).toMatchObject({
      ok: false,
      error: { type: "not_found" },
    });
    expect(await governanceAs(admin, refresh).createVirtualKey({ name: "x", team_id: foreignTeam.id })).toMatchObject({
      ok: false,
      error: { type: "not_found" },
    });
    expect(
      await governanceAs(admin, refresh).setLimits({
        owner_type: "team",
        owner_id: foreignTeam.id,
        budgets: [{ limit_usd: 1, window: "1d" }],
      }),
    ).toMatchObject({ ok: false, error: { type: "not_found" } });
    expect(await runAction(A.ownerDetailsAction, admin, { type: "virtual_key", id: foreignKey.id })).toMatchObject({
      ok: false,
      error: { type: "not_found" },
    });
    const still = await inTenant(otherAdmin, (tx) => tx.virtualKey.findUniqueOrThrow({ where: { id: foreignKey.id } }));
    expect([still.revokedAt, still.overlapUntil]).toEqual([null, null]);
    expect(
      (await inTenant(otherAdmin, (tx) => tx.team.findUniqueOrThrow({ where: { id: foreignTeam.id } }))).name,
    ).toBe(foreignTeam.name);
  });

  it("set a user's limits on the budgets page, audited as a user update, and show current spend", async () => {
    const bob = await inTenant(admin, (tx) => tx.user.findFirstOrThrow({ where: { email: "bob.martinez@acme.test" } }));
    const before = await auditCount(t.db, admin.tenantId, "user.update");
    const limits = ok(
      await governanceAs(admin, refresh).setLimits({
        owner_type: "user",
        owner_id: bob.id,
        budgets: [{ limit_usd: 42, window: "1M", mode: "calendar" }],
        rate_limits: [{ tokens_per_window: 100000, window: "1h" }],
      }),
    );
    expect(limits).toMatchObject({ owner_type: "user", owner_id: bob.id, owner: "Bob Martinez" });
    expect(limits.budgets).toHaveLength(1);
    expect(limits.rate_limits[0]).toMatchObject({ tokens_per_window: 100000, requests_per_window: null, window: "1h" });
    expect(await auditCount(t.db, admin.tenantId, "user.update")).toBe(before + 1);
    await inTenant(admin, (tx) => tx.budget.updateMany({ where: { ownerId: bob.id }, data: { spentUsd: "12.5" } }));
    // The sheet reopens on what GET answers: the saved limits with the spend so far.
    const read = ok(await governanceAs(admin, refresh).ownerLimits({ type: "user", id: bob.id }));
    expect(read.budgets.map((b) => [b.limit_usd, b.window, b.mode, b.current_spent_usd])).toEqual([
      [42, "1M", "calendar", 12.5],
    ]);
    expect(read.rate_limits.map((r) => [r.tokens_per_window, r.window])).toEqual([[100000, "1h"]]);
    // An owner type the API does not know names no resource.
    expect(await governanceAs(admin, refresh).ownerLimits({ type: "robot" as "user", id: bob.id })).toMatchObject({
      ok: false,
      error: { type: "not_found" },
    });
    const row = (await inTenant(admin, (tx) => budgetRows(tx, { q: "Bob Martinez" }))).rows.find(
      (b) => b.owner_id === bob.id,
    );
    expect(row).toMatchObject({
      owner: "Bob Martinez",
      owner_type: "user",
      limit_usd: 42,
      spent_usd: 12.5,
      mode: "calendar",
    });
    // A calendar month resets on the 1st, 00:00 UTC.
    const reset = new Date(row!.resets_at);
    expect([reset.getUTCDate(), reset.getUTCHours(), reset.getUTCMinutes()]).toEqual([1, 0, 0]);
  });

  it("give a details sheet the owner's limits, keys and a daily usage series equal to its usage records", async () => {
    const team = await inTenant(admin, (tx) => tx.team.findFirstOrThrow({ where: { name: "Platform Engineering" } }));
    const now = new Date();
    const d = await inTenant(admin, (tx) => ownerDetails(tx, adminActor, "team", team.id, now));
    expect(d.series).toHaveLength(30);
    expect(d.series.at(-1)!.day).toBe(now.toISOString().slice(0, 10));
    const since = new Date(`${d.series[0].day}T00:00:00.000Z`);
    const agg = await inTenant(admin, (tx) =>
      tx.usageRecord.aggregate({
        where: { teamId: team.id, ts: { gte: since } },
        _count: true,
        _sum: { costUsd: true, promptTokens: true, completionTokens: true },
      }),
    );
    expect(agg._count).toBeGreaterThan(0);
    expect(d.totals.requests).toBe(agg._count);
    expect(d.totals.tokens).toBe((agg._sum.promptTokens ?? 0) + (agg._sum.completionTokens ?? 0));
    expect(d.totals.cost).toBeCloseTo(Number(agg._sum.costUsd), 6);
    expect(d.keys.length).toBeGreaterThan(0);
    const viaAction = ok(await runAction(A.ownerDetailsAction, developer, { type: "team", id: team.id }));
    expect(viaAction.totals.requests).toBe(d.totals.requests);
  });

  it("write a provider's API key sealed, never return it, and replace the price table", async () => {
    const p = ok(
      await governanceAs(admin, refresh).createProvider({
        name: "console-up",
        base_url: "https://llm.example.test/v1",
        api_key: "sk-console-secret-1234",
        prices: [{ model: "m1", input_per_1m_usd: 1, output_per_1m_usd: 2 }],
      }),
    );
    expect(p).toMatchObject({
      has_api_key: true,
      prices: [{ model: "m1", input_per_1m_usd: 1, output_per_1m_usd: 2 }],
    });
    expect(JSON.stringify(p)).not.toContain("sk-console-secret");
    const sealed = (await inTenant(admin, (tx) => tx.provider.findUniqueOrThrow({ where: { id: p.id } })))
      .apiKeySealed!;
    expect(sealed).not.toContain("sk-console-secret");
    const q = ok(
      await governanceAs(admin, refresh).updateProvider({
        id: p.id,
        prices: [{ model: "m2", input_per_1m_usd: 0.5, output_per_1m_usd: 1.5 }],
      }),
    );
    expect(q.prices.map((x) => x.model)).toEqual(["m2"]);
    expect((await inTenant(admin, (tx) => tx.provider.findUniqueOrThrow({ where: { id: p.id } }))).apiKeySealed).toBe(
      sealed,
    );
    expect(
      await governanceAs(developer, refresh).createProvider({ name: "dev-up", base_url: "https://x.test" }),
    ).toMatchObject({ ok: false, error: { type: "user_not_authorized" } });
    const bad = await governanceAs(admin, refresh).updateProvider({
      id: p.id,
      base_url: "ftp://x",
      prices: [{ model: "", input_per_1m_usd: -1 }],
    });
    expect(bad.ok ? [] : bad.error.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(["base_url", "prices.0.model", "prices.0.input_per_1m_usd", "prices.0.output_per_1m_usd"]),
    );
  });
});

// The lists page on the server: a tenant with more keys than any page (2,150 here, past the old
// 2,000-row cap) gets the right slice and total, search and sort run in SQL, unknown input falls
// back to the defaults, and a team-scoped role still sees only its teams' rows.
describe(`governance console lists (${TEST_DB_KIND})`, () => {
  const N = 2150;
  let bulkTeam: string, platform: string;
  const name = (i: number) => `bulk-key-${String(i).padStart(4, "0")}`;

  beforeAll(async () => {
    const started = Date.now();
    await inTenant(admin, async (tx) => {
      bulkTeam = (await tx.team.create({ data: { tenantId: admin.tenantId, name: "Bulk Team" } })).id;
      platform = (await tx.team.findFirstOrThrow({ where: { name: "Platform Engineering" } })).id;
      const base = Date.UTC(2026, 0, 1);
      await tx.virtualKey.createMany({
        data: Array.from({ length: N }, (_, j) => ({
          tenantId: admin.tenantId,
          teamId: bulkTeam,
          name: name(j + 1),
          prefix: `wvk_b${j}`,
          secretHash: `bulk-${admin.tenantId}-${j}`,
          createdAt: new Date(base + j * 1000),
        })),
      });
    });
    // One statement, fast even on PGlite.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("return the page's slice, the total and a clamped last page", async () => {
    const all = await inTenant(admin, (tx) => tx.virtualKey.count());
    expect(all).toBeGreaterThan(2000);
    const first = await inTenant(admin, (tx) => virtualKeyRows(tx, adminActor));
    expect(first).toMatchObject({ total: all, page: 1, pageSize: 20 });
    expect(first.rows).toHaveLength(20);

    const p2 = await inTenant(admin, (tx) =>
      virtualKeyRows(tx, adminActor, { q: "bulk-key-", sort: "name", dir: "asc", page: 2 }),
    );
    expect(p2).toMatchObject({ total: N, page: 2, pageSize: 20 });
    expect(p2.rows.map((r) => r.name)).toEqual(Array.from({ length: 20 }, (_, i) => name(21 + i)));
    expect(p2.rows[0]).toMatchObject({
      owner_type: "team",
      owner: "Bulk Team",
      status: "active",
      budgets: 0,
      cost_30d: 0,
    });

    const last = await inTenant(admin, (tx) =>
      virtualKeyRows(tx, adminActor, { q: "bulk-key-", sort: "name", dir: "asc", page: 108 }),
    );
    expect(last.rows.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => name(2141 + i)));
    const past = await inTenant(admin, (tx) =>
      virtualKeyRows(tx, adminActor, { q: "bulk-key-", sort: "name", dir: "asc", page: 5000 }),
    );
    expect([past.page, past.rows[0].name]).toEqual([108, name(2141)]);
  });

  it("search in the database, case-insensitive, across the key's and its owner's names", async () => {
    const one = await inTenant(admin, (tx) => virtualKeyRows(tx, adminActor, { q: "bulk-key-0042" }));
    expect([one.total, one.rows.map((r) => r.name)]).toEqual([1, [name(42)]]);
    const some = await inTenant(admin, (tx) => virtualKeyRows(tx, adminActor, { q: "BULK-KEY-21", pageSize: 100 }));
    expect(some.total).toBe(51); // 2100-2149 and 2150
    expect(some.rows.every((r) => r.name.startsWith("bulk-key-21"))).toBe(true);
    const byOwner = await inTenant(admin, (tx) => virtualKeyRows(tx, adminActor, { q: "bulk team" }));
    expect(byOwner.total).toBe(N);
    const none = await inTenant(admin, (tx) => virtualKeyRows(tx, adminActor, { q: "no-such-key-anywhere" }));
    expect([none.total, none.rows, none.page]).toEqual([0, [], 1]);
    const users = await inTenant(admin, (tx) => userRows(tx, adminActor, { q: "MARTINEZ" }));
    expect(users.rows.map((u) => u.email)).toContain("bob.martinez@acme.test");
    expect(users.rows.every((u) => /martinez/i.test(`${u.name} ${u.email} ${u.role}`))).toBe(true);
  });

  it("sort by a whitelisted column both ways, with id breaking ties", async () => {
    const asc = await inTenant(admin, (tx) =>
      virtualKeyRows(tx, adminActor, { q: "bulk-key-", sort: "created_at", dir: "asc" }),
    );
    const desc = await inTenant(admin, (tx) =>
      virtualKeyRows(tx, adminActor, { q: "bulk-key-", sort: "created_at", dir: "desc" }),
    );
    expect(asc.rows.slice(0, 3).map((r) => r.name)).toEqual([name(1), name(2), name(3)]);
    expect(desc.rows.slice(0, 3).map((r) => r.name)).toEqual([name(2150), name(2149), name(2148)]);
    const byName = await inTenant(admin, (tx) =>
      virtualKeyRows(tx, adminActor, { q: "bulk-key-", sort: "name", dir: "desc" }),
    );
    expect(byName.rows[0].name).toBe(name(2150));
    // Keys with equal sort values (no expiry: all null) still page without repeats or gaps.
    const pages = await inTenant(admin, async (tx) => [
      await virtualKeyRows(tx, adminActor, { q: "bulk-key-", sort: "expires_at", page: 1 }),
      await virtualKeyRows(tx, adminActor, { q: "bulk-key-", sort: "expires_at", page: 2 }),
    ]);
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(40);
    expect(ids).toEqual([...ids].sort());
    const teams = await inTenant(admin, (tx) => teamRows(tx, adminActor, { sort: "keys", dir: "desc" }));
    expect(teams.rows[0]).toMatchObject({ name: "Bulk Team", keys: N });
  });

  it("fall back to the default order for an unknown sort, and to page 1 for a bad page", async () => {
    const def = await inTenant(admin, (tx) => virtualKeyRows(tx, adminActor));
    const unknown = await inTenant(admin, (tx) => virtualKeyRows(tx, adminActor, { sort: "secret_hash", dir: "asc" }));
    expect(unknown.rows.map((r) => r.id)).toEqual(def.rows.map((r) => r.id));
    const newest = await inTenant(admin, (tx) =>
      tx.virtualKey.findFirstOrThrow({ orderBy: [{ createdAt: "desc" }, { id: "asc" }] }),
    );
    expect(def.rows[0].id).toBe(newest.id); // newest first by default
    const { sortable, defaults } = VIRTUAL_KEY_LIST;
    expect(parseListQuery({ sort: "secret_hash", dir: "asc", page: "abc", q: "  x " }, sortable, defaults)).toEqual({
      q: "x",
      sort: "created_at",
      dir: "desc",
      page: 1,
      pageSize: 20,
    });
    expect(parseListQuery({ sort: "name", dir: "sideways", page: "-2" }, sortable, defaults)).toMatchObject({
      sort: "name",
      dir: "asc",
      page: 1,
    });
    expect(parseListQuery({ sort: ["name", "x"], dir: "desc", page: "3" }, sortable, defaults)).toMatchObject({
      sort: "name",
      dir: "desc",
      page: 3,
    });
    expect(
      parseListQuery(
        { rsort: "window", rpage: "2", sort: "nope" },
        ["owner", "window"],
        { sort: "owner", dir: "asc" },
        "r",
      ),
    ).toMatchObject({ sort: "window", page: 2 });
  });

  it("keep team scope with paging: a scoped role pages only its teams' keys, teams and users", async () => {
    // The read models take the resolved Actor of a person whose custom role is limited to teams.
    const scopedTo = async (teamId: string, email: string) => {
      await inTenant(admin, async (tx) => {
        const role = await tx.customRole.create({
          data: {
            tenantId: admin.tenantId,
            name: `Scoped ${email}`,
            permissions: ["governance.read", "virtual_keys.read", "teams.read", "users.read"],
            resourceScope: { teams: [teamId] },
          },
        });
        await tx.user.create({
          data: { tenantId: admin.tenantId, email, name: email, role: "viewer", customRoleId: role.id },
        });
      });
      const actor = await (await signedIn(t.db, admin.tenantSlug, email)).actor();
      expect(actor.scope).toEqual({ teams: [teamId] });
      return actor;
    };
    const bulkOnly = await scopedTo(bulkTeam, "bulk.scoped@acme.test");
    const keys = await inTenant(admin, (tx) => virtualKeyRows(tx, bulkOnly, { page: 3 }));
    expect([keys.total, keys.page, keys.rows.length]).toEqual([N, 3, 20]);
    expect(keys.rows.every((r) => r.owner === "Bulk Team")).toBe(true);
    const platformOnly = await scopedTo(platform, "platform.scoped@acme.test");
    const other = await inTenant(admin, (tx) => virtualKeyRows(tx, platformOnly, { q: "bulk-key-" }));
    expect(other.total).toBe(0);
    const all = await inTenant(admin, (tx) => virtualKeyRows(tx, platformOnly, { pageSize: 200 }));
    expect(all.total).toBeGreaterThan(0);
    expect(all.total).toBeLessThan(200);
    expect(all.rows.some((r) => r.name.startsWith("bulk-key-"))).toBe(false);
    const teams = await inTenant(admin, (tx) => teamRows(tx, platformOnly, { q: "team" }));
    expect(teams.rows.map((t) => t.id)).toEqual(teams.total ? [platform] : []);
    const scopedTeams = await inTenant(admin, (tx) => teamRows(tx, platformOnly));
    expect([scopedTeams.total, scopedTeams.rows.map((t) => t.id)]).toEqual([1, [platform]]);
    const users = await inTenant(admin, (tx) => userRows(tx, platformOnly, { pageSize: 200 }));
    const members = await inTenant(admin, (tx) =>
      tx.teamMembership.findMany({ where: { teamId: platform }, select: { userId: true } }),
    );
    expect(users.rows.map((u) => u.id).sort()).toEqual([...new Set(members.map((m) => m.userId))].sort());
    expect(users.total).toBe(new Set(members.map((m) => m.userId)).size);
  });

  it("page budgets and rate limits by row, searching and sorting by the owner's name", async () => {
    await inTenant(admin, (tx) =>
      tx.budget.createMany({
        data: Array.from({ length: 30 }, (_, j) => ({
          tenantId: admin.tenantId,
          ownerType: "team",
          ownerId: bulkTeam,
          limitUsd: String(j + 1),
          window: "1d",
          mode: "calendar",
          windowStart: new Date(),
        })),
      }),
    );
    const total = await inTenant(admin, (tx) => tx.budget.count());
    const p1 = await inTenant(admin, (tx) => budgetRows(tx));
    expect([p1.total, p1.rows.length]).toEqual([total, 20]);
    const bulk = await inTenant(admin, (tx) =>
      budgetRows(tx, { q: "BULK team", sort: "limit_usd", dir: "desc", page: 2 }),
    );
    expect(bulk.total).toBe(30);
    expect(bulk.rows.map((b) => b.limit_usd)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(bulk.rows.every((b) => b.owner === "Bulk Team")).toBe(true);
    // Ordered by the owner's name (in the database's collation): descending is ascending reversed.
    const [up, down] = await inTenant(admin, async (tx) => [
      await budgetRows(tx, { sort: "owner", dir: "asc", pageSize: 200 }),
      await budgetRows(tx, { sort: "owner", dir: "desc", pageSize: 200 }),
    ]);
    expect(up.total).toBeLessThanOrEqual(200);
    expect(up.rows.map((b) => b.owner)).toEqual(down.rows.map((b) => b.owner).reverse());
    expect(new Set(up.rows.map((b) => b.owner)).size).toBeGreaterThan(2);
    const fallback = await inTenant(admin, (tx) => budgetRows(tx, { sort: "x; DROP TABLE budgets", dir: "desc" }));
    expect(fallback.rows.map((b) => b.id)).toEqual(p1.rows.map((b) => b.id));
    const rates = await inTenant(admin, (tx) => rateLimitRows(tx, { q: "%" }));
    expect(rates.total).toBe(0); // a % in the search is text, not a wildcard
  });
});
