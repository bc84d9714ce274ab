// The RBAC matrix: every registered route, server action and console page, called by every kind
// of signed-in person the product ships with -- the built-in Viewer, Developer and Admin and the
// demo's custom roles (hannah.schmidt "Security Auditor", zoe.adams "Team Lead (Analytics)",
// scoped to one team) -- and anonymously. Each caller presents a real signed session cookie, so the
// one resolver builds the Actor exactly as for a browser. The expectations are the table below,
// written here and never read back from the declarations; an entry missing from the table fails.
// "Success" means the permission check passed: 2xx, or a 4xx other than 401/403 (404 for a
// made-up id, 400 for an empty body), never a 5xx. A server action that answers with Next's
// redirect (sign-in, sign-out) passed its check too: the redirect is rethrown, never a result.
// A page passes when it renders its content; a refused page renders its "not allowed" view
// (<Refused>), and a visitor without a session is redirected to sign in (counted as 401).
import path from "node:path";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { redirect } from "next/navigation";
import { isValidElement, type ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AuditedRefusal } from "@/lib/audit/refusal";
import { action, publicAction, type ActionResult } from "@/lib/http/action";
import { page, Refused, type DeclaredPage } from "@/lib/http/page";
import {
  consolePageFiles,
  pageDeclared,
  routeFiles,
  routePath,
  serverActionFiles,
  undeclaredActions,
  undeclaredHandlers,
  HTTP_METHODS,
} from "@/lib/http/registry";
import { route, type DeclaredHandler } from "@/lib/http/route";
import { auditCount } from "../helpers/audit-probe";
import { callAs, pointProcessDbAt, renderPage, runAction, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

// Auth.js signIn/signOut need a live Next request; here they end as they do there, in a redirect.
// Everything before them (declaration, actor, throttling, tenant lookup) runs for real.
vi.mock("@/lib/auth/sso", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/sso")>()),
  signIn: async () => redirect("/"),
  signOut: async () => redirect("/signin?signed_out=1"),
}));

const APP = path.resolve("app");
const ROLES = ["viewer", "developer", "admin", "hannah", "zoe"] as const;
type Who = (typeof ROLES)[number] | "anonymous";

/**
 * Who may pass each entry. A list of callers (the others get 403); "any": every signed-in caller;
 * "public": everyone, anonymous too; "scim-token": only a SCIM bearer token, so every session
 * gets 401; "virtual-key": only a gateway virtual key, so every person gets 403; "operator": only a
 * platform operator's session (ADR 0032), so every tenant person gets 403.
 * viewer = carol.johnson, developer = bob.martinez, admin = alice.chen (Acme, built-in roles);
 * hannah = hannah.schmidt (Acme, "Security Auditor": dashboards.read, audit.read, audit.export,
 * reports.read, reports.create, roles.read, users.read); zoe = zoe.adams (Globex, "Team Lead
 * (Analytics)": dashboards.read, reports.read, governance.read, teams.read/write, users.read,
 * usage.read, virtual_keys.read/write, scoped to the Analytics team).
 */
