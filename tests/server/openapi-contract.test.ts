// The OpenAPI document (lib/api/openapi.json) against the running code: every operation it
// describes is called on the seeded demo with real credentials -- an Acme admin's minted API key,
// a real virtual key for the gateway routes, nothing for public ones -- and its declared example,
// and each answer is validated with ajv (JSON Schema 2020-12, formats) against the document:
// the success schema for the declared success status, the Error schema for a 401 without
// credentials and for a 404 on an unknown id where the operation declares not_found.
// Path ids come from the seeded tenant (the first row of the collection) or, for calls that
// consume their row (DELETE, rotate, approve...), from a throwaway row created first.
// Tests are named "METHOD /path", so `-t "/v1/customers"` runs one resource.
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { purgeTenant } from "@/lib/platform/erasure";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import document from "@/lib/api/openapi.json";
import { settled } from "@/lib/gateway/core";
import { reportSettled } from "@/lib/reports/service";
import type { DeclaredHandler } from "@/lib/http/route";
import { startUpstream, type FixtureUpstream } from "../fixtures/upstream";
import { issueOperatorSessionCookie } from "@/lib/auth/sso/session-cookie";
import { completePlatformSignIn } from "@/lib/platform/operators";
import { callAs, pointProcessDbAt, signedIn, withApiKey, type Caller } from "../helpers/callers";
import { allowOutbound } from "../helpers/outbound";
import { b64, buildResponse, opensslKeyPair, signAssertion, type KeyPair } from "../helpers/saml-idp";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const APP = path.resolve("app");
const BASE = "http://warden.test";

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  name: string;
  op: {
    responses: Record<string, { content?: Record<string, unknown> }>;
    security: Json[];
    requestBody?: { content: { "application/json": { example?: unknown } } };
    parameters?: { name: string; in: string; example?: unknown }[];
  };
}

const doc = document as unknown as { paths: Record<string, Record<string, Operation["op"]>> };
const OPERATIONS: Operation[] = Object.entries(doc.paths).flatMap(([p, ops]) =>
  Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path: p, name: `${m.toUpperCase()} ${p}`, op })),
);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document as object, "openapi");

const pointer = (...parts: string[]) => parts.map((s) => s.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** Validates a JSON body against one response of one operation in the document; returns the errors. */
function invalid(o: Operation, status: string, body: unknown): string | null {
  const ref = `openapi#/${pointer("paths", o.path, o.method.toLowerCase(), "responses", status, "content", "application/json", "schema")}`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  if (validate(body)) return null;
  const lines = (validate.errors ?? []).map((e) => {
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    return `${e.instancePath || "(body)"} ${e.message}${extra ? `: "${extra}"` : ""}`;
  });
  return [...new Set(lines)].join("\n  ");
}

function successStatus(o: Operation): string {
  return Object.keys(o.op.responses).find((s) => Number(s) < 400)!;
}

/** The success response has a schema (or a non-JSON content type), or it is 204/3xx with no body. */
function declaresResponse(o: Operation): boolean {
  const s = successStatus(o);
  return Boolean(o.op.responses[s].content) || s === "204" || s.startsWith("3");
}

function authenticated(o: Operation): boolean {
  return o.op.security.length > 0;
}

const handlers = new Map<string, DeclaredHandler>();
async function handlerOf(o: Operation): Promise<DeclaredHandler> {
  const route = o.path.replace(/\{(\w+)\}/g, "[$1]");
  const file = path.join(APP, route, "route.ts");
  const key = `${o.method} ${file}`;
  if (!handlers.has(key)) handlers.set(key, ((await import(file)) as Record<string, DeclaredHandler>)[o.method]);
  return handlers.get(key)!;
}

let t: TestDatabase;
let up: FixtureUpstream;
let admin: Caller; // alice.chen, Acme admin, by a minted API key
let secondAdmin: Caller; // rahul.mehta, the other Acme admin (approvals need two)
let virtualKey: Caller; // a real gateway virtual key of alice's
let operator: Caller; // a platform operator's session (ADR 0032), for /v1/platform
const platform = (o: Operation) => o.path.startsWith("/v1/platform");
let samlIdp: KeyPair;

interface Sent {
  status: number;
  headers: Headers;
  type: string;
  text: string;
  json: () => unknown;
}

async function send(
  o: Operation,
  who: Caller | null,
  opts: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; raw?: RequestInit } = {},
): Promise<Sent> {
  const params = opts.params ?? {};
  const url = new URL(BASE + o.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? "")));
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const init: RequestInit =
    opts.raw ??
    (opts.body !== undefined
      ? { body: JSON.stringify(opts.body), headers: { "content-type": "application/json" } }
      : {});
  const res = await callAs(await handlerOf(o), who, new Request(url, { method: o.method, ...init }), params);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    type: res.headers.get("content-type") ?? "",
    text,
    json: () => JSON.parse(text),
  };
}

