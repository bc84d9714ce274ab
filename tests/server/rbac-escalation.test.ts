// No escalation: nobody grants a role, edits a custom role or assigns a user beyond their own
// permissions. Refusals answer 403 and carry a privilege_escalation_attempt audit event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { rolesActions } from "@/components/rbac/use-roles-actions";
import type { RoleInput } from "@/components/rbac/roles-types";
import { permissionsFor } from "@/lib/rbac/authorize";
import { updateRole } from "@/lib/rbac/custom-roles";
import { assertNoEscalation, EscalationDenied, grantedIncrease } from "@/lib/rbac/escalation";
import { ROLE_PERMISSIONS } from "@/lib/rbac/permissions";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { updateUser } from "@/lib/users/users";
import * as roleById from "@/app/v1/roles/[id]/route";
import * as roles from "@/app/v1/roles/route";
import * as userById from "@/app/v1/users/[id]/route";
import { pointProcessDbAt, requestAs, signedIn, type Caller } from "../helpers/callers";
import { consoleApi } from "../helpers/console-api";
import { auditCount } from "../helpers/audit-probe";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
let lead: Caller; // developer with a custom "Developer Lead" role: may manage users and roles
let developer: Caller;
let admin: Caller;
// The same three as the resolver sees them, for the library functions that take an Actor.
let leadActor: Actor, developerActor: Actor, adminActor: Actor;
const LEAD_PERMISSIONS = [
  ...ROLE_PERMISSIONS.developer,
  "users.read",
  "users.write",
  "roles.read",
  "roles.write",
] as const;
let leadRoleId: string;
let carol: string;

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  const role = await withTenant(
    acme,
    (tx) =>
      tx.customRole.create({
        data: { tenantId: acme, name: "Developer Lead", permissions: [...LEAD_PERMISSIONS] },
      }),
    { db: t.db },
  );
  leadRoleId = role.id;
  await withTenant(
    acme,
    (tx) =>
      tx.user.update({
        where: { tenantId_email: { tenantId: acme, email: "jonas.weber@acme.test" } },
        data: { customRoleId: role.id },
      }),
    { db: t.db },
  );
  lead = await signedIn(t.db, "acme", "jonas.weber@acme.test");
  developer = await signedIn(t.db, "acme", "bob.martinez@acme.test");
  admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
  [leadActor, developerActor, adminActor] = [await lead.actor(), await developer.actor(), await admin.actor()];
  carol = (
    await withTenant(acme, (tx) => tx.user.findFirstOrThrow({ where: { email: "carol.johnson@acme.test" } }), {
      db: t.db,
    })
  ).id;
});

afterAll(async () => {
  await t?.drop();
});

async function expectEscalationAttempt(request: () => Promise<Response>, excess: string) {
  // Counted before the request runs, so each refusal must add exactly one entry of its own.
  const attemptsBefore = await auditCount(t.db, acme, "privilege_escalation_attempt");
  const res = await request();
  expect(res.status).toBe(403);
  const body = (await res.json()) as { error: { type: string; message: string } };
  expect(body.error.type).toBe("user_not_authorized");
  expect(body.error.message).toContain(excess);
  expect(await auditCount(t.db, acme, "privilege_escalation_attempt")).toBe(attemptsBefore + 1);
}

