// The RBAC matrix: every registered route and server action x {anonymous, Viewer, Developer,
// Admin, a custom role}, asserting 401 / 403 / success exactly as each declaration says.
// "Success" means the permission check passed: 2xx, or a 4xx other than 401/403 (404 for a
// made-up id, 400 for an empty body), never a 5xx. A server action that answers with Next's
// redirect (sign-in, sign-out) passed its check too: the redirect is rethrown, never a result.
import { withTenant } from "@/lib/tenancy/with-tenant";
import path from "node:path";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { redirect } from "next/navigation";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { z } from "zod";
import { action, invokeActionAs, publicAction, type ActionResult } from "@/lib/http/action";
import { routeFiles, routePath, serverActionFiles, undeclaredActions, undeclaredHandlers, HTTP_METHODS } from "@/lib/http/registry";
import { invokeAs, route, type DeclaredHandler } from "@/lib/http/route";
import type { Access } from "@/lib/rbac/authorize";
import { seedDemo } from "@/lib/seed/seed-demo";
import { actorFor, pointProcessDbAt } from "../helpers/actors";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

// Auth.js signIn/signOut need a live Next request; here they end as they do there, in a redirect.
// Everything before them (declaration, actor, throttling, tenant lookup) runs for real.
vi.mock("@/lib/auth/sso", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/sso")>()),
  signIn: async () => redirect("/"),
  signOut: async () => redirect("/signin?signed_out=1"),
}));

const APP = path.resolve("app");
let t: TestDatabase;
const actors: Record<string, Actor | null> = {};
type Entry = { name: string; method: string; urlPath: string; handler: DeclaredHandler };
const routes: Entry[] = [];
const actions: { name: string; fn: (raw: never) => Promise<ActionResult<unknown>>; permission: Access }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  pointProcessDbAt(t.db);
  // A custom role with a mix of granted and missing permissions, so its row differs from every built-in role.
  const acme = { id: await tenantIdBySlug(t.db, "acme") };
  const role = await withTenant(acme.id, (tx) => tx.customRole.create({
    data: { tenantId: acme.id, name: "Matrix Reader", permissions: ["roles.read", "users.read", "teams.read", "audit.read"] },
  }), { db: t.db });
  await withTenant(acme.id, (tx) => tx.user.update({ where: { tenantId_email: { tenantId: acme.id, email: "elena.petrova@acme.test" } }, data: { customRoleId: role.id } }), { db: t.db });
  actors.anonymous = null;
  actors.viewer = await actorFor(t.db, "acme", "carol.johnson@acme.test");
  actors.developer = await actorFor(t.db, "acme", "bob.martinez@acme.test");
  actors.admin = await actorFor(t.db, "acme", "alice.chen@acme.test");
  actors.custom = await actorFor(t.db, "acme", "elena.petrova@acme.test");
  for (const file of routeFiles(APP)) {
    const mod = (await import(file)) as Record<string, DeclaredHandler>;
    for (const m of HTTP_METHODS) if (mod[m]?.declaration) routes.push({ name: `${m} ${routePath(APP, file)}`, method: m, urlPath: routePath(APP, file), handler: mod[m] });
  }
  for (const file of serverActionFiles(APP)) {
    const mod = (await import(file)) as Record<string, (raw: never) => Promise<ActionResult<unknown>>>;
    for (const [name, fn] of Object.entries(mod)) {
      const decl = (fn as unknown as { declaration?: { permission: Access } }).declaration;
      if (decl) actions.push({ name: `${path.relative(APP, file)}#${name}`, fn, permission: decl.permission });
    }
  }
});

afterAll(async () => {
  await t?.drop();
});

function expected(decl: DeclaredHandler["declaration"] | { permission: Access }, actor: Actor | null): "success" | 401 | 403 {
  const access = decl.permission;
  // Self-authenticating routes (gateway, SCIM) see no credential from a made-up actor: 401.
  if ("authenticatesWith" in decl && decl.authenticatesWith) return 401;
  if (access === "public") return "success";
  if (!actor) return 401;
  if ("actorKind" in decl && decl.actorKind && actor.kind !== decl.actorKind) return 403;
  if (access === "authenticated") return "success";
  return actor.permissions.has(access) ? "success" : 403;
}

function outcome(status: number): "success" | 401 | 403 | number {
  if (status === 401 || status === 403) return status;
  return status < 500 ? "success" : status;
}