const byName = (name: string) => OPERATIONS.find((o) => o.name === name) ?? fail(`${name} is not in the document`);
function fail(message: string): never {
  throw new Error(message);
}

/** The declared example with real ids of the seeded tenant in place of the ones it names. */
async function realExample(
  o: Operation,
): Promise<{ params: Record<string, string>; query: Record<string, string>; body: unknown }> {
  const ex = declaredExample(o);
  return { params: ex.params, query: await withRealIds(ex.query), body: await withRealIds(ex.body) };
}

/** The declared example of an operation: path params, query and body. */
function declaredExample(o: Operation): {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
} {
  const params: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of o.op.parameters ?? []) {
    if (p.example === undefined) continue;
    if (p.in === "path") params[p.name] = String(p.example);
    if (p.in === "query") query[p.name] = String(p.example);
  }
  return { params, query, body: o.op.requestBody?.content["application/json"].example };
}

/**
 * Ids inside an example (a body's user_id, a report filter's teams, a query's team_id) name rows the
 * example's author could not know: each is replaced by a real row of the seeded tenant, by field name.
 */
const ID_FIELDS: Record<string, () => Promise<string>> = {
  user: () => firstId("GET /v1/users", (r) => NOT_ADMIN(r) && r.active !== false),
  team: () => firstId("GET /v1/teams"),
  customer: () => firstId("GET /v1/customers"),
  provider: () => firstId("GET /v1/providers"),
  virtual_key: () => firstId("GET /v1/virtual-keys", (r) => r.name !== CONTRACT_KEY),
  role: () => firstId("GET /v1/roles", (r) => r.builtin !== true && r.built_in !== true),
};
const seededIds = new Map<string, Promise<string>>();
function seededId(kind: string): Promise<string> | null {
  const make = ID_FIELDS[kind];
  if (!make) return null;
  if (!seededIds.has(kind)) seededIds.set(kind, make());
  return seededIds.get(kind)!;
}

/** The kind of row a field names: user_id -> user, teams -> team, scope_id -> the sibling scope. */
function idKind(key: string, parent: Record<string, unknown>): string | null {
  if (key === "scope_id" && typeof parent.scope === "string") return parent.scope;
  const m = /^(?:custom_)?(\w+?)_ids?$/.exec(key) ?? /^(users|teams|customers|providers|virtual_keys)$/.exec(key);
  if (!m) return null;
  return m[1].replace(/s$/, "");
}

async function withRealIds<T>(value: T): Promise<T> {
  if (Array.isArray(value)) return (await Promise.all(value.map((v) => withRealIds(v)))) as T;
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const kind = idKind(k, value as Record<string, unknown>);
    const real = kind ? seededId(kind) : null;
    if (real && typeof v === "string") out[k] = await real;
    else if (real && Array.isArray(v) && v.every((x) => typeof x === "string")) out[k] = v.length ? [await real] : [];
    else out[k] = await withRealIds(v);
  }
  return out as T;
}

/** Calls an operation as the admin with its example and returns the parsed success body. */
async function call(
  name: string,
  over: { params?: Record<string, string>; body?: unknown; who?: Caller; query?: Record<string, string> } = {},
): Promise<Json> {
  const o = byName(name);
  // Only what is not given is taken from the example (a list read for ids passes its own query).
  const ex = declaredExample(o);
  const body = over.body ?? (await withRealIds(ex.body));
  if (o.op.requestBody && body === undefined) throw new Error(`${name} (to prepare a row) declares no example.body`);
  const query = over.query ?? (await withRealIds(ex.query));
  const r = await send(o, over.who ?? admin, { params: over.params ?? ex.params, query, body });
  if (r.status >= 300) throw new Error(`${name} (to prepare a row) answered ${r.status}: ${r.text.slice(0, 300)}`);
  return (r.text ? r.json() : {}) as Json;
}