const EXPECTED: Record<string, string> = {
  // Route handlers
  "GET /.well-known/warden-audit-key": "public", // public
  "GET /scim/v2/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "POST /scim/v2/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "PUT /scim/v2/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "PATCH /scim/v2/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "DELETE /scim/v2/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "GET /v1/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "POST /v1/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "PUT /v1/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "PATCH /v1/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "DELETE /v1/[...path]": "public", // public: answers 404 not_found in its surface's shape
  "GET /api/auth/[...nextauth]": "public", // public
  "POST /api/auth/[...nextauth]": "public", // public
  "GET /api/enterprise/compliance/monitoring": "developer admin", // monitoring.read
  "POST /api/enterprise/compliance/monitoring": "admin", // monitoring.write
  "GET /api/enterprise/dashboard/compliance": "viewer developer admin hannah zoe", // dashboards.read
  "GET /api/health": "public", // public
  "GET /api/ready": "public", // public: readiness, no tenant data
  "GET /metrics": "public", // public to the resolver: its own bearer token (WARDEN_METRICS_TOKEN), 404 when unset
  "POST /scim/v2/Bulk": "scim-token", // scim.write
  "GET /scim/v2/Groups/[id]": "scim-token", // scim.read
  "PUT /scim/v2/Groups/[id]": "scim-token", // scim.write
  "PATCH /scim/v2/Groups/[id]": "scim-token", // scim.write
  "DELETE /scim/v2/Groups/[id]": "scim-token", // scim.write
  "GET /scim/v2/Groups": "scim-token", // scim.read
  "POST /scim/v2/Groups": "scim-token", // scim.write
  "GET /scim/v2/ResourceTypes/[id]": "scim-token", // scim.read
  "GET /scim/v2/ResourceTypes": "scim-token", // scim.read
  "GET /scim/v2/Schemas/[id]": "scim-token", // scim.read
  "GET /scim/v2/Schemas": "scim-token", // scim.read
  "GET /scim/v2/ServiceProviderConfig": "scim-token", // scim.read
  "GET /scim/v2/Users/[id]": "scim-token", // scim.read
  "PUT /scim/v2/Users/[id]": "scim-token", // scim.write
  "PATCH /scim/v2/Users/[id]": "scim-token", // scim.write
  "DELETE /scim/v2/Users/[id]": "scim-token", // scim.write
  "GET /scim/v2/Users": "scim-token", // scim.read
  "POST /scim/v2/Users": "scim-token", // scim.write
  "POST /v1/alerts/[id]/acknowledge": "admin", // monitoring.write
  "PATCH /v1/alerts/[id]": "admin", // monitoring.write
  "POST /v1/alerts/[id]/resolve": "admin", // monitoring.write
  "GET /v1/alerts": "developer admin", // monitoring.read
  "POST /v1/approvals/[id]/approve": "admin", // monitoring.write
  "POST /v1/approvals/[id]/reject": "admin", // monitoring.write
  "GET /v1/approvals": "developer admin", // monitoring.read
  "GET /v1/audit/[id]": "admin hannah", // audit.read
  "GET /v1/audit/export": "admin hannah", // audit.export
  "POST /v1/audit/export/verify": "admin hannah", // audit.read
  "GET /v1/audit/public-key": "public", // public
  "GET /v1/audit": "admin hannah", // audit.read
  "GET /v1/audit/verify": "admin", // audit.verify
  "GET /v1/audit/streams": "admin hannah", // audit.read
  "POST /v1/audit/streams": "admin", // audit.manage
  "GET /v1/audit/streams/[id]": "admin hannah", // audit.read
  "PATCH /v1/audit/streams/[id]": "admin", // audit.manage
  "DELETE /v1/audit/streams/[id]": "admin", // audit.manage
  "POST /v1/audit/streams/[id]/test": "admin", // audit.manage
  "POST /v1/audit/streams/[id]/backfill": "admin", // audit.manage
  "GET /v1/auth/debug": "any", // authenticated
  "POST /v1/auth/keys/[id]/rotate": "developer admin", // api_keys.write
  "DELETE /v1/auth/keys/[id]": "developer admin", // api_keys.write
  "GET /v1/auth/keys": "developer admin", // api_keys.read
  "POST /v1/auth/keys": "developer admin", // api_keys.write
  "GET /v1/auth/me": "any", // authenticated
  "GET /v1/auth/mfa-policy": "admin", // identity.read
  "PATCH /v1/auth/mfa-policy": "admin", // identity.write
  "GET /v1/auth/session-policy": "admin", // identity.read
  "PATCH /v1/auth/session-policy": "admin", // identity.write
  "GET /v1/network-rules": "admin", // network.manage
  "PUT /v1/network-rules": "admin", // network.manage
  "GET /v1/support-access": "admin", // support.manage
  "POST /v1/support-access": "admin", // support.manage (a made-up operator is 404, an empty body 400)
  "DELETE /v1/support-access/[id]": "admin", // support.manage (a made-up id is 404)
  "GET /v1/platform/support-access": "operator", // platform.operate
  "POST /v1/platform/support-access/[id]/enter": "operator", // platform.operate (a made-up id is 404)
  "POST /v1/platform/support-access/leave": "operator", // platform.operate
  "GET /v1/sessions": "any", // authenticated: one's own sessions
  "DELETE /v1/sessions/[id]": "any", // authenticated: one's own session (a made-up id is 404)
  "GET /v1/users/[id]/sessions": "admin", // users.write
  "POST /v1/users/[id]/sessions/revoke": "admin", // users.write
  "GET /v1/auth/policy": "any", // authenticated
  "POST /v1/auth/saml/[tenant]/acs": "public", // public
  "GET /v1/auth/saml/[tenant]/login": "public", // public
  "GET /v1/auth/saml/[tenant]/metadata": "public", // public
  "POST /v1/chat/completions": "developer admin", // gateway.use (the gateway authenticates its caller itself)
  "GET /v1/compliance/dashboard": "viewer developer admin hannah zoe", // dashboards.read
  "GET /v1/compliance/dashboard/version": "viewer developer admin hannah zoe", // dashboards.read
  "GET /v1/compliance/frameworks": "viewer developer admin hannah zoe", // dashboards.read
  "PUT /v1/compliance/frameworks": "admin", // settings.write
  "GET /v1/compliance/monitoring": "developer admin", // monitoring.read
  "POST /v1/compliance/monitoring": "admin", // monitoring.write
  "GET /v1/customers/[id]": "developer admin", // customers.read
  "PATCH /v1/customers/[id]": "admin", // customers.write
  "DELETE /v1/customers/[id]": "admin", // customers.write
  "GET /v1/customers": "developer admin", // customers.read
  "POST /v1/customers": "admin", // customers.write
  "GET /v1/identity/providers/[id]": "admin", // identity.read
  "PATCH /v1/identity/providers/[id]": "admin", // identity.write
  "DELETE /v1/identity/providers/[id]": "admin", // identity.write
  "POST /v1/identity/providers/[id]/test": "admin", // identity.write
  "GET /v1/identity/providers": "admin", // identity.read
  "POST /v1/identity/providers": "admin", // identity.write
  "GET /v1/monitoring/channels": "developer admin", // monitoring.read
  "PUT /v1/monitoring/channels": "admin", // monitoring.write
  "POST /v1/monitoring/deliveries/[id]/retry": "admin", // monitoring.write
  "GET /v1/monitoring/deliveries": "developer admin", // monitoring.read
  "POST /v1/monitoring/evaluate": "admin", // monitoring.write
  "GET /v1/monitoring/version": "developer admin", // monitoring.read
  "PUT /v1/monitoring/rules/[id]": "admin", // monitoring.write
  "DELETE /v1/monitoring/rules/[id]": "admin", // monitoring.write
  "GET /v1/monitoring/rules": "developer admin", // monitoring.read
  "POST /v1/monitoring/rules": "admin", // monitoring.write
  "GET /v1/openapi.json": "public", // public: the generated OpenAPI document
  "GET /v1/privacy/consents": "admin", // privacy.read
  "POST /v1/privacy/consents": "admin", // privacy.write
  "GET /v1/platform/log": "operator", // platform.operate
  "DELETE /v1/platform/operators/[id]": "operator", // platform.operate
  "GET /v1/platform/operators": "operator", // platform.operate
  "POST /v1/platform/operators": "operator", // platform.operate
  "GET /v1/platform/tenants/[id]/certificate": "operator", // platform.operate
  "POST /v1/platform/tenants/[id]/delete/cancel": "operator", // platform.operate
  "POST /v1/platform/tenants/[id]/delete": "operator", // platform.operate
  "GET /v1/platform/tenants/[id]/export": "operator", // platform.operate
  "POST /v1/platform/tenants/[id]/resume": "operator", // platform.operate
  "POST /v1/platform/tenants/[id]/suspend": "operator", // platform.operate
  "GET /v1/platform/tenants": "operator", // platform.operate
  "POST /v1/platform/tenants": "operator", // platform.operate
  "GET /v1/privacy/policies/[id]": "admin", // privacy.read
  "PATCH /v1/privacy/policies/[id]": "admin", // privacy.write
  "DELETE /v1/privacy/policies/[id]": "admin", // privacy.write
  "GET /v1/privacy/policies": "admin", // privacy.read
  "PUT /v1/privacy/policies": "admin", // privacy.write
  "POST /v1/privacy/requests/[id]/approve": "admin", // privacy.write
  "POST /v1/privacy/requests/[id]/complete": "admin", // privacy.write
  "GET /v1/privacy/requests/[id]/export": "admin", // privacy.write
  "POST /v1/privacy/requests/[id]/reject": "admin", // privacy.write
  "GET /v1/privacy/requests/[id]": "admin", // privacy.read
  "GET /v1/privacy/requests": "admin", // privacy.read
  "POST /v1/privacy/requests": "admin", // privacy.write
  "GET /v1/privacy/retention": "admin", // privacy.read
  "PUT /v1/privacy/retention": "admin", // privacy.write
  "POST /v1/privacy/retention/run": "admin", // privacy.write
  "GET /v1/limits/[owner_type]/[owner_id]": "developer admin zoe", // governance.read
  "PUT /v1/limits/[owner_type]/[owner_id]": "admin", // governance.write
  "GET /v1/providers/[id]": "developer admin zoe", // governance.read
  "PATCH /v1/providers/[id]": "admin", // governance.write
  "DELETE /v1/providers/[id]": "admin", // governance.write
  "GET /v1/providers": "developer admin zoe", // governance.read
  "POST /v1/providers": "admin", // governance.write
  "GET /v1/reports/[id]/download": "viewer developer admin hannah zoe", // reports.read
  "GET /v1/reports/[id]": "viewer developer admin hannah zoe", // reports.read
  "POST /v1/reports/[id]/start": "admin hannah", // reports.create
  "POST /v1/reports/preview": "admin hannah", // reports.create
  "GET /v1/reports": "viewer developer admin hannah zoe", // reports.read
  "POST /v1/reports": "admin hannah", // reports.create
  "GET /v1/reports/schema": "viewer developer admin hannah zoe", // reports.read
  "GET /v1/reports/schedules": "viewer developer admin hannah zoe", // reports.read
  "POST /v1/reports/schedules": "admin hannah", // reports.create
  "GET /v1/reports/schedules/[id]": "viewer developer admin hannah zoe", // reports.read
  "PATCH /v1/reports/schedules/[id]": "admin hannah", // reports.create
  "DELETE /v1/reports/schedules/[id]": "admin hannah", // reports.create
  "GET /v1/roles/[id]": "admin hannah", // roles.read
  "PATCH /v1/roles/[id]": "admin", // roles.write
  "DELETE /v1/roles/[id]": "admin", // roles.write
  "GET /v1/roles": "admin hannah", // roles.read
  "POST /v1/roles": "admin", // roles.write
  "GET /v1/scim/events": "admin", // scim.read
  "GET /v1/scim/settings": "admin", // scim.read
  "PATCH /v1/scim/settings": "admin", // scim.write
  "POST /v1/scim/tokens/[id]/rotate": "admin", // scim.write
  "DELETE /v1/scim/tokens/[id]": "admin", // scim.write
  "GET /v1/scim/tokens": "admin", // scim.read
  "POST /v1/scim/tokens": "admin", // scim.write
  "GET /v1/teams/[id]": "developer admin zoe", // teams.read
  "PATCH /v1/teams/[id]": "admin zoe", // teams.write
  "DELETE /v1/teams/[id]": "admin zoe", // teams.write
  "GET /v1/teams": "developer admin zoe", // teams.read
  "POST /v1/teams": "admin zoe", // teams.write
  "GET /v1/usage": "developer admin zoe", // usage.read
  "GET /v1/users/[id]": "admin hannah zoe", // users.read
  "PATCH /v1/users/[id]": "admin", // users.write
  "GET /v1/users": "admin hannah zoe", // users.read
  "POST /v1/users": "admin", // users.write
  "POST /v1/virtual-keys/[id]/rotate": "developer admin zoe", // virtual_keys.write
  "GET /v1/virtual-keys/[id]": "developer admin zoe", // virtual_keys.read
  "PATCH /v1/virtual-keys/[id]": "developer admin zoe", // virtual_keys.write
  "DELETE /v1/virtual-keys/[id]": "developer admin zoe", // virtual_keys.write
  "GET /v1/virtual-keys": "developer admin zoe", // virtual_keys.read
  "POST /v1/virtual-keys": "developer admin zoe", // virtual_keys.write
  "GET /v1/virtual-keys/self/quota": "virtual-key", // authenticated, and only a virtual key's own quota
  // Server actions
  "(console)/governance/actions.ts#ownerDetailsAction": "developer admin zoe", // governance.read
  "(console)/governance/actions.ts#searchOwnersAction": "developer admin zoe", // governance.read
  "(console)/monitoring/actions.ts#validateConditionAction": "developer admin", // monitoring.read
  "(console)/settings/access-debug/actions.ts#explainAction": "any", // authenticated
  "(platform)/platform/actions.ts#signOutOperatorAction": "operator", // platform.operate
  "actions/sign-out.ts#signOutAction": "any", // authenticated
  "signin/actions.ts#continueWithSso": "public", // public
  "signin/actions.ts#continueAsOperator": "public", // public: starts the platform IdP's sign-in
  "signin/break-glass/actions.ts#breakGlassSignInAction": "public", // public: the emergency sign-in (ADR 0039), refused unless two admins' codes match
  "(console)/settings/break-glass/actions.ts#setBreakGlassAction": "admin", // break_glass.manage
  "(console)/settings/break-glass/actions.ts#issueBreakGlassCodeAction": "admin", // break_glass.manage (409 while break-glass is off)
  "invite/actions.ts#acceptInvitationAction": "public", // public: a first-admin invitation token (ADR 0038)
  // Console pages
  "page /audit": "admin hannah", // audit.read
  "page /governance/budgets": "developer admin zoe", // governance.read
  "page /governance/customers": "developer admin", // customers.read
  "page /governance": "developer admin zoe", // governance.read
  "page /governance/providers": "developer admin zoe", // governance.read
  "page /governance/teams": "developer admin zoe", // teams.read
  "page /governance/users": "admin hannah zoe", // users.read
  "page /governance/virtual-keys": "developer admin zoe", // virtual_keys.read
  "page /monitoring": "developer admin", // monitoring.read
  "page /": "viewer developer admin hannah zoe", // dashboards.read
  "page /privacy": "admin", // privacy.read
  "page /reports": "viewer developer admin hannah zoe", // reports.read
  "page /settings/access-debug": "any", // authenticated
  "page /settings/sessions": "any", // authenticated: one's own sessions
  "page /settings/network": "admin", // network.manage
  "page /settings/support-access": "admin", // support.manage
  "page /settings/break-glass": "admin", // break_glass.manage
  "page /settings/api": "any", // authenticated: the reference of a public document, no tenant data
  "page /settings/api-keys": "developer admin", // api_keys.read
  "page /settings/identity": "admin", // identity.read
  "page /settings/roles": "admin hannah", // roles.read
  "page /settings/scim": "admin", // scim.read
  "page /settings/audit-streaming": "admin hannah", // audit.read
  "page /platform": "operator", // platform.operate
};