describe(`no escalation (${TEST_DB_KIND})`, () => {
  it("a developer lead assigning the admin role gets 403, and carol stays a viewer", async () => {
    await expectEscalationAttempt(
      () => requestAs(userById.PATCH, lead, "PATCH", `/v1/users/${carol}`, { role: "admin" }, { id: carol }),
      "identity.write",
    );
    expect(
      (await withTenant(acme, (tx) => tx.user.findUniqueOrThrow({ where: { id: carol } }), { db: t.db })).role,
    ).toBe("viewer");
  });

  it("a developer lead adding a permission to their own custom role gets 403; the role is unchanged", async () => {
    await expectEscalationAttempt(
      () =>
        requestAs(
          roleById.PATCH,
          lead,
          "PATCH",
          `/v1/roles/${leadRoleId}`,
          { permissions: [...LEAD_PERMISSIONS, "audit.manage"] },
          { id: leadRoleId },
        ),
      "audit.manage",
    );
    expect(
      (await withTenant(acme, (tx) => tx.customRole.findUniqueOrThrow({ where: { id: leadRoleId } }), { db: t.db }))
        .permissions,
    ).not.toContain("audit.manage");
  });

  it("a developer lead creating a role beyond their permissions gets 403; within them, 201", async () => {
    await expectEscalationAttempt(
      () =>
        requestAs(roles.POST, lead, "POST", "/v1/roles", {
          name: "Shadow admin",
          permissions: ["roles.write", "settings.write"],
        }),
      "settings.write",
    );
    expect(await withTenant(acme, (tx) => tx.customRole.count({ where: { name: "Shadow admin" } }), { db: t.db })).toBe(
      0,
    );
    const ok = await requestAs(roles.POST, lead, "POST", "/v1/roles", {
      name: "Usage reader",
      permissions: ["usage.read", "dashboards.read"],
    });
    expect(ok.status).toBe(201);
  });

  it("a plain developer cannot reach user or role management at all (403)", async () => {
    expect(
      (await requestAs(userById.PATCH, developer, "PATCH", `/v1/users/${carol}`, { role: "admin" }, { id: carol }))
        .status,
    ).toBe(403);
    expect(
      (await requestAs(roles.POST, developer, "POST", "/v1/roles", { name: "X role", permissions: [] })).status,
    ).toBe(403);
  });

  it("the refusal carries the audit event: attempted and held permissions", async () => {
    const err = await withTenant(acme, (tx) => updateUser(tx, leadActor, carol, { role: "admin" }), { db: t.db }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EscalationDenied);
    const ev = (err as EscalationDenied).auditEvent;
    expect(ev.action).toBe("privilege_escalation_attempt");
    expect(ev.outcome).toBe("denied");
    expect(ev.target).toEqual({ type: "user", id: carol });
    expect(ev.details?.attempted_permissions).toEqual([...ROLE_PERMISSIONS.admin].sort());
    expect(ev.details?.held_permissions).toEqual([...LEAD_PERMISSIONS].sort());
    expect(ev.details?.excess_permissions).toContain("identity.write");
    const err2 = await withTenant(
      acme,
      (tx) => updateRole(tx, leadActor, leadRoleId, { permissions: ["audit.manage"] }),
      { db: t.db },
    ).catch((e: unknown) => e);
    expect((err2 as EscalationDenied).auditEvent.details?.excess_permissions).toEqual(["audit.manage"]);
  });

  it("assertNoEscalation (API-key minting): a developer minting an admin-power key is refused, a narrower key passes", () => {
    expect(() => assertNoEscalation(developerActor, ROLE_PERMISSIONS.admin)).toThrow(EscalationDenied);
    expect(assertNoEscalation(developerActor, ["usage.read", "api_keys.read"])).toEqual([
      "api_keys.read",
      "usage.read",
    ]);
  });

  it("nobody manages a user more powerful than themselves, even to demote them", async () => {
    const res = await requestAs(
      userById.PATCH,
      lead,
      "PATCH",
      `/v1/users/${admin.userId}`,
      { role: "viewer" },
      { id: admin.userId },
    );
    expect(res.status).toBe(403);
    expect(
      (await withTenant(acme, (tx) => tx.user.findUniqueOrThrow({ where: { id: admin.userId } }), { db: t.db })).role,
    ).toBe("admin");
  });

  it("an admin's grant succeeds and is flagged as privilege_escalation", async () => {
    const grantsBefore = await auditCount(t.db, acme, "privilege_escalation");
    const res = await requestAs(
      userById.PATCH,
      admin,
      "PATCH",
      `/v1/users/${carol}`,
      { role: "developer" },
      { id: carol },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { role: string }).role).toBe("developer");
    const ev = grantedIncrease(
      adminActor,
      { type: "user", id: carol },
      ROLE_PERMISSIONS.viewer,
      ROLE_PERMISSIONS.developer,
    );
    expect(ev?.action).toBe("privilege_escalation");
    expect(ev?.details?.added_permissions).toContain("api_keys.write");
    expect(
      grantedIncrease(adminActor, { type: "user" }, ROLE_PERMISSIONS.developer, ROLE_PERMISSIONS.viewer),
    ).toBeNull();
    expect(await auditCount(t.db, acme, "privilege_escalation")).toBe(grantsBefore + 1);
  });

  // A role as the roles page's editor sends it: every field, the unset ones empty.
  const role = (r: Pick<RoleInput, "name" | "permissions">): RoleInput => ({
    description: "",
    resource_scope: null,
    ...r,
  });

  it("the console's roles page: a viewer creating a role gets 403; a lead's escalation through it is refused too", async () => {
    const viewer = await signedIn(t.db, "acme", "carol.johnson@acme.test");
    const r = await rolesActions(consoleApi(viewer)).createRole(
      role({ name: "Viewer made", permissions: ["dashboards.read"] }),
    );
    expect(r).toMatchObject({ ok: false, error: { type: "user_not_authorized" } });
    expect(await withTenant(acme, (tx) => tx.customRole.count({ where: { name: "Viewer made" } }), { db: t.db })).toBe(
      0,
    );
    const esc = await rolesActions(consoleApi(lead)).assignUserRole({ user_id: carol, role: "admin" });
    expect(esc).toMatchObject({ ok: false, error: { type: "user_not_authorized" } });
    const ok = await rolesActions(consoleApi(admin)).createRole(
      role({ name: "Made by action", permissions: ["usage.read"] }),
    );
    expect(ok).toMatchObject({ ok: true, data: { name: "Made by action", permissions: ["usage.read"] } });
    const bad = await rolesActions(consoleApi(admin)).createRole({ name: "x" } as RoleInput);
    expect(bad).toMatchObject({ ok: false, error: { type: "invalid_request" } });
  });

  it("custom role lifecycle: validation, duplicate names, assignment, another tenant's id, delete unassigns", async () => {
    expect(
      (await requestAs(roles.POST, admin, "POST", "/v1/roles", { name: "Bad", permissions: ["everything.all"] }))
        .status,
    ).toBe(400);
    const created = await requestAs(roles.POST, admin, "POST", "/v1/roles", {
      name: "Auditor Lite",
      description: "reads audit",
      permissions: ["audit.read"],
    });
    expect(created.status).toBe(201);
    const role = (await created.json()) as { id: string; permissions: string[] };
    expect(role.id).toMatch(/^role_/);
    expect((await requestAs(roles.POST, admin, "POST", "/v1/roles", { name: "auditor lite" })).status).toBe(409);
    const assigned = await requestAs(
      userById.PATCH,
      admin,
      "PATCH",
      `/v1/users/${carol}`,
      { custom_role_id: role.id },
      { id: carol },
    );
    expect(((await assigned.json()) as { custom_role: { id: string } }).custom_role.id).toBe(role.id);
    const eff = await withTenant(acme, async (tx) => permissionsFor(tx, { role: "developer", customRoleId: role.id }), {
      db: t.db,
    });
    expect([...eff.permissions]).toEqual(["audit.read"]);
    const globexRole = await withTenant(
      await tenantIdBySlug(t.db, "globex"),
      (tx) => tx.customRole.findFirstOrThrow({ where: { name: "Team Lead (Analytics)" } }),
      { db: t.db },
    );
    expect(
      (await requestAs(roleById.GET, admin, "GET", `/v1/roles/${globexRole.id}`, undefined, { id: globexRole.id }))
        .status,
    ).toBe(404);
    expect(
      (
        await requestAs(
          userById.PATCH,
          admin,
          "PATCH",
          `/v1/users/${carol}`,
          { custom_role_id: globexRole.id },
          { id: carol },
        )
      ).status,
    ).toBe(404);
    const del = await requestAs(roleById.DELETE, admin, "DELETE", `/v1/roles/${role.id}`, undefined, { id: role.id });
    expect(((await del.json()) as { unassigned_users: number }).unassigned_users).toBe(1);
    expect(
      (await withTenant(acme, (tx) => tx.user.findUniqueOrThrow({ where: { id: carol } }), { db: t.db })).customRoleId,
    ).toBeNull();
  });
});
