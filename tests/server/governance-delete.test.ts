// DELETE /v1/customers/{id}, /v1/teams/{id} and /v1/providers/{id} (ADR 0022), called with real
// session cookies through the route handlers and the console's server actions: refused with 409
// conflict naming what still depends on the object (counts by kind) and nothing deleted, deleted
// with its budgets and rate limits once free, both outcomes audited; a viewer is refused.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as customerById from "@/app/v1/customers/[id]/route";
import * as customers from "@/app/v1/customers/route";
import * as providerById from "@/app/v1/providers/[id]/route";
import * as providers from "@/app/v1/providers/route";
import * as teamById from "@/app/v1/teams/[id]/route";
import * as teams from "@/app/v1/teams/route";
import * as keyById from "@/app/v1/virtual-keys/[id]/route";
import * as keys from "@/app/v1/virtual-keys/route";
import { setDbForTests } from "@/lib/db";
import type { DeclaredHandler } from "@/lib/http/route";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { auditCount } from "../helpers/audit-probe";
import { callAs, openSeededConsole, type Caller } from "../helpers/callers";
import { allowOutbound } from "../helpers/outbound";
import { governanceAs } from "../helpers/console-api";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let viewer: Caller, developer: Caller, admin: Caller;
const UPSTREAM = "http://127.0.0.1:9/v1";

beforeAll(async () => {
  process.env.WARDEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  allowOutbound(UPSTREAM);
  ({ t, viewer, developer, admin } = await openSeededConsole());
});
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

const inAcme = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant(admin.tenantId, fn, { db: t.db });