/** A workflow step on the way to a row (approve, complete): its example body if it has one, else {}. */
function step(name: string, over: { params: Record<string, string>; who?: Caller }): Promise<Json> {
  return call(name, {
    ...over,
    body: declaredExample(byName(name)).body ?? (byName(name).op.requestBody ? {} : undefined),
  });
}

function rows(list: Json): Json[] {
  if (Array.isArray(list)) return list as Json[];
  for (const k of ["data", "items", "rules", "policies", "requests"])
    if (Array.isArray(list[k])) return list[k] as Json[];
  throw new Error(`not a list: ${JSON.stringify(list).slice(0, 200)}`);
}

async function firstId(
  listName: string,
  pick: (row: Json) => boolean = () => true,
  query?: Record<string, string>,
): Promise<string> {
  const row = rows(await call(listName, { query: { limit: "200", ...query } })).find(pick);
  if (!row) throw new Error(`${listName}: no row to use`);
  return String(row.id);
}

async function lastId(listName: string, pick: (row: Json) => boolean): Promise<string> {
  const row = rows(await call(listName, { query: { limit: "200" } }))
    .filter(pick)
    .at(-1);
  if (!row) throw new Error(`${listName}: no row to use`);
  return String(row.id);
}

/** A throwaway row from the collection's create operation with its declared example (name made unique). */
let unique = 0;
async function freshId(createName: string, body?: unknown): Promise<string> {
  const o = byName(createName);
  let b = body ?? (await realExample(o)).body;
  if (b && typeof b === "object" && typeof (b as Json).name === "string")
    b = { ...(b as Json), name: `${(b as Json).name} ${++unique}` };
  if (b === undefined) throw new Error(`a throwaway row needs ${createName} to declare example.body`);
  const out = await call(createName, { body: b });
  const id =
    out.id ??
    (out.data as Json | undefined)?.id ??
    (out.key as Json | undefined)?.id ??
    (out.policy as Json | undefined)?.id;
  if (typeof id !== "string") throw new Error(`${createName} answered no id: ${JSON.stringify(out).slice(0, 300)}`);
  return id;
}

/** A temporary require_approval rule that holds every export, for the calls that need an approval. */
async function withApprovalGate<T>(fn: () => Promise<T>): Promise<T> {
  const rule = await call("POST /v1/monitoring/rules", {
    body: {
      name: `contract export gate ${++unique}`,
      type: "data_access",
      condition: "data_export_size > 1B",
      action: "require_approval",
      severity: "low",
    },
  });
  try {
    return await fn();
  } finally {
    await call("DELETE /v1/monitoring/rules/{id}", { params: { id: String(rule.id) } });
  }
}

const CONTRACT_KEY = "contract-test key";
const NOT_ADMIN = (row: Json) => !["alice.chen@acme.test", "rahul.mehta@acme.test"].includes(String(row.email));

/**
 * Real path parameters per operation, keyed by path. Reads use a seeded row; calls that consume
 * or change the state of their row get a throwaway one, so later calls stay valid.
 */
