// The owner pickers' one server action (searchOwnersAction): in a tenant with more users than the
// old 2,000-row option lists, a typed text finds any of them in the database (at most 20 answers,
// by name), an empty text gives the first 20 by name, an id gives that owner's label, a
// team-scoped role sees only its teams and their members, another tenant sees nothing, and
// a caller without governance.read gets the one error shape.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { openSeededConsole, runAction, signedIn, type Caller } from "../helpers/callers";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const A = await import("@/app/(console)/governance/actions");

let t: TestDatabase;
let viewer: Caller, developer: Caller, admin: Caller, otherAdmin: Caller;
/** Signed in with a custom role scoped to the Picker Team. */
let scoped: Caller;
let bulkTeam: string, platform: string;
const N = 2500;
const num = (i: number) => String(i).padStart(4, "0");
const userId = (i: number) => `usr_picker${num(i)}`;

beforeAll(async () => {
  process.env.WARDEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  ({ t, viewer, developer, admin, otherAdmin } = await openSeededConsole());
  await withTenant(
    admin.tenantId,
    async (tx) => {
      bulkTeam = (await tx.team.create({ data: { tenantId: admin.tenantId, name: "Picker Team" } })).id;
      platform = (await tx.team.findFirstOrThrow({ where: { name: "Platform Engineering" } })).id;
      // "Aaa Picker …" sorts before every seeded user, so the 2,000 first by name are all bulk users.
      await tx.user.createMany({
        data: Array.from({ length: N }, (_, j) => ({
          id: userId(j + 1),
          tenantId: admin.tenantId,
          email: `picker-${num(j + 1)}@acme.test`,
          name: `Aaa Picker ${num(j + 1)}`,
        })),
      });
      // Even-numbered bulk users are members of the Picker Team; odd ones of no team.
      await tx.teamMembership.createMany({
        data: Array.from({ length: N / 2 }, (_, j) => ({
          tenantId: admin.tenantId,
          teamId: bulkTeam,
          userId: userId(2 * (j + 1)),
        })),
      });
      const role = await tx.customRole.create({
        data: {
          tenantId: admin.tenantId,
          name: "Picker Lead",
          permissions: ["governance.read", "teams.read", "users.read"],
          resourceScope: { teams: [bulkTeam] },
        },
      });
      await tx.user.create({
        data: {
          tenantId: admin.tenantId,
          email: "picker.lead@acme.test",
          name: "Picker Lead",
          role: "viewer",
          customRoleId: role.id,
        },
      });
    },
    { db: t.db, timeout: 60_000 },
  );
  scoped = await signedIn(t.db, "acme", "picker.lead@acme.test");
});
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

function ok<T>(r: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}
const search = (actor: Caller | null, input: unknown) => runAction(A.searchOwnersAction, actor, input);

describe(`owner search action (${TEST_DB_KIND})`, () => {
  it("finds a user past the first 2,000 by name or e-mail, case-insensitively", async () => {
    const total = await withTenant(admin.tenantId, (tx) => tx.user.count(), { db: t.db });
    expect(total).toBeGreaterThan(2000);
    // The 2,417th by name: the old option lists (first 2,000 by name) never had it.
    const byName = ok(await search(admin, { kind: "user", q: "aaa PICKER 2417" }));
    expect(byName).toEqual([{ id: userId(2417), label: "Aaa Picker 2417", hint: "picker-2417@acme.test" }]);
    const byEmail = ok(await search(admin, { kind: "user", q: "picker-2499@" }));
    expect(byEmail.map((o) => o.id)).toEqual([userId(2499)]);
    // Many matches: at most 20, in name order.
    const many = ok(await search(admin, { kind: "user", q: "aaa picker 24" }));
    expect(many.map((o) => o.label)).toEqual(Array.from({ length: 20 }, (_, i) => `Aaa Picker ${num(2400 + i)}`));
  });

  it("lists the first 20 by name for an empty text, and answers one id with its label", async () => {
    const first = ok(await search(admin, { kind: "user" }));
    expect(first.map((o) => o.label)).toEqual(Array.from({ length: 20 }, (_, i) => `Aaa Picker ${num(i + 1)}`));
    const teams = ok(await search(admin, { kind: "team", q: "" }));
    const names = teams.map((o) => o.label);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names).toContain("Picker Team");
    const one = ok(await search(admin, { kind: "team", id: bulkTeam }));
    expect(one).toEqual([{ id: bulkTeam, label: "Picker Team", hint: null }]);
    const customers = ok(await search(admin, { kind: "customer", q: "a" }));
    expect(customers.length).toBeGreaterThan(0);
    expect(customers.every((c) => c.id.length > 0 && c.label.length > 0)).toBe(true);
  });

  it("keeps a team-scoped role to its teams and their members", async () => {
    expect(ok(await search(scoped, { kind: "user", q: "Aaa Picker 2418" })).map((o) => o.id)).toEqual([userId(2418)]);
    expect(ok(await search(scoped, { kind: "user", q: "Aaa Picker 2417" }))).toEqual([]); // not a member
    const everyone = ok(await search(scoped, { kind: "user", q: "aaa picker" }));
    expect(everyone).toHaveLength(20);
    expect(everyone.every((o) => Number(o.label.slice(-4)) % 2 === 0)).toBe(true);
    expect(ok(await search(scoped, { kind: "team" })).map((o) => o.id)).toEqual([bulkTeam]);
    expect(ok(await search(scoped, { kind: "team", id: platform }))).toEqual([]); // out of scope, even by id
    expect(ok(await search(scoped, { kind: "user", id: userId(2417) }))).toEqual([]);
  });

  it("stays inside the tenant", async () => {
    expect(ok(await search(otherAdmin, { kind: "user", q: "Aaa Picker" }))).toEqual([]);
    expect(ok(await search(otherAdmin, { kind: "team", id: bulkTeam }))).toEqual([]);
  });

  it("refuses without a session and without governance.read, and checks its input, in the one error shape", async () => {
    const anon = await search(null, { kind: "user", q: "Aaa" });
    expect(anon).toEqual({
      ok: false,
      error: expect.objectContaining({
        type: "authentication_required",
        message: expect.any(String),
        request_id: expect.any(String),
      }),
    });
    const refused = await search(viewer, { kind: "user", q: "Aaa" });
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({
        type: "user_not_authorized",
        message: expect.stringMatching(/governance\.read/),
        request_id: expect.any(String),
      }),
    });
    expect(ok(await search(developer, { kind: "user", q: "Aaa Picker 0001" })).map((o) => o.id)).toEqual([userId(1)]);
    const bad = await search(admin, { kind: "provider", q: "x" });
    expect(bad).toMatchObject({ ok: false, error: { type: "invalid_request" } });
    expect(bad.ok ? [] : bad.error.issues?.map((i) => i.path)).toContain("kind");
  });
});
