// Callers for server tests, made the way a user becomes one: a seeded person gets a real signed
// session cookie (issueSessionCookie, as Auth.js and the SAML flow write it, its session record
// started by the same function every sign-in uses) and the request
// carries it in a Cookie header. Route handlers, server actions and pages then build the Actor
// with the one resolver (lib/auth/resolver.ts); nothing here assembles an Actor.
import type { ReactNode } from "react";
import type { Actor } from "@/lib/auth/actor";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { resolveActor } from "@/lib/auth/resolver";
import { issueSessionCookie, type SessionOrigin } from "@/lib/auth/sso/session-cookie";
import type { Database } from "@/lib/db/runtime";
import { setDbForTests } from "@/lib/db";
import type { ActionResult } from "@/lib/http/action";
import type { DeclaredPage, SearchParams } from "@/lib/http/page";
import { requestIds } from "@/lib/http/request-context";
import { inRequestScope } from "@/lib/http/request-scope";
import type { DeclaredHandler } from "@/lib/http/route";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, type TestDatabase, tenantIdBySlug } from "./test-db";

export interface Caller {
  email: string;
  userId: string;
  tenantId: string;
  tenantSlug: string;
  /** The credential headers a browser (Cookie) or a script (Authorization) would send. */
  credentials: Record<string, string>;
  /** The Actor the one resolver builds from these credentials, for assertions and library calls. */
  actor(): Promise<Actor>;
}

/** Makes the process-wide getDb() (used inside route handlers) answer with the test database. */
export function pointProcessDbAt(db: Database): void {
  (globalThis as unknown as { __wardenDb?: Promise<Database> }).__wardenDb = Promise.resolve(db);
}

function caller(who: Omit<Caller, "actor">): Caller {
  return {
    ...who,
    actor: () => {
      const headers = new Headers(who.credentials);
      return resolveActor({ headers, ids: requestIds(headers), surface: "api" });
    },
  };
}

async function person(db: Database, tenantSlug: string, email: string) {
  const tenant = { id: await tenantIdBySlug(db, tenantSlug) };
  const user = await withTenant(tenant.id, (tx) => tx.user.findFirstOrThrow({ where: { email } }), { db });
  return { tenant, user };
}

/** Where a test's sign-in comes from, for its session record (a documentation address, a test browser). */
export const TEST_SESSION_ORIGIN = {
  method: "oidc",
  providerId: null,
  providerName: "Test IdP",
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36 Vitest",
} as const;

/** A seeded person signed in to the console: a real signed session cookie (MFA done) and its session record. */
export async function signedIn(
  db: Database,
  tenantSlug: string,
  email: string,
  origin: Partial<SessionOrigin> = {},
): Promise<Caller & { sessionId: string }> {
  const { tenant, user } = await person(db, tenantSlug, email);
  const cookie = await issueSessionCookie(user.id, tenant.id, true, { ...TEST_SESSION_ORIGIN, ...origin }, { db });
  return {
    ...caller({
      email,
      userId: user.id,
      tenantId: tenant.id,
      tenantSlug,
      credentials: { cookie: `${cookie.name}=${cookie.value}` },
    }),
    sessionId: cookie.sid,
  };
}

/** A real control-plane API key created by a seeded person (role and optional narrowing scopes). */
export async function withApiKey(
  db: Database,
  tenantSlug: string,
  email: string,
  key: { role: string; scopes?: string[] },
): Promise<Caller> {
  const { tenant, user } = await person(db, tenantSlug, email);
  const minted = await withTenant(
    tenant.id,
    (tx) =>
      mintApiKey(tx, {
        tenantId: tenant.id,
        ...key,
        ttlSeconds: 3600,
        name: `test key of ${email}`,
        createdBy: { kind: "user", subject: user.id },
        source: "api",
      }),
    { db },
  );
  return caller({
    email,
    userId: user.id,
    tenantId: tenant.id,
    tenantSlug,
    credentials: { authorization: `Bearer ${minted.secret}` },
  });
}

/** The headers of a same-origin browser request from this caller (none for an anonymous one). */
function browserHeaders(who: Caller | null, url: string, base?: HeadersInit): Headers {
  const h = new Headers(base);
  for (const [k, v] of Object.entries(who?.credentials ?? {})) h.set(k, v);
  h.set("host", new URL(url).host);
  h.set("origin", new URL(url).origin);
  h.set("sec-fetch-site", "same-origin");
  return h;
}

/** Sends a real Request through a route handler as this caller (credentials added to its headers). */
export async function callAs(
  handler: DeclaredHandler,
  who: Caller | null,
  req: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  const sent = new Request(req, { headers: browserHeaders(who, req.url, req.headers) });
  return handler(sent, { params: Promise.resolve(params) });
}

const CONSOLE = "http://127.0.0.1";

/** callAs with the Request built from its parts: method, path on the console's origin, a JSON body if any. */
export function requestAs(
  handler: DeclaredHandler,
  who: Caller | null,
  method: string,
  path: string,
  body?: unknown,
  params: Record<string, string> = {},
): Promise<Response> {
  const payload =
    body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } };
  return callAs(handler, who, new Request(`${CONSOLE}${path}`, { method, ...payload }), params);
}

/** A GET on the console's origin with request headers of its own (If-None-Match and the like), through callAs. */
export function getAs(
  handler: DeclaredHandler,
  who: Caller | null,
  path: string,
  headers: Record<string, string> = {},
  params: Record<string, string> = {},
): Promise<Response> {
  return callAs(handler, who, new Request(`${CONSOLE}${path}`, { headers }), params);
}

/** A route's status and its JSON body (null for 204 No Content). */
export async function statusAndJson(r: Response) {
  return { status: r.status, body: r.status === 204 ? null : await r.json() };
}

/** Runs a server action as this caller: the action reads the request's Cookie through the request scope. */
export function runAction<T>(
  fn: (raw: never) => Promise<ActionResult<T>>,
  who: Caller | null,
  input: unknown,
): Promise<ActionResult<T>> {
  return inRequestScope(browserHeaders(who, CONSOLE), () => fn(input as never));
}

/** Renders a console page's server component as this caller (a GET: no Origin header). */
export function renderPage(
  Page: DeclaredPage,
  who: Caller | null,
  opts: { searchParams?: SearchParams; params?: Record<string, string> } = {},
): Promise<ReactNode> {
  const h = new Headers(who?.credentials ?? {});
  return inRequestScope(h, () =>
    Page({ searchParams: Promise.resolve(opts.searchParams ?? {}), params: Promise.resolve(opts.params ?? {}) }),
  );
}

/**
 * A fresh test database with the seeded demo, made the process database (route handlers and
 * server actions use it), and the demo's Acme viewer, developer and admin and Globex's admin, signed in.
 */
export async function openSeededConsole(): Promise<{
  t: TestDatabase;
  viewer: Caller;
  developer: Caller;
  admin: Caller;
  otherAdmin: Caller;
}> {
  const t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  return {
    t,
    viewer: await signedIn(t.db, "acme", "carol.johnson@acme.test"),
    developer: await signedIn(t.db, "acme", "bob.martinez@acme.test"),
    admin: await signedIn(t.db, "acme", "alice.chen@acme.test"),
    otherAdmin: await signedIn(t.db, "globex", "hank.scorpio@globex.test"),
  };
}