type Outcome = "success" | 401 | 403 | number;

function expected(name: string, who: Who): Outcome | undefined {
  const rule = EXPECTED[name];
  if (rule === undefined) return undefined;
  if (rule === "public") return "success";
  if (who === "anonymous" || rule === "scim-token") return 401;
  if (rule === "virtual-key" || rule === "operator") return 403;
  if (rule === "any") return "success";
  return rule.split(" ").includes(who) ? "success" : 403;
}

// The gateway's own 403s (a provider or model it does not serve) come after the caller was admitted.
const ADMITTED_403 = new Set(["provider_blocked", "model_blocked"]);

function outcome(status: number, type?: string): Outcome {
  if (status === 401 || (status === 403 && !ADMITTED_403.has(type ?? ""))) return status;
  return status < 500 ? "success" : status;
}

let t: TestDatabase;
const callers: Record<Who, Caller | null> = { anonymous: null } as Record<Who, Caller | null>;
type Entry = { name: string; method: string; urlPath: string; handler: DeclaredHandler };
const routes: Entry[] = [];
const actions: { name: string; fn: (raw: never) => Promise<ActionResult<unknown>> }[] = [];
const pages: { name: string; Page: DeclaredPage }[] = [];

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  callers.viewer = await signedIn(t.db, "acme", "carol.johnson@acme.test");
  callers.developer = await signedIn(t.db, "acme", "bob.martinez@acme.test");
  callers.admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
  callers.hannah = await signedIn(t.db, "acme", "hannah.schmidt@acme.test");
  callers.zoe = await signedIn(t.db, "globex", "zoe.adams@globex.test");
  for (const file of routeFiles(APP)) {
    const mod = (await import(file)) as Record<string, DeclaredHandler>;
    for (const m of HTTP_METHODS)
      if (mod[m]?.declaration)
        routes.push({
          name: `${m} ${routePath(APP, file)}`,
          method: m,
          urlPath: routePath(APP, file),
          handler: mod[m],
        });
  }
  for (const file of serverActionFiles(APP)) {
    const mod = (await import(file)) as Record<string, (raw: never) => Promise<ActionResult<unknown>>>;
    for (const [name, fn] of Object.entries(mod)) {
      if ((fn as unknown as { declaration?: unknown }).declaration)
        actions.push({ name: `${path.relative(APP, file)}#${name}`, fn });
    }
  }
  for (const file of consolePageFiles(APP)) {
    const mod = (await import(file)) as { default: DeclaredPage };
    if (pageDeclared(mod)) pages.push({ name: `page ${routePath(APP, file)}`, Page: mod.default });
  }
}, 300_000);