const RESOLVE: Record<string, (o: Operation) => Promise<Record<string, string>>> = {
  // PATCH resolves the seeded acknowledged alert, so the seeded open one is left for /acknowledge.
  "/v1/alerts/{id}": async () => ({ id: await firstId("GET /v1/alerts", (r) => r.status === "acknowledged") }),
  "/v1/alerts/{id}/acknowledge": async () => ({ id: await lastId("GET /v1/alerts", (r) => r.status === "open") }),
  "/v1/alerts/{id}/resolve": async () => ({ id: await firstId("GET /v1/alerts", (r) => r.status !== "resolved") }),
  "/v1/approvals/{id}/approve": async () => ({ id: await firstId("GET /v1/approvals", (r) => r.status === "pending") }),
  "/v1/approvals/{id}/reject": async () => ({ id: await pendingExportApproval() }),
  "/v1/audit/{id}": async () => ({ id: await firstId("GET /v1/audit") }),
  // The demo seeds no stream: each call gets its own from the declared example.
  "/v1/audit/streams/{id}": async () => ({ id: await freshId("POST /v1/audit/streams") }),
  "/v1/audit/streams/{id}/test": async () => ({ id: await freshId("POST /v1/audit/streams") }),
  "/v1/audit/streams/{id}/backfill": async () => ({ id: await freshId("POST /v1/audit/streams") }),
  "/v1/auth/keys/{id}": async () => ({ id: await freshId("POST /v1/auth/keys") }),
  "/v1/auth/keys/{id}/rotate": async () => ({ id: await freshId("POST /v1/auth/keys") }),
  "/v1/auth/saml/{tenant}/acs": async () => ({ tenant: "acme" }),
  "/v1/auth/saml/{tenant}/login": async () => ({ tenant: "acme" }),
  "/v1/auth/saml/{tenant}/metadata": async () => ({ tenant: "acme" }),
  "/v1/customers/{id}": async (o) => ({
    id: o.method === "DELETE" ? await freshId("POST /v1/customers") : await firstId("GET /v1/customers"),
  }),
  "/v1/identity/providers/{id}": async (o) => ({
    id:
      o.method === "DELETE"
        ? await freshId("POST /v1/identity/providers")
        : await firstId("GET /v1/identity/providers"),
  }),
  "/v1/identity/providers/{id}/test": async () => ({ id: await firstId("GET /v1/identity/providers") }),
  "/v1/limits/{owner_type}/{owner_id}": async () => ({ owner_type: "team", owner_id: await firstId("GET /v1/teams") }),
  "/v1/monitoring/deliveries/{id}/retry": async () => ({
    id: await firstId("GET /v1/monitoring/deliveries", (r) => r.status === "pending" || r.status === "dead"),
  }),
  "/v1/monitoring/rules/{id}": async (o) => ({
    id: o.method === "DELETE" ? await freshId("POST /v1/monitoring/rules") : await firstId("GET /v1/monitoring/rules"),
  }),
  // A throwaway tenant per call: suspending a seeded one would refuse every later call.
  "/v1/platform/tenants/{id}/suspend": async () => ({ id: await freshTenant() }),
  "/v1/platform/tenants/{id}/resume": async () => {
    const id = await freshTenant();
    await call("POST /v1/platform/tenants/{id}/suspend", { who: operator, params: { id } });
    return { id };
  },
  // Support access granted to the calling operator (ADR 0037), or to the example's operator for a revoke.
  "/v1/platform/support-access/{id}/enter": async () => ({
    id: await freshId("POST /v1/support-access", {
      operator_email: "contract.operator@platform.warden.test",
      role: "read_only",
      hours: 1,
      reason: "contract",
    }),
  }),
  "/v1/support-access/{id}": async () => ({ id: await freshId("POST /v1/support-access") }),
  // ADR 0035: a deletion needs a suspended tenant; a certificate, a purged one (grace 0 for this call).
  "/v1/platform/tenants/{id}/delete": async () => {
    const id = await freshTenant();
    await call("POST /v1/platform/tenants/{id}/suspend", { who: operator, params: { id } });
    return { id };
  },
  "/v1/platform/tenants/{id}/delete/cancel": async () => {
    const id = await freshTenant();
    await call("POST /v1/platform/tenants/{id}/suspend", { who: operator, params: { id } });
    await call("POST /v1/platform/tenants/{id}/delete", { who: operator, params: { id } });
    return { id };
  },
  // ADR 0040: an export needs a suspended tenant.
  "/v1/platform/tenants/{id}/export": async () => {
    const id = await freshTenant();
    await call("POST /v1/platform/tenants/{id}/suspend", { who: operator, params: { id } });
    return { id };
  },
  "/v1/platform/tenants/{id}/certificate": async () => {
    const id = await freshTenant();
    await call("POST /v1/platform/tenants/{id}/suspend", { who: operator, params: { id } });
    const grace = process.env.WARDEN_TENANT_DELETE_GRACE_DAYS;
    process.env.WARDEN_TENANT_DELETE_GRACE_DAYS = "0";
    try {
      await call("POST /v1/platform/tenants/{id}/delete", { who: operator, params: { id } });
    } finally {
      if (grace === undefined) delete process.env.WARDEN_TENANT_DELETE_GRACE_DAYS;
      else process.env.WARDEN_TENANT_DELETE_GRACE_DAYS = grace;
    }
    await purgeTenant(id, t.db);
    return { id };
  },
  "/v1/platform/operators/{id}": async () => ({
    id: String(
      (
        await call("POST /v1/platform/operators", {
          who: operator,
          body: { email: `contract-${++unique}@platform.warden.test` },
        })
      ).id,
    ),
  }),
  "/v1/privacy/policies/{id}": async (o) => ({
    id: o.method === "DELETE" ? await freshId("PUT /v1/privacy/policies") : await firstId("GET /v1/privacy/policies"),
  }),
  "/v1/privacy/requests/{id}": async () => ({ id: await firstId("GET /v1/privacy/requests") }),
  "/v1/privacy/requests/{id}/approve": async () => ({ id: await freshId("POST /v1/privacy/requests") }),
  "/v1/privacy/requests/{id}/reject": async () => ({ id: await freshId("POST /v1/privacy/requests") }),
  "/v1/privacy/requests/{id}/complete": async () => ({ id: await approvedAccessRequest() }),
  "/v1/privacy/requests/{id}/export": async () => {
    const id = await approvedAccessRequest();
    await step("POST /v1/privacy/requests/{id}/complete", { params: { id } });
    return { id };
  },
  "/v1/providers/{id}": async (o) => ({
    id: o.method === "DELETE" ? await freshProvider() : await firstId("GET /v1/providers"),
  }),
  "/v1/reports/{id}": async () => ({ id: await firstId("GET /v1/reports", (r) => r.status === "completed") }),
  // The example asks for the format the document declares (PDF): the seeded compliance report.
  "/v1/reports/{id}/download": async () => ({
    id: await firstId("GET /v1/reports", (r) => r.status === "completed" && r.format === "pdf"),
  }),
  "/v1/reports/{id}/start": async () => ({ id: await approvedReport() }),
  "/v1/roles/{id}": async (o) => ({
    id:
      o.method === "DELETE"
        ? await freshId("POST /v1/roles")
        : await firstId("GET /v1/roles", (r) => r.builtin !== true && r.built_in !== true),
  }),
  // A console session of alice's (the key's person) started as every sign-in starts one.
  "/v1/sessions/{id}": async () => ({ id: (await signedIn(t.db, "acme", "alice.chen@acme.test")).sessionId }),
  "/v1/scim/tokens/{id}": async () => ({ id: await freshId("POST /v1/scim/tokens") }),
  "/v1/scim/tokens/{id}/rotate": async () => ({ id: await freshId("POST /v1/scim/tokens") }),
  "/v1/teams/{id}": async (o) => ({
    id: o.method === "DELETE" ? await freshId("POST /v1/teams") : await firstId("GET /v1/teams"),
  }),
  // Not the person example bodies name (ID_FIELDS.user): a PATCH example may deactivate its row.
  "/v1/users/{id}": async () => ({ id: await lastId("GET /v1/users", NOT_ADMIN) }),
  "/v1/virtual-keys/{id}": async (o) => ({
    id:
      o.method === "DELETE"
        ? await freshId("POST /v1/virtual-keys")
        : await firstId("GET /v1/virtual-keys", (r) => r.name !== CONTRACT_KEY),
  }),
  "/v1/virtual-keys/{id}/rotate": async () => ({ id: await freshId("POST /v1/virtual-keys") }),
};

