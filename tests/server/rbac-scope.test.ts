// Resource scope: Globex's "Team Lead (Analytics)" (seeded, assigned to Zoe) manages only the
// Analytics team; the other team and its members answer 404, exactly like missing ids.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import * as roles from "@/app/v1/roles/route";
import * as teamById from "@/app/v1/teams/[id]/route";
import * as teams from "@/app/v1/teams/route";
import * as userById from "@/app/v1/users/[id]/route";
import * as users from "@/app/v1/users/route";
import { assertNoEscalation, EscalationDenied } from "@/lib/rbac/escalation";
import { getAs, pointProcessDbAt, requestAs, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";
import { withTenant } from "@/lib/tenancy/with-tenant";

let t: TestDatabase;
let lead: Caller;
let admin: Caller;
/** Zoe as the resolver builds her from her session cookie. */
let leadActor: Actor;
let analytics: string;
let care: string;

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  lead = await signedIn(t.db, "globex", "zoe.adams@globex.test");
  admin = await signedIn(t.db, "globex", "hank.scorpio@globex.test");
  leadActor = await lead.actor();
  analytics = (
    await withTenant(admin.tenantId, (tx) => tx.team.findFirstOrThrow({ where: { name: "Analytics" } }), { db: t.db })
  ).id;
  care = (
    await withTenant(admin.tenantId, (tx) => tx.team.findFirstOrThrow({ where: { name: "Customer Care" } }), {
      db: t.db,
    })
  ).id;
});

afterAll(async () => {
  await t?.drop();
});

describe(`resource scope (${TEST_DB_KIND})`, () => {
  it("the seeded custom role gives Zoe a team scope through her real session", () => {
    expect(leadActor.scope).toEqual({ teams: [analytics] });
    expect(leadActor.permissions.has("teams.write")).toBe(true);
  });

  it("lists only the teams and users in scope; an admin sees all", async () => {
    const mine = (await (await requestAs(teams.GET, lead, "GET", "/v1/teams")).json()) as { data: { id: string }[] };
    expect(mine.data.map((x) => x.id)).toEqual([analytics]);
    const all = (await (await requestAs(teams.GET, admin, "GET", "/v1/teams")).json()) as { data: { id: string }[] };
    expect(all.data.map((x) => x.id).sort()).toEqual([analytics, care].sort());
    const people = (await (await requestAs(users.GET, lead, "GET", "/v1/users")).json()) as {
      data: { email: string; team_ids: string[] }[];
    };
    expect(people.data.map((u) => u.email).sort()).toEqual(["hank.scorpio@globex.test", "nina.park@globex.test"]);
  });

  it("another team and its members answer 404; the own team can be managed", async () => {
    expect((await requestAs(teamById.GET, lead, "GET", `/v1/teams/${care}`, undefined, { id: care })).status).toBe(404);
    expect(
      (await requestAs(teamById.PATCH, lead, "PATCH", `/v1/teams/${care}`, { description: "taken over" }, { id: care }))
        .status,
    ).toBe(404);
    const omar = await withTenant(
      admin.tenantId,
      (tx) => tx.user.findFirstOrThrow({ where: { email: "omar.haddad@globex.test" } }),
      { db: t.db },
    );
    expect(
      (await requestAs(userById.GET, lead, "GET", `/v1/users/${omar.id}`, undefined, { id: omar.id })).status,
    ).toBe(404);
    const ok = await requestAs(
      teamById.PATCH,
      lead,
      "PATCH",
      `/v1/teams/${analytics}`,
      { description: "Reporting copilots and dashboards" },
      { id: analytics },
    );
    expect(ok.status).toBe(200);
    expect(
      (await withTenant(admin.tenantId, (tx) => tx.team.findUniqueOrThrow({ where: { id: analytics } }), { db: t.db }))
        .description,
    ).toBe("Reporting copilots and dashboards");
    expect(
      (await withTenant(admin.tenantId, (tx) => tx.team.findUniqueOrThrow({ where: { id: care } }), { db: t.db }))
        .description,
    ).toBe("Email triage assistant");
  });

  it("a pagination cursor walks the admin's list", async () => {
    const total = await withTenant(admin.tenantId, (tx) => tx.user.count({ where: { tenantId: admin.tenantId } }), {
      db: t.db,
    });
    expect(total).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (await getAs(users.GET, admin, path)).json()) as {
        data: { id: string }[];
        next_cursor: string | null;
      };
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((u) => u.id));
      cursor = page.next_cursor;
    } while (cursor && seen.length <= total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual([...seen].sort());
  });

  it("a scoped actor cannot grant team-owned access beyond its scope", () => {
    expect(() => assertNoEscalation(leadActor, { permissions: ["teams.read"] })).toThrow(EscalationDenied);
    expect(() => assertNoEscalation(leadActor, { permissions: ["teams.read"], scope: { teams: [care] } })).toThrow(
      EscalationDenied,
    );
    expect(assertNoEscalation(leadActor, { permissions: ["teams.read"], scope: { teams: [analytics] } })).toEqual([
      "teams.read",
    ]);
    expect(assertNoEscalation(leadActor, { permissions: ["usage.read"] })).toEqual(["usage.read"]);
  });

  it("without roles.write the scoped lead cannot create roles at all", async () => {
    expect((await requestAs(roles.POST, lead, "POST", "/v1/roles", { name: "Mine" })).status).toBe(403);
  });
});
