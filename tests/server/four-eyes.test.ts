// Four-eyes for power (ADR 0033) with real session cookies: require_approval rules on admin_grant
// and idp_change hold a grant of admin-level permissions (a user's role, a custom role) and
// identity-provider changes until a second admin approves; the requester cannot approve their
// own; the approved change is applied once when repeated (with approval_id, or simply again);
// a change that grants nothing admin-level is not held; the console's action shows the hold and
// keeps the approval request; an approval never stores a client secret.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rolesActions } from "@/components/rbac/use-roles-actions";
import { DELETE as idpDELETE, PATCH as idpPATCH } from "@/app/v1/identity/providers/[id]/route";
import { POST as rulesPOST } from "@/app/v1/monitoring/rules/route";
import { POST as rolesPOST } from "@/app/v1/roles/route";
import { GET as userGET, PATCH as userPATCH } from "@/app/v1/users/[id]/route";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { approveAs } from "../helpers/approvals";
import { pointProcessDbAt, requestAs as call, signedIn, statusAndJson as json, type Caller } from "../helpers/callers";
import { consoleApi } from "../helpers/console-api";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
let alice: Caller;
let rahul: Caller;

const inAcme = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(acme, fn, { db: t.db });
const userId = (email: string) => inAcme(async (tx) => (await tx.user.findFirstOrThrow({ where: { email } })).id);

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  acme = await tenantIdBySlug(t.db, "acme");
  alice = await signedIn(t.db, "acme", "alice.chen@acme.test");
  rahul = await signedIn(t.db, "acme", "rahul.mehta@acme.test");
}, 180_000);

afterAll(async () => {
  await t?.drop();
});