/** A throwaway tenant, created by the platform operator. */
async function freshTenant(): Promise<string> {
  const n = ++unique;
  return String(
    (
      await call("POST /v1/platform/tenants", {
        who: operator,
        body: {
          slug: `contract-${n}`,
          name: `Contract ${n}`,
          domains: [`contract-${n}.test`],
          first_admin_email: `admin@contract-${n}.test`,
        },
      })
    ).id,
  );
}

/** A throwaway provider (its name allows no spaces, so freshId's suffix does not fit). */
async function freshProvider(): Promise<string> {
  const body = {
    ...((await realExample(byName("POST /v1/providers"))).body as Json),
    name: `contract-provider-${++unique}`,
  };
  return String((await call("POST /v1/providers", { body })).id);
}

/** Any other {id}: the first row of its collection (/v1/things/{id}/... -> GET /v1/things). */
async function seededRow(o: Operation): Promise<Record<string, string>> {
  const at = o.path.indexOf("/{id}");
  if (at < 0) return {};
  return { id: await firstId(`GET ${o.path.slice(0, at)}`) };
}

/** The other admin requests an export that the temporary gate holds: a pending approval alice may decide. */
async function pendingExportApproval(): Promise<string> {
  return withApprovalGate(async () => {
    const out = await call("GET /v1/audit/export", { who: secondAdmin, query: { format: "jsonl" } });
    if (typeof out.approval_id !== "string")
      throw new Error(`the export was not held for approval: ${JSON.stringify(out).slice(0, 200)}`);
    return out.approval_id;
  });
}

