// Made-up but real Actors for server tests: built from a seeded user's row through the same
// permissionsFor() the resolver uses, so custom roles and scopes behave as in production.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/runtime";
import { permissionsFor } from "@/lib/rbac/authorize";
import { setDbForTests } from "@/lib/db";
import { seedDemo } from "@/lib/seed/seed-demo";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, type TestDatabase, tenantIdBySlug } from "./test-db";

export async function actorFor(db: Database, tenantSlug: string, email: string): Promise<Actor> {
  const tenant = { id: await tenantIdBySlug(db, tenantSlug) };
  return withTenant(
    tenant.id,
    async (tx) => {
      const u = await tx.user.findFirstOrThrow({ where: { email } });
      const eff = await permissionsFor(tx, { role: u.role, customRoleId: u.customRoleId });
      return {
        kind: "user",
        subject: u.id,
        userId: u.id,
        tenantId: tenant.id,
        tenantSlug,
        role: eff.role,
        roleName: eff.roleName,
        permissions: eff.permissions,
        ...(eff.scope ? { scope: eff.scope } : {}),
        authMethod: "session",
        mfa: true,
        requestId: `req_${randomBytes(8).toString("hex")}`,
        traceId: randomBytes(16).toString("hex"),
        email: u.email,
      } satisfies Actor;
    },
    { db },
  );
}

/** Makes the process-wide getDb() (used inside route handlers) answer with the test database. */
export function pointProcessDbAt(db: Database): void {
  (globalThis as unknown as { __wardenDb?: Promise<Database> }).__wardenDb = Promise.resolve(db);
}

/**
 * A fresh test database with the seeded demo, made the process database (route handlers and
 * server actions use it), and the demo's Acme viewer, developer and admin and Globex's admin.
 */
export async function openSeededConsole(): Promise<{ t: TestDatabase; viewer: Actor; developer: Actor; admin: Actor; otherAdmin: Actor }> {
  const t = await createTestDatabase();
  await seedDemo(t.db);
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  return {
    t,
    viewer: await actorFor(t.db, "acme", "carol.johnson@acme.test"),
    developer: await actorFor(t.db, "acme", "bob.martinez@acme.test"),
    admin: await actorFor(t.db, "acme", "alice.chen@acme.test"),
    otherAdmin: await actorFor(t.db, "globex", "hank.scorpio@globex.test"),
  };
}
