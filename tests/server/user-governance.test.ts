// User-level gateway governance (ADR 0021): budgets, rate limits and provider / model
// allow-lists as fields of the user, set through /v1/users and the console's Users page (the
// same lib functions), enforced by the gateway for every key of the user. Callers come as people
// do: a signed session cookie, a real API key, a real virtual key against the fixture upstream.
import { isValidElement, type ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { settled } from "@/lib/gateway/core";
import { closeRateRedis } from "@/lib/gateway/rate-redis";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { auditCount } from "../helpers/audit-probe";
import { renderPage, requestAs, runAction, signedIn, statusAndJson, withApiKey, type Caller } from "../helpers/callers";
import { chat, mintKey, openGatewayHarness, post, type GatewayHarness } from "../helpers/gateway-setup";
import { governanceAs } from "../helpers/console-api";
import { TEST_DB_KIND } from "../helpers/test-db";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { GET: getUserRoute, PATCH: patchUserRoute } = await import("@/app/v1/users/[id]/route");
const { GET: listUsersRoute, POST: createUserRoute } = await import("@/app/v1/users/route");
const A = await import("@/app/(console)/governance/actions");
const UsersPage = (await import("@/app/(console)/governance/users/page")).default;
const { UsersConsole } = await import("@/components/governance/users-console");

const SLUG = "usergov";
let h: GatewayHarness;
let admin: Caller;
let developerId: string;

const errOf = (r: { json: () => { error?: { type: string; message?: string } } }) => r.json().error;

const v1 = (
  handler: typeof patchUserRoute,
  who: Caller,
  method: string,
  path: string,
  body?: unknown,
  params?: Record<string, string>,
) => requestAs(handler, who, method, path, body, params).then(statusAndJson);
const patchUser = (id: string, body: unknown, who: Caller = admin) =>
  v1(patchUserRoute, who, "PATCH", `/v1/users/${id}`, body, { id });

/** The props the Users page hands its client component: the data the console shows. */
function consoleProps(node: ReactNode): Parameters<typeof UsersConsole>[0] | null {
  if (!isValidElement(node)) return Array.isArray(node) ? (node.map(consoleProps).find(Boolean) ?? null) : null;
  if (node.type === UsersConsole) return node.props as Parameters<typeof UsersConsole>[0];
  return consoleProps((node.props as { children?: ReactNode }).children);
}

beforeAll(async () => {
  h = await openGatewayHarness(SLUG, { promptTokens: 9, completionTokens: 100 });
  developerId = h.g.userId; // dev@usergov.test, a built-in developer in Team (customer Cust)
  await withTenant(
    h.g.tenantId,
    (tx) =>
      tx.user.create({ data: { tenantId: h.g.tenantId, email: `admin@${SLUG}.test`, name: "Admin", role: "admin" } }),
    { db: h.t.db },
  );
  admin = await signedIn(h.t.db, SLUG, `admin@${SLUG}.test`);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe(`user-level governance through /v1/users (${TEST_DB_KIND})`, () => {
  it("GET shows a user's allow-lists (all by default), budgets and rate limits; the list shows them too", async () => {
    const one = await v1(getUserRoute, admin, "GET", `/v1/users/${developerId}`, undefined, { id: developerId });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: developerId,
      allowed_providers: ["*"],
      allowed_models: ["*"],
      budgets: [],
      rate_limits: [],
    });
    const list = await v1(listUsersRoute, admin, "GET", "/v1/users?limit=10");
    expect(list.status).toBe(200);
    expect(list.body.data.find((u: { id: string }) => u.id === developerId)).toMatchObject({
      allowed_models: ["*"],
      budgets: [],
    });
  });

  it("PATCH sets them, answers the user with them, and audits the change with what it replaced", async () => {
    const before = await auditCount(h.t.db, h.g.tenantId, "user.update");
    const r = await patchUser(developerId, {
      allowed_models: ["gpt-test", "fixture/gpt-other"],
      budgets: [{ limit_usd: 25, window: "1M", mode: "calendar" }],
      rate_limits: [{ requests_per_window: 100, window: "1m" }],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      allowed_providers: ["*"],
      allowed_models: ["gpt-test", "fixture/gpt-other"],
      rate_limits: [{ requests_per_window: 100, tokens_per_window: null, window: "1m" }],
    });
    expect(r.body.budgets).toEqual([
      expect.objectContaining({ limit_usd: 25, window: "1M", mode: "calendar", current_spent_usd: 0 }),
    ]);
    expect(await auditCount(h.t.db, h.g.tenantId, "user.update")).toBe(before + 1);
    const entry = await withTenant(
      h.g.tenantId,
      (tx) =>
        tx.auditEntry.findFirst({ where: { action: "user.update", targetId: developerId }, orderBy: { seq: "desc" } }),
      { db: h.t.db },
    );
    expect(entry?.details).toMatchObject({
      changes: { allowed_models: ["gpt-test", "fixture/gpt-other"], budgets: [{ limit_usd: 25, window: "1M" }] },
      previous: { allowed_models: ["*"], budgets: [], rate_limits: [] },
    });
    // Re-sending the same budget keeps it (and its spend): the id does not change.
    const again = await patchUser(developerId, { budgets: [{ limit_usd: 30, window: "1M", mode: "calendar" }] });
    expect(again.body.budgets).toEqual([expect.objectContaining({ id: r.body.budgets[0].id, limit_usd: 30 })]);
    // Absent fields stay as they were.
    expect(again.body.allowed_models).toEqual(["gpt-test", "fixture/gpt-other"]);
    expect(again.body.rate_limits).toHaveLength(1);
  });

  it("the console's Users page and details sheet show what /v1 set", async () => {
    const props = consoleProps(await renderPage(UsersPage, admin));
    expect(props).not.toBeNull();
    const row = props!.list.rows.find((u) => u.id === developerId);
    expect(row).toMatchObject({
      allowed_providers: ["*"],
      allowed_models: ["gpt-test", "fixture/gpt-other"],
      budgets: 1,
    });
    expect(props!.providers).toEqual([{ name: "fixture", models: ["gpt-other", "gpt-test"] }]);
    const details = await runAction(A.ownerDetailsAction, admin, { type: "user", id: developerId });
    expect(details).toMatchObject({
      ok: true,
      data: { budgets: [{ limit_usd: 30, window: "1M" }], rate_limits: [{ requests_per_window: 100, window: "1m" }] },
    });
  });

  it("the console's save goes through the same function: /v1 reads back what the Users sheet saved", async () => {
    const saved = await governanceAs(admin).updateUser({
      id: developerId,
      allowed_providers: ["fixture"],
      allowed_models: ["*"],
      budgets: [],
      rate_limits: [],
    });
    expect(saved).toMatchObject({
      ok: true,
      data: { allowed_providers: ["fixture"], allowed_models: ["*"], budgets: [], rate_limits: [] },
    });
    const read = await v1(getUserRoute, admin, "GET", `/v1/users/${developerId}`, undefined, { id: developerId });
    expect(read.body).toMatchObject({
      allowed_providers: ["fixture"],
      allowed_models: ["*"],
      budgets: [],
      rate_limits: [],
    });
    await patchUser(developerId, { allowed_providers: ["*"] });
  });

  it("budgets, rate limits and allow-lists need governance.write as well as users.write; bad input is a 400", async () => {
    const narrow = await withApiKey(h.t.db, SLUG, `admin@${SLUG}.test`, {
      role: "admin",
      scopes: ["users.read", "users.write"],
    });
    const refused = await patchUser(developerId, { allowed_models: ["*"] }, narrow);
    expect([refused.status, refused.body.error.type]).toEqual([403, "user_not_authorized"]);
    expect(refused.body.error.message).toContain("governance.write");
    const created = await v1(createUserRoute, narrow, "POST", "/v1/users", {
      email: `x@${SLUG}.test`,
      name: "X",
      budgets: [{ limit_usd: 1, window: "1d" }],
    });
    expect([created.status, created.body.error?.type]).toEqual([403, "user_not_authorized"]);
    const bad = await patchUser(developerId, { allowed_models: [""], budgets: [{ limit_usd: -1, window: "2d" }] });
    expect([bad.status, bad.body.error.type]).toEqual([400, "invalid_request"]);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(["allowed_models.0", "budgets.0.limit_usd", "budgets.0.window"]),
    );
  });

  it("POST creates a user with its allow-lists and limits in one audited step", async () => {
    const r = await v1(createUserRoute, admin, "POST", "/v1/users", {
      email: `new@${SLUG}.test`,
      name: "New",
      role: "developer",
      allowed_models: ["gpt-test"],
      rate_limits: [{ requests_per_window: 5, window: "1h" }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      email: `new@${SLUG}.test`,
      allowed_providers: ["*"],
      allowed_models: ["gpt-test"],
      rate_limits: [{ requests_per_window: 5, window: "1h" }],
    });
    const entry = await withTenant(
      h.g.tenantId,
      (tx) => tx.auditEntry.findFirst({ where: { action: "user.create", targetId: r.body.id } }),
      { db: h.t.db },
    );
    expect(entry?.details).toMatchObject({ allowed_models: ["gpt-test"], rate_limits: [{ requests_per_window: 5 }] });
  });
});

describe(`the gateway enforces the user level for every key of the user (${TEST_DB_KIND})`, () => {
  it("the narrowest allow-list wins, and the refusal names the level that refused", async () => {
    // The user may use gpt-test only; a key allowing everything is narrowed to that.
    expect((await patchUser(developerId, { allowed_models: ["gpt-test"] })).status).toBe(200);
    const wide = await mintKey(h.t.db, h.g, { allowed_providers: ["*"], allowed_models: ["*"] });
    expect((await post(h.url, chat(), { "x-bf-vk": wide.secret })).status).toBe(200);
    const byUser = await post(h.url, chat({ model: "gpt-other" }), { "x-bf-vk": wide.secret });
    expect([byUser.status, errOf(byUser)?.type]).toEqual([403, "model_blocked"]);
    expect(errOf(byUser)?.message).toBe(`Model gpt-other is not allowed at the user level (${developerId})`);

    // The user allows both models; the key's own list is the narrower one and names itself.
    expect((await patchUser(developerId, { allowed_models: ["gpt-test", "gpt-other"] })).status).toBe(200);
    const narrow = await mintKey(h.t.db, h.g, { allowed_providers: ["*"], allowed_models: ["gpt-test"] });
    const byKey = await post(h.url, chat({ model: "gpt-other" }), { "x-bf-vk": narrow.secret });
    expect([byKey.status, errOf(byKey)?.message]).toEqual([
      403,
      `Model gpt-other is not allowed at the virtual key level (${narrow.id})`,
    ]);
    expect((await post(h.url, chat(), { "x-bf-vk": narrow.secret })).status).toBe(200);

    // Disjoint lists leave nothing: each model is refused by the level that excludes it,
    // the user's first when both would refuse.
    expect((await patchUser(developerId, { allowed_models: ["gpt-other"] })).status).toBe(200);
    const disjoint = await mintKey(h.t.db, h.g, { allowed_providers: ["*"], allowed_models: ["gpt-test"] });
    const a = await post(h.url, chat(), { "x-bf-vk": disjoint.secret });
    expect(errOf(a)?.message).toBe(`Model gpt-test is not allowed at the user level (${developerId})`);
    const b = await post(h.url, chat({ model: "gpt-other" }), { "x-bf-vk": disjoint.secret });
    expect(errOf(b)?.message).toBe(`Model gpt-other is not allowed at the virtual key level (${disjoint.id})`);
    const c = await post(h.url, chat({ model: "gpt-nope" }), { "x-bf-vk": disjoint.secret });
    expect(errOf(c)?.message).toBe(`Model gpt-nope is not allowed at the user level (${developerId})`);

    // Providers are checked first, at every level.
    expect((await patchUser(developerId, { allowed_providers: [], allowed_models: ["*"] })).status).toBe(200);
    const fresh = await mintKey(h.t.db, h.g, { allowed_providers: ["fixture"], allowed_models: ["*"] });
    const p = await post(h.url, chat(), { "x-bf-vk": fresh.secret });
    expect([p.status, errOf(p)?.type, errOf(p)?.message]).toEqual([
      403,
      "provider_blocked",
      `Provider fixture is not allowed at the user level (${developerId})`,
    ]);

    // The person's own session is held to the same user-level lists.
    const session = await signedIn(h.t.db, SLUG, `dev@${SLUG}.test`);
    const own = await post(h.url, chat(), { ...session.credentials, "sec-fetch-site": "same-origin" });
    expect([own.status, errOf(own)?.type]).toEqual([403, "provider_blocked"]);
    expect(h.up.requests.every((r) => r.model !== "gpt-other" && r.model !== "gpt-nope")).toBe(true);

    // Refusals are recorded against the key and say which level refused.
    await settled();
    const audit = await withTenant(
      h.g.tenantId,
      (tx) => tx.auditEntry.findFirst({ where: { action: "gateway.model_blocked", targetId: wide.id } }),
      { db: h.t.db },
    );
    expect(audit?.details).toMatchObject({ level: "user", owner_id: developerId, model: "gpt-other" });
    await patchUser(developerId, { allowed_providers: ["*"], allowed_models: ["*"] });
  });

  it("a user's rate limit and budget set through /v1 refuse the user's keys at the user level", async () => {
    const k = await mintKey(h.t.db, h.g);
    const other = await mintKey(h.t.db, h.g);
    expect((await patchUser(developerId, { rate_limits: [{ requests_per_window: 1, window: "1h" }] })).status).toBe(
      200,
    );
    expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
    await settled();
    // The user's limit is shared by all of the user's keys.
    const limited = await post(h.url, chat(), { "x-bf-vk": other.secret });
    expect([limited.status, errOf(limited)?.type]).toEqual([429, "rate_limited"]);
    expect(errOf(limited)?.message).toContain(`user ${developerId}`);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);

    // A key in use keeps its cached configuration for up to WARDEN_GATEWAY_CACHE_MS (ADR 0005): a
    // removed limit stops counting at once, a new one applies from the next reload; fresh keys
    // load it now. The removed rate limit is not an error for the key that still had it cached.
    expect(
      (
        await patchUser(developerId, {
          rate_limits: [],
          budgets: [{ limit_usd: 0.0001, window: "1d", mode: "calendar" }],
        })
      ).status,
    ).toBe(200);
    const stale = await post(h.url, chat(), { "x-bf-vk": k.secret });
    expect(errOf(stale)?.type).not.toBe("internal_error");
    const k2 = await mintKey(h.t.db, h.g);
    const broke = await post(h.url, chat(), { "x-bf-vk": k2.secret });
    expect([broke.status, errOf(broke)?.type]).toEqual([402, "budget_exceeded"]);
    expect(errOf(broke)?.message).toContain(`user ${developerId}`);
    expect((await patchUser(developerId, { budgets: [] })).status).toBe(200);
    expect((await post(h.url, chat(), { "x-bf-vk": (await mintKey(h.t.db, h.g)).secret })).status).toBe(200);
  });

  describe("with rate-limit counters in Redis", () => {
    beforeAll(() => {
      process.env.REDIS_URL = process.env.WARDEN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
    });
    afterAll(async () => {
      await settled();
      await closeRateRedis();
      delete process.env.REDIS_URL;
    });

    it("a user's rate limit counts every key of the user, nothing in PostgreSQL", async () => {
      const k = await mintKey(h.t.db, h.g);
      const other = await mintKey(h.t.db, h.g);
      const set = await patchUser(developerId, { rate_limits: [{ requests_per_window: 1, window: "1m" }] });
      expect((await post(h.url, chat(), { "x-bf-vk": k.secret })).status).toBe(200);
      const limited = await post(h.url, chat(), { "x-bf-vk": other.secret });
      expect([limited.status, errOf(limited)?.type]).toEqual([429, "rate_limited"]);
      const counters = await withTenant(
        h.g.tenantId,
        (tx) => tx.rateLimitCounter.count({ where: { rateLimitId: set.body.rate_limits[0].id } }),
        { db: h.t.db },
      );
      expect(counters).toBe(0);
      await patchUser(developerId, { rate_limits: [] });
    });
  });
});