/** An approved access request about a person who is not an admin (completing it erases nothing). */
async function approvedAccessRequest(): Promise<string> {
  const user = await firstId("GET /v1/users", NOT_ADMIN);
  const id = await freshId("POST /v1/privacy/requests", { kind: "access", user_id: user, note: "contract test" });
  await step("POST /v1/privacy/requests/{id}/approve", { params: { id } });
  return id;
}

/** A report the gate held, approved by the other admin, for its requester (alice) to start. */
async function approvedReport(): Promise<string> {
  const held = await withApprovalGate(() => call("POST /v1/reports"));
  const id = String(held.id);
  const approval = held.approval_id ?? (held.approval as Json | undefined)?.id;
  if (typeof approval !== "string")
    throw new Error(`the report was not held for approval: ${JSON.stringify(held).slice(0, 200)}`);
  await step("POST /v1/approvals/{id}/approve", { who: secondAdmin, params: { id: approval } });
  return id;
}

/** Requests whose body is not JSON: the ACS gets a signed SAML answer to a login it started. */
const REQUEST: Record<string, () => Promise<RequestInit>> = {
  "POST /v1/auth/saml/{tenant}/acs": async () => {
    const start = await send(byName("GET /v1/auth/saml/{tenant}/login"), null, {
      params: { tenant: "acme" },
      query: { purpose: "api" },
    });
    expect(start.status, `the SAML login answered ${start.status}: ${start.text.slice(0, 200)}`).toBe(302);
    const location = new URL(start.headers.get("location")!);
    const requestId = /ID="([^"]+)"/.exec(
      inflateRawSync(Buffer.from(location.searchParams.get("SAMLRequest")!, "base64")).toString("utf8"),
    )![1];
    const sp = { acs: `${BASE}/v1/auth/saml/acme/acs`, entity: `${BASE}/v1/auth/saml/acme/metadata` };
    const xml = signAssertion(
      buildResponse({
        issuer: SAML_IDP,
        destination: sp.acs,
        audience: sp.entity,
        nameId: "ada@acme.test",
        attributes: { groups: ["warden-devs"] },
        inResponseTo: requestId,
      }).xml,
      samlIdp,
    );
    return {
      body: new URLSearchParams({ SAMLResponse: b64(xml), RelayState: location.searchParams.get("RelayState")! }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    };
  },
};
const SAML_IDP = "https://idp.acme.example/saml";

/** Operations that change what later calls see run last, in this order. */
const LAST = ["POST /v1/privacy/retention/run"];
const ORDERED = [...OPERATIONS.filter((o) => !LAST.includes(o.name)), ...LAST.map(byName)];

beforeAll(async () => {
  up = await startUpstream();
  allowOutbound(up.url);
  // The demo's provider answers from the fixture upstream: nothing leaves the machine.
  vi.stubEnv("WARDEN_DEMO_UPSTREAM_URL", up.url);
  vi.stubEnv("AUTH_URL", BASE);
  samlIdp = opensslKeyPair("Acme contract-test IdP");
  vi.stubEnv(
    "WARDEN_SAML_PROVIDERS_JSON",
    JSON.stringify({
      acme: {
        entity_id: SAML_IDP,
        sso_url: "https://idp.acme.example/sso",
        certificate: samlIdp.cert,
        role_mapping: { "warden-devs": "developer" },
      },
    }),
  );
  t = await createTestDatabase({ seeded: true });
  pointProcessDbAt(t.db);
  admin = await withApiKey(t.db, "acme", "alice.chen@acme.test", { role: "admin" });
  secondAdmin = await withApiKey(t.db, "acme", "rahul.mehta@acme.test", { role: "admin" });
  const me = (await call("GET /v1/auth/me")) as Json;
  const userId = String(me.user_id ?? (me.user as Json | undefined)?.id ?? admin.userId);
  const vk = (await call("POST /v1/virtual-keys", {
    body: { name: CONTRACT_KEY, user_id: userId, allowed_providers: ["*"], allowed_models: ["*"] },
  })) as Json;
  virtualKey = { ...admin, credentials: { "x-bf-vk": String(vk.secret) } };
  // The operator signs in as the platform IdP's callback does (a second factor), with the cookie Auth.js writes.
  vi.stubEnv("WARDEN_PLATFORM_OPERATORS", "contract.operator@platform.warden.test");
  const op = await completePlatformSignIn({
    sub: "contract-op",
    email: "contract.operator@platform.warden.test",
    email_verified: true,
    amr: ["pwd", "otp"],
  });
  if (!op.ok) throw new Error(`the operator could not sign in: ${op.reason}`);
  const cookie = await issueOperatorSessionCookie(op.operatorId, true);
  operator = { ...admin, credentials: { cookie: `${cookie.name}=${cookie.value}` } };
  // The operator named by POST /v1/support-access's example (ADR 0037), granted by the contract operator.
  await call("POST /v1/platform/operators", { who: operator, body: { email: "operator@platform.warden.test" } });
}, 300_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await settled(); // the gateway settles usage after answering: let it finish before the database goes

  await up?.close();
  await t?.drop();
});