describe(`four-eyes for power (${TEST_DB_KIND})`, () => {
  it("admin_grant and idp_change are require_approval conditions only", async () => {
    const alert = await json(
      await call(rulesPOST, alice, "POST", "/v1/monitoring/rules", {
        name: "Admin grants (alert)",
        type: "security_event",
        condition: "admin_grant",
        action: "alert_security_team",
        severity: "high",
      }),
    );
    expect(alert.status).toBe(400);
    expect(JSON.stringify(alert.body)).toContain("use it with require_approval");
    for (const condition of ["admin_grant", "idp_change"]) {
      const r = await json(
        await call(rulesPOST, alice, "POST", "/v1/monitoring/rules", {
          name: `Four eyes: ${condition}`,
          type: "security_event",
          condition,
          action: "require_approval",
          severity: "high",
        }),
      );
      expect(r.status).toBe(201);
      expect(r.body.condition).toBe(condition);
    }
  });

  it("a grant to admin is held until a different admin approves; the requester cannot approve their own", async () => {
    const carol = await userId("carol.johnson@acme.test");
    const held = await json(
      await call(userPATCH, alice, "PATCH", `/v1/users/${carol}`, { role: "admin" }, { id: carol }),
    );
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({
      status: "approval_required",
      approval: { action: "user.update", status: "pending", params: { user_id: carol, role: "admin" } },
    });
    const id = held.body.approval_id as string;
    expect(held.body.message).toContain(id);
    const role = async () =>
      (await json(await call(userGET, alice, "GET", `/v1/users/${carol}`, undefined, { id: carol }))).body.role;
    expect(await role()).toBe("viewer");

    const self = await json(await approveAs(alice, id));
    expect(self.status).toBe(403);
    // Still pending: repeating with the id holds again, nothing changes.
    expect(
      (await call(userPATCH, alice, "PATCH", `/v1/users/${carol}?approval_id=${id}`, { role: "admin" }, { id: carol }))
        .status,
    ).toBe(202);
    expect(await role()).toBe("viewer");

    expect((await json(await approveAs(rahul, id))).body.status).toBe("approved");
    // The approval covers exactly this change.
    expect(
      (
        await call(
          userPATCH,
          alice,
          "PATCH",
          `/v1/users/${carol}?approval_id=${id}`,
          { role: "admin", active: false },
          { id: carol },
        )
      ).status,
    ).toBe(400);
    const done = await json(
      await call(userPATCH, alice, "PATCH", `/v1/users/${carol}?approval_id=${id}`, { role: "admin" }, { id: carol }),
    );
    expect(done.status).toBe(200);
    expect(done.body.role).toBe("admin");

    const trail = await inAcme((tx) => tx.auditEntry.findMany({ where: { targetId: id }, orderBy: { seq: "asc" } }));
    expect(trail.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      "approval.request:success",
      "approval.approve:denied",
      "approval.approve:success",
      "approval.consume:success",
    ]);
    expect(await inAcme((tx) => tx.auditEntry.count({ where: { action: "user.update", targetId: carol } }))).toBe(1);
    // The hold raised an alert on the Monitoring page.
    expect(await inAcme((tx) => tx.monitoringAlert.count({ where: { dedupeKey: `approval:${id}` } }))).toBe(1);
  });

  it("a change that grants nothing admin-level is not held; a custom role with users.write is", async () => {
    const bob = await userId("bob.martinez@acme.test");
    const plain = await json(
      await call(userPATCH, alice, "PATCH", `/v1/users/${bob}`, { role: "viewer" }, { id: bob }),
    );
    expect(plain.status).toBe(200);
    expect(plain.body.role).toBe("viewer");

    const role = await json(
      await call(rolesPOST, alice, "POST", "/v1/roles", {
        name: "People admin",
        description: "Manages people",
        permissions: ["users.read", "users.write"],
        resource_scope: null,
      }),
    );
    expect(role.status).toBe(202);
    expect(role.body.approval.action).toBe("role.create");
    expect(await inAcme((tx) => tx.customRole.count({ where: { name: "People admin" } }))).toBe(0);
    const reader = await json(
      await call(rolesPOST, alice, "POST", "/v1/roles", {
        name: "People reader",
        description: "Reads people",
        permissions: ["users.read"],
        resource_scope: null,
      }),
    );
    expect(reader.status).toBe(201);
  });

  it("the console's role assignment shows the hold, keeps the request, and applies the change when repeated after approval", async () => {
    const bob = await userId("bob.martinez@acme.test");
    const first = await rolesActions(consoleApi(alice)).assignUserRole({ user_id: bob, role: "admin" });
    expect(first).toMatchObject({
      ok: false,
      error: { type: "approval_required", message: expect.stringContaining("needs a second admin's approval") },
    });
    const pending = await inAcme((tx) =>
      tx.approvalRequest.findFirstOrThrow({
        where: { action: "user.update", status: "pending" },
        orderBy: { createdAt: "desc" },
      }),
    );
    expect(pending.params).toMatchObject({ user_id: bob, role: "admin" });
    expect((await json(await approveAs(rahul, pending.id))).status).toBe(200);
    const again = await rolesActions(consoleApi(alice)).assignUserRole({ user_id: bob, role: "admin" });
    expect(again).toMatchObject({ ok: true, data: { role: "admin" } });
    expect((await inAcme((tx) => tx.approvalRequest.findUniqueOrThrow({ where: { id: pending.id } }))).status).toBe(
      "consumed",
    );
  });

  it("identity-provider changes are held; an approval stores no client secret; the approved delete applies once", async () => {
    const idp = await inAcme((tx) => tx.identityProvider.findFirstOrThrow({ orderBy: { createdAt: "asc" } }));
    const secret = "s3cret-idp-client-value";
    const patch = await json(
      await call(
        idpPATCH,
        alice,
        "PATCH",
        `/v1/identity/providers/${idp.id}`,
        { client_secret: secret },
        { id: idp.id },
      ),
    );
    expect(patch.status).toBe(202);
    const stored = await inAcme((tx) =>
      tx.approvalRequest.findUniqueOrThrow({ where: { id: patch.body.approval_id } }),
    );
    expect(JSON.stringify(stored.params)).not.toContain(secret);
    expect((stored.params as { client_secret: string }).client_secret).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(patch.body)).not.toContain(secret);

    const del = await json(
      await call(idpDELETE, alice, "DELETE", `/v1/identity/providers/${idp.id}`, undefined, { id: idp.id }),
    );
    expect(del.status).toBe(202);
    expect(await inAcme((tx) => tx.identityProvider.count({ where: { id: idp.id } }))).toBe(1);
    expect((await approveAs(alice, del.body.approval_id)).status).toBe(403);
    expect((await approveAs(rahul, del.body.approval_id)).status).toBe(200);
    // Repeated without approval_id: the requester's approval for exactly this change is used.
    expect(
      (await call(idpDELETE, alice, "DELETE", `/v1/identity/providers/${idp.id}`, undefined, { id: idp.id })).status,
    ).toBe(204);
    expect(await inAcme((tx) => tx.identityProvider.count({ where: { id: idp.id } }))).toBe(0);
    expect(
      (await inAcme((tx) => tx.approvalRequest.findUniqueOrThrow({ where: { id: del.body.approval_id } }))).status,
    ).toBe("consumed");
  });
});