async function send(
  handler: DeclaredHandler,
  who: Caller,
  method: string,
  path: string,
  opts: { body?: unknown; params?: Record<string, string> } = {},
) {
  const init: RequestInit = { method };
  if (opts.body !== undefined)
    Object.assign(init, { body: JSON.stringify(opts.body), headers: { "content-type": "application/json" } });
  const res = await callAs(handler, who, new Request(`http://warden.test${path}`, init), opts.params ?? {});
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

const post = (h: DeclaredHandler, path: string, body: unknown) => send(h, admin, "POST", path, { body });
const del = (h: DeclaredHandler, who: Caller, path: string, id: string) =>
  send(h, who, "DELETE", `${path}/${id}`, { params: { id } });
const limits = {
  budgets: [{ limit_usd: 50, window: "1M", mode: "calendar" }],
  rate_limits: [{ requests_per_window: 10, window: "1m" }],
};

/** An audit entry of this action on this target, with its outcome and details. */
async function auditOf(action: string, targetId: string) {
  return inAcme((tx) =>
    tx.auditEntry.findMany({
      where: { action, targetId },
      orderBy: { seq: "asc" },
      select: { outcome: true, details: true, actorRef: true },
    }),
  );
}

describe(`deleting customers, teams and providers (${TEST_DB_KIND})`, () => {
  it("a customer with teams and a usable key answers 409 naming them; nothing is deleted; the refusal is audited", async () => {
    const c = await post(customers.POST, "/v1/customers", { name: "Doomed Corp", ...limits });
    expect(c.status).toBe(201);
    for (const name of ["Doomed A", "Doomed B"])
      expect((await post(teams.POST, "/v1/teams", { name, customer_id: c.body.id })).status).toBe(201);
    const key = await post(keys.POST, "/v1/virtual-keys", { name: "doomed key", customer_id: c.body.id });
    expect(key.status).toBe(201);

    const refused = await del(customerById.DELETE, admin, "/v1/customers", c.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.type).toBe("conflict");
    expect(refused.body.error.message).toContain('Customer "Doomed Corp"');
    expect(refused.body.error.message).toContain("2 teams");
    expect(refused.body.error.message).toContain("1 virtual key");
    expect(await inAcme((tx) => tx.customer.count({ where: { id: c.body.id } }))).toBe(1);
    expect(await inAcme((tx) => tx.team.count({ where: { customerId: c.body.id } }))).toBe(2);
    expect(await inAcme((tx) => tx.budget.count({ where: { ownerId: c.body.id } }))).toBe(1);
    expect(await auditOf("customer.delete", c.body.id)).toEqual([
      {
        outcome: "failure",
        actorRef: admin.userId,
        details: { reason: "dependents", name: "Doomed Corp", dependents: { teams: 2, virtual_keys: 1 } },
      },
    ]);
  });

  it("once its teams are gone and its key revoked, the customer is deleted with its budgets, rate limits and revoked key, audited", async () => {
    const c = await post(customers.POST, "/v1/customers", { name: "Freed Corp", ...limits });
    const team = await post(teams.POST, "/v1/teams", { name: "Freed team", customer_id: c.body.id });
    const key = await post(keys.POST, "/v1/virtual-keys", { name: "freed key", customer_id: c.body.id, ...limits });
    expect((await del(customerById.DELETE, admin, "/v1/customers", c.body.id)).status).toBe(409);
    expect((await del(teamById.DELETE, admin, "/v1/teams", team.body.id)).status).toBe(204);
    expect((await del(keyById.DELETE, admin, "/v1/virtual-keys", key.body.id)).status).toBe(204);

    const done = await del(customerById.DELETE, admin, "/v1/customers", c.body.id);
    expect([done.status, done.body]).toEqual([204, null]);
    expect(await inAcme((tx) => tx.customer.count({ where: { id: c.body.id } }))).toBe(0);
    expect(await inAcme((tx) => tx.virtualKey.count({ where: { id: key.body.id } }))).toBe(0);
    expect(await inAcme((tx) => tx.budget.count({ where: { ownerId: { in: [c.body.id, key.body.id] } } }))).toBe(0);
    expect(await inAcme((tx) => tx.rateLimit.count({ where: { ownerId: { in: [c.body.id, key.body.id] } } }))).toBe(0);
    expect(
      (await send(customerById.GET, admin, "GET", `/v1/customers/${c.body.id}`, { params: { id: c.body.id } })).status,
    ).toBe(404);
    const trail = await auditOf("customer.delete", c.body.id);
    expect(trail.map((e) => e.outcome)).toEqual(["failure", "success"]);
    expect(trail[1].details).toEqual({ name: "Freed Corp", budgets: 2, rate_limits: 2, revoked_keys: 1 });
    // A second delete finds nothing.
    expect((await del(customerById.DELETE, admin, "/v1/customers", c.body.id)).status).toBe(404);
  });

  it("a team with a member and a usable key answers 409 naming both; free, it is deleted with its limits", async () => {
    const team = await post(teams.POST, "/v1/teams", { name: "Crowded team", ...limits });
    const key = await post(keys.POST, "/v1/virtual-keys", { name: "crowded key", team_id: team.body.id });
    const bob = await inAcme(async (tx) => {
      const u = await tx.user.findFirstOrThrow({ where: { email: "bob.martinez@acme.test" } });
      await tx.teamMembership.create({ data: { tenantId: admin.tenantId, teamId: team.body.id, userId: u.id } });
      return u.id;
    });

    const refused = await del(teamById.DELETE, admin, "/v1/teams", team.body.id);
    expect([refused.status, refused.body.error.type]).toEqual([409, "conflict"]);
    expect(refused.body.error.message).toMatch(
      /^Team "Crowded team" cannot be deleted: it still has 1 member, 1 virtual key\./,
    );
    expect(await inAcme((tx) => tx.team.count({ where: { id: team.body.id } }))).toBe(1);
    expect(await inAcme((tx) => tx.teamMembership.count({ where: { teamId: team.body.id } }))).toBe(1);

    await inAcme((tx) => tx.teamMembership.delete({ where: { teamId_userId: { teamId: team.body.id, userId: bob } } }));
    expect((await del(keyById.DELETE, admin, "/v1/virtual-keys", key.body.id)).status).toBe(204);
    expect((await del(teamById.DELETE, admin, "/v1/teams", team.body.id)).status).toBe(204);
    expect(await inAcme((tx) => tx.team.count({ where: { id: team.body.id } }))).toBe(0);
    expect(await inAcme((tx) => tx.budget.count({ where: { ownerId: team.body.id } }))).toBe(0);
    expect(await inAcme((tx) => tx.rateLimit.count({ where: { ownerId: team.body.id } }))).toBe(0);
    expect(
      (await auditOf("team.delete", team.body.id)).map((e) => [
        e.outcome,
        (e.details as { dependents?: unknown }).dependents ?? null,
      ]),
    ).toEqual([
      ["failure", { members: 1, virtual_keys: 1 }],
      ["success", null],
    ]);
  });

  it("a team a custom role is scoped to answers 409 naming the role", async () => {
    const team = await post(teams.POST, "/v1/teams", { name: "Scoped team" });
    await inAcme((tx) =>
      tx.customRole.create({
        data: {
          tenantId: admin.tenantId,
          name: "Scoped lead",
          permissions: ["teams.read"],
          resourceScope: { teams: [team.body.id] },
        },
      }),
    );
    const refused = await del(teamById.DELETE, admin, "/v1/teams", team.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("1 custom role scoped to it");
  });

  it("a provider that allow-lists of usable keys or active users name (by name, as provider/model, or a model only it prices) answers 409; free, it is deleted", async () => {
    const p = await post(providers.POST, "/v1/providers", {
      name: "doomed-ai",
      base_url: UPSTREAM,
      prices: [
        { model: "doomed-only", input_per_1m_usd: 1, output_per_1m_usd: 2 },
        { model: "gpt-4o", input_per_1m_usd: 1, output_per_1m_usd: 2 },
      ],
    });
    expect(p.status).toBe(201);
    const teamId = (await post(teams.POST, "/v1/teams", { name: "Provider users" })).body.id as string;
    const byName = await post(keys.POST, "/v1/virtual-keys", {
      name: "by name",
      team_id: teamId,
      allowed_providers: ["doomed-ai"],
    });
    const qualified = await post(keys.POST, "/v1/virtual-keys", {
      name: "qualified",
      team_id: teamId,
      allowed_providers: ["*"],
      allowed_models: ["doomed-ai/doomed-only"],
    });
    const sole = await post(keys.POST, "/v1/virtual-keys", {
      name: "sole model",
      team_id: teamId,
      allowed_providers: ["*"],
      allowed_models: ["doomed-only"],
    });
    // A wildcard, or a model another provider also prices, does not tie a key to this provider.
    const loose = await post(keys.POST, "/v1/virtual-keys", {
      name: "loose",
      team_id: teamId,
      allowed_providers: ["*"],
      allowed_models: ["*", "gpt-4o"],
    });
    expect([byName.status, qualified.status, sole.status, loose.status]).toEqual([201, 201, 201, 201]);
    // A user-level allow-list naming one of its models counts too (ADR 0021).
    const priya = await inAcme((tx) =>
      tx.user.update({
        where: { tenantId_email: { tenantId: admin.tenantId, email: "priya.nair@acme.test" } },
        data: { allowedModels: ["doomed-ai/doomed-only"] },
      }),
    );

    const refused = await del(providerById.DELETE, admin, "/v1/providers", p.body.id);
    expect([refused.status, refused.body.error.type]).toEqual([409, "conflict"]);
    expect(refused.body.error.message).toMatch(
      /^Provider "doomed-ai" cannot be deleted: it is still named in the allow-lists of 3 virtual keys, 1 user\./,
    );
    expect(await inAcme((tx) => tx.modelPrice.count({ where: { providerId: p.body.id } }))).toBe(2);

    for (const k of [byName, qualified, sole])
      expect((await del(keyById.DELETE, admin, "/v1/virtual-keys", k.body.id)).status).toBe(204);
    expect((await del(providerById.DELETE, admin, "/v1/providers", p.body.id)).body.error.message).toContain(
      "allow-lists of 1 user.",
    );
    await inAcme((tx) => tx.user.update({ where: { id: priya.id }, data: { allowedModels: ["*"] } }));
    expect((await del(providerById.DELETE, admin, "/v1/providers", p.body.id)).status).toBe(204);
    expect(await inAcme((tx) => tx.provider.count({ where: { id: p.body.id } }))).toBe(0);
    expect(await inAcme((tx) => tx.modelPrice.count({ where: { providerId: p.body.id } }))).toBe(0);
    expect((await auditOf("provider.delete", p.body.id)).map((e) => [e.outcome, e.details])).toEqual([
      ["failure", { reason: "dependents", name: "doomed-ai", dependents: { virtual_keys: 3, users: 1 } }],
      ["failure", { reason: "dependents", name: "doomed-ai", dependents: { users: 1 } }],
      ["success", { name: "doomed-ai", prices: 2 }],
    ]);
  });

  it("a viewer (and a developer, for customers and providers) is refused with 403 and nothing changes", async () => {
    const c = await post(customers.POST, "/v1/customers", { name: "Kept Corp" });
    const team = await post(teams.POST, "/v1/teams", { name: "Kept team" });
    const p = await post(providers.POST, "/v1/providers", { name: "kept-ai", base_url: UPSTREAM });
    for (const [who, h, path, id] of [
      [viewer, customerById.DELETE, "/v1/customers", c.body.id],
      [developer, customerById.DELETE, "/v1/customers", c.body.id],
      [viewer, teamById.DELETE, "/v1/teams", team.body.id],
      [developer, teamById.DELETE, "/v1/teams", team.body.id],
      [viewer, providerById.DELETE, "/v1/providers", p.body.id],
      [developer, providerById.DELETE, "/v1/providers", p.body.id],
    ] as const) {
      const r = await del(h, who, path, id);
      expect([r.status, r.body.error.type]).toEqual([403, "user_not_authorized"]);
    }
    expect(
      await inAcme((tx) =>
        Promise.all([
          tx.customer.count({ where: { id: c.body.id } }),
          tx.team.count({ where: { id: team.body.id } }),
          tx.provider.count({ where: { id: p.body.id } }),
        ]),
      ),
    ).toEqual([1, 1, 1]);
    expect(await auditOf("customer.delete", c.body.id)).toEqual([]);
  });

  it("the console's delete actions run the same rules: 409 with the dependents, then deleted", async () => {
    const c = ok(await governanceAs(admin).createCustomer({ name: "Console Doomed" })) as { id: string };
    const team = ok(await governanceAs(admin).createTeam({ name: "Console Doomed team", customer_id: c.id })) as {
      id: string;
    };
    expect(await governanceAs(viewer).deleteCustomer({ id: c.id })).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized" },
    });
    expect(await governanceAs(admin).deleteCustomer({ id: c.id })).toMatchObject({
      ok: false,
      error: { type: "conflict", message: expect.stringContaining("1 team") },
    });
    expect(await governanceAs(admin).deleteTeam({ id: team.id })).toEqual({
      ok: true,
      data: { id: team.id, deleted: true },
    });
    expect(await governanceAs(admin).deleteCustomer({ id: c.id })).toEqual({
      ok: true,
      data: { id: c.id, deleted: true },
    });
    const p = ok(await governanceAs(admin).createProvider({ name: "console-doomed", base_url: UPSTREAM })) as {
      id: string;
    };
    expect(await governanceAs(developer).deleteProvider({ id: p.id })).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized" },
    });
    expect(await governanceAs(admin).deleteProvider({ id: p.id })).toEqual({
      ok: true,
      data: { id: p.id, deleted: true },
    });
    expect(await auditCount(t.db, admin.tenantId, "provider.delete")).toBeGreaterThanOrEqual(1);
    expect((await auditOf("customer.delete", c.id)).map((e) => e.outcome)).toEqual(["failure", "success"]);
  });
});

function ok<T>(r: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}