describe(`OpenAPI contract (${TEST_DB_KIND})`, () => {
  it("every operation declares its success response", () => {
    const missing = OPERATIONS.filter((o) => !declaresResponse(o)).map((o) => o.name);
    if (missing.length)
      expect.fail(`${missing.length} operations declare no \`response\` in their route():\n  ${missing.join("\n  ")}`);
  });

  for (const o of ORDERED) {
    it(o.name, async () => {
      const ex = await realExample(o);
      if (o.op.requestBody && ex.body === undefined && !REQUEST[o.name])
        expect.fail(`${o.name} takes a body but declares no \`example.body\` to send`);
      const params = { ...ex.params, ...(await (RESOLVE[o.path] ?? seededRow)(o)) };
      // Gateway operations are called with the virtual key, every other authenticated one as the admin.
      const who = !authenticated(o)
        ? null
        : o.op.security.some((s) => "virtualKey" in s)
          ? virtualKey
          : platform(o)
            ? operator
            : admin;
      const raw = await REQUEST[o.name]?.();
      const r = await send(o, who, { params, query: ex.query, body: ex.body, raw });
      // A report generates in the background: let it finish before later calls and the teardown.
      const started =
        /^\/v1\/reports(\/\{id\}\/start)?$/.test(o.path) && o.method === "POST" && r.status < 300
          ? (JSON.parse(r.text) as Json).id
          : undefined;
      if (typeof started === "string") await reportSettled(started);
      const want = successStatus(o);
      expect(`${r.status}`, `${o.name} answered ${r.status} instead of ${want}: ${r.text.slice(0, 400)}`).toBe(want);
      const content = o.op.responses[want].content;
      if (!content) return; // no schema declared (counted by the test above), 204 or a redirect
      const [mediaType] = Object.keys(content);
      expect(r.type.split(";")[0].trim(), `${o.name}: content type`).toBe(mediaType.split(";")[0]);
      if (mediaType.startsWith("application/json")) {
        const errors = invalid(o, want, r.json());
        if (errors)
          expect.fail(
            `${o.name}: the answer does not match the document:\n  ${errors}\nanswer: ${r.text.slice(0, 600)}`,
          );
      }
    });
  }

  for (const o of OPERATIONS.filter(authenticated)) {
    it(`${o.name} without credentials answers 401 in the Error shape`, async () => {
      const ex = declaredExample(o);
      const params = Object.fromEntries(
        [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], ex.params[m[1]] ?? "unknown"]),
      );
      const r = await send(o, null, { params, query: ex.query, body: o.op.requestBody ? (ex.body ?? {}) : undefined });
      expect(r.status, r.text.slice(0, 300)).toBe(401);
      expect(invalid(o, "401", r.json())).toBeNull();
    });
  }

  for (const o of OPERATIONS.filter((x) => x.path.includes("{id}") && "404" in x.op.responses)) {
    it(`${o.name} with an unknown id answers 404 in the Error shape`, async () => {
      const ex = await realExample(o);
      const r = await send(o, platform(o) ? operator : admin, {
        params: { ...ex.params, id: "does_not_exist" },
        query: ex.query,
        body: ex.body,
      });
      expect(r.status, r.text.slice(0, 300)).toBe(404);
      expect(invalid(o, "404", r.json())).toBeNull();
    });
  }
});