afterAll(async () => {
  await t?.drop();
});

const GATEWAY_REQUEST = {
  model: "matrix-provider/no-such-model",
  messages: [{ role: "user", content: "hello" }],
  max_tokens: 1,
};

function requestFor(e: Entry): { req: Request; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const url = e.urlPath.replace(
    /\[(?:\.\.\.)?(\w+)\]/g,
    (_, k: string) => ((params[k] = `${k}_does_not_exist`), params[k]),
  );
  const hasBody = ["POST", "PUT", "PATCH"].includes(e.method);
  // The gateway reads the request before it admits the caller, so it gets a well-formed one (for a
  // model no provider serves: nothing goes upstream); every other entry gets an empty JSON body.
  const body = e.name === "POST /v1/chat/completions" ? JSON.stringify(GATEWAY_REQUEST) : "{}";
  const req = new Request(`http://warden.test${url}`, {
    method: e.method,
    ...(hasBody ? { body, headers: { "content-type": "application/json" } } : {}),
  });
  return { req, params };
}

async function pageOutcome(Page: DeclaredPage, who: Caller | null): Promise<Outcome | string> {
  try {
    const out: ReactNode = await renderPage(Page, who);
    return isValidElement(out) && out.type === Refused ? 403 : "success";
  } catch (e) {
    if (isRedirectError(e)) return 401;
    return `threw ${(e as Error).message}`;
  }
}