function requestFor(e: Entry): { req: Request; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const url = e.urlPath.replace(/\[(\w+)\]/g, (_, k: string) => ((params[k] = `${k}_does_not_exist`), params[k]));
  const hasBody = ["POST", "PUT", "PATCH"].includes(e.method);
  const req = new Request(`http://warden.test${url}`, {
    method: e.method,
    ...(hasBody ? { body: "{}", headers: { "content-type": "application/json" } } : {}),
  });
  return { req, params };
}

describe(`RBAC matrix (${TEST_DB_KIND})`, () => {
  it("every exported route handler and server action under app/ is declared", async () => {
    const missing: string[] = [];
    for (const file of routeFiles(APP)) for (const m of undeclaredHandlers(await import(file))) missing.push(`${m} ${routePath(APP, file)}`);
    for (const file of serverActionFiles(APP)) for (const a of undeclaredActions(await import(file))) missing.push(`${path.relative(APP, file)}#${a}`);
    expect(missing).toEqual([]);
  });

  it("the registry sees the RBAC routes and the roles page's actions", () => {
    const names = routes.map((r) => r.name);
    for (const n of ["GET /v1/roles", "POST /v1/roles", "PATCH /v1/roles/[id]", "DELETE /v1/roles/[id]", "GET /v1/users", "PATCH /v1/users/[id]", "GET /v1/teams", "GET /api/health"]) {
      expect(names).toContain(n);
    }
    expect(actions.map((a) => a.name.split("#")[1])).toEqual(expect.arrayContaining(["createRoleAction", "assignUserRoleAction"]));
    const access = Object.fromEntries(actions.map((a) => [a.name, a.permission]));
    expect(access).toMatchObject({ "signin/actions.ts#continueWithSso": "public", "actions/sign-out.ts#signOutAction": "authenticated", "(console)/settings/api-keys/actions.ts#createKeyAction": "api_keys.write" });
  });

  it("the registry check flags an undeclared handler, and the wrapper denies it", async () => {
    const undeclared = route({} as never, async () => ({ leaked: true }));
    const plain = async () => new Response("ok");
    expect(undeclaredHandlers({ GET: undeclared, POST: plain, PATCH: route({ permission: "roles.read" }, async () => 1) })).toEqual(["GET", "POST"]);
    expect(undeclaredActions({ doThing: plain })).toEqual(["doThing"]);
    // "public" is only declared through publicAction(): action() never skips authentication.
    const sneaky = action({ permission: "public", input: z.object({}) }, async () => "leaked");
    expect(undeclaredActions({ sneaky })).toEqual(["sneaky"]);
    expect(await invokeActionAs(sneaky, null, {})).toMatchObject({ ok: false, error: { type: "authentication_required" } });
    expect(await invokeActionAs(publicAction({ input: z.object({}) }, async () => "hello"), null, {})).toEqual({ ok: true, data: "hello" });
    const res = await invokeAs(undeclared, actors.admin!, new Request("http://warden.test/x"));
    expect(res.status).toBe(403);
  });

  it("every route answers each actor as its declaration says", async () => {
    const mismatches: string[] = [];
    for (const e of routes) {
      const access = e.handler.declaration.permission;
      for (const [who, actor] of Object.entries(actors)) {
        const { req, params } = requestFor(e);
        const selfAuth = Boolean(e.handler.declaration.authenticatesWith);
        const res =
          actor && access !== "public" && !selfAuth
            ? await invokeAs(e.handler, actor, req, params)
            : await e.handler(req, { params: Promise.resolve(params) });
        const got = outcome(res.status);
        const want = expected(e.handler.declaration, actor);
        if (got !== want) mismatches.push(`${e.name} as ${who}: want ${want}, got ${res.status} ${await res.text()}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(routes.length * 5).toBeGreaterThanOrEqual(60);
  });

  it("every server action answers each actor as its declaration says", async () => {
    const mismatches: string[] = [];
    for (const a of actions) {
      for (const [who, actor] of Object.entries(actors)) {
        const r = await invokeActionAs(a.fn, actor, {}).catch((e: unknown) => {
          if (isRedirectError(e)) return { ok: true as const, data: "redirect" };
          throw e;
        });
        const got = r.ok ? "success" : r.error.type === "authentication_required" ? 401 : r.error.type === "user_not_authorized" ? 403 : r.error.type === "internal_error" ? 500 : "success";
        const want = expected({ permission: a.permission }, actor);
        if (got !== want) mismatches.push(`${a.name} as ${who}: want ${want}, got ${JSON.stringify(r)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