describe(`RBAC matrix (${TEST_DB_KIND})`, () => {
  it("every exported route handler, server action and console page under app/ is declared", async () => {
    const missing: string[] = [];
    for (const file of routeFiles(APP))
      for (const m of undeclaredHandlers(await import(file))) missing.push(`${m} ${routePath(APP, file)}`);
    for (const file of serverActionFiles(APP))
      for (const a of undeclaredActions(await import(file))) missing.push(`${path.relative(APP, file)}#${a}`);
    for (const file of consolePageFiles(APP))
      if (!pageDeclared(await import(file))) missing.push(`page ${routePath(APP, file)}`);
    expect(missing).toEqual([]);
  });

  it("the table names every declared entry, and nothing that does not exist", () => {
    const found = [...routes, ...actions, ...pages].map((e) => e.name).sort();
    expect(found.filter((n) => !(n in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((n) => !found.includes(n))).toEqual([]);
    expect(pages.length).toBe(24);
  });

  it("the registry check flags an undeclared handler, action or page, and the wrappers deny them", async () => {
    const undeclared = route({} as never, async () => ({ leaked: true }));
    const plain = async () => new Response("ok");
    expect(
      undeclaredHandlers({ GET: undeclared, POST: plain, PATCH: route({ permission: "roles.read" }, async () => 1) }),
    ).toEqual(["GET", "POST"]);
    expect(undeclaredActions({ doThing: plain })).toEqual(["doThing"]);
    // "public" is only declared through publicAction(): action() never skips authentication.
    const sneaky = action({ permission: "public", input: z.object({}) }, async () => "leaked");
    expect(undeclaredActions({ sneaky })).toEqual(["sneaky"]);
    expect(await runAction(sneaky, null, {})).toMatchObject({ ok: false, error: { type: "authentication_required" } });
    expect(await runAction(sneaky, callers.admin, {})).toMatchObject({
      ok: false,
      error: { type: "user_not_authorized" },
    });
    expect(
      await runAction(
        publicAction({ input: z.object({}) }, async () => "hello"),
        null,
        {},
      ),
    ).toEqual({ ok: true, data: "hello" });
    const res = await callAs(undeclared, callers.admin, new Request("http://warden.test/x"));
    expect(res.status).toBe(403);
    // A page without a permission is undeclared too, and refuses even an admin.
    const bare = page({} as never, async () => "leaked");
    expect(pageDeclared({ default: bare })).toBe(false);
    expect(pageDeclared({ default: async () => "plain component" })).toBe(false);
    expect(await pageOutcome(bare, callers.admin)).toBe(403);
  });

  it("a page's refusal is audited like a route's, and renders the page's own view", async () => {
    const acme = callers.admin!.tenantId;
    const before = await auditCount(t.db, acme, "privilege_escalation_attempt");
    const refusing = page({ permission: "audit.read", refused: () => "the page's own refusal" }, async () => {
      throw new AuditedRefusal("user_not_authorized", "no", {
        action: "privilege_escalation_attempt",
        outcome: "denied",
        actor: { kind: "user", subject: callers.admin!.userId },
      });
    });
    const out = await renderPage(refusing, callers.admin);
    expect(isValidElement(out) && out.type === Refused).toBe(true);
    expect(isValidElement<{ children: ReactNode }>(out) && out.props.children).toBe("the page's own refusal");
    expect(await auditCount(t.db, acme, "privilege_escalation_attempt")).toBe(before + 1);
  });

  it("every route answers each caller as the table says", async () => {
    const mismatches: string[] = [];
    for (const e of routes) {
      for (const who of ["anonymous", ...ROLES] as Who[]) {
        const { req, params } = requestFor(e);
        const res = await callAs(e.handler, callers[who], req, params);
        const text = await res.text();
        const type = /"type":"(\w+)"/.exec(text)?.[1];
        const got = outcome(res.status, type);
        const want = expected(e.name, who);
        if (got !== want) mismatches.push(`${e.name} as ${who}: want ${want}, got ${res.status} ${text.slice(0, 200)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(120);
  }, 180_000);

  it("every server action answers each caller as the table says", async () => {
    const mismatches: string[] = [];
    for (const a of actions) {
      for (const who of ["anonymous", ...ROLES] as Who[]) {
        const r = await runAction(a.fn, callers[who], {}).catch((e: unknown) => {
          if (isRedirectError(e)) return { ok: true as const, data: "redirect" };
          throw e;
        });
        const got = r.ok
          ? "success"
          : r.error.type === "authentication_required"
            ? 401
            : r.error.type === "user_not_authorized"
              ? 403
              : r.error.type === "internal_error"
                ? 500
                : "success";
        const want = expected(a.name, who);
        if (got !== want) mismatches.push(`${a.name} as ${who}: want ${want}, got ${JSON.stringify(r)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("every console page renders, refuses or sends to sign-in for each caller as the table says", async () => {
    const mismatches: string[] = [];
    for (const p of pages) {
      for (const who of ["anonymous", ...ROLES] as Who[]) {
        const got = await pageOutcome(p.Page, callers[who]);
        const want = expected(p.name, who);
        if (got !== want) mismatches.push(`${p.name} as ${who}: want ${want}, got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
