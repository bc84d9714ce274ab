// The OpenAPI 3.1 document of Warden's HTTP API, built from the route declarations and never
// written by hand (ADR 0020). Every route module under app/v1 (the catch-all excepted), the
// /api/enterprise aliases, /api/health and /api/ready is imported through the registry; each exported method's
// declaration (lib/http/route.ts RouteDeclaration) gives the operation: permission, summary,
// query, body, response, status, errors and example. Schemas come from zod 4's own JSON Schema
// output: request schemas as the handler accepts them (io "input"), responses as they are sent
// (io "output"). `npm run api:generate` writes the result to lib/api/openapi.json (served at
// GET /v1/openapi.json) and lib/api/v1.d.ts; a drift test keeps both equal to this module's output.
import "server-only";
import path from "node:path";
import { z } from "zod";
import { ERROR_STATUS, type ErrorType } from "@/lib/errors";
import { HTTP_METHODS, routeFiles, routePath } from "@/lib/http/registry";
import type { AnyDeclaration, RawResponse } from "@/lib/http/route";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };
export type Method = (typeof HTTP_METHODS)[number];

/** The document's own version: bump it when the API changes in a way clients must notice. */
export const API_VERSION = "1.0.0";

/** Which route paths the document describes: the /v1 API and the /api aliases of the same handlers. */
export function documentedPath(p: string): boolean {
  if (p.includes("[...")) return false;
  return /^\/v1(\/|$)/.test(p) || /^\/api\/enterprise\//.test(p) || p === "/api/health" || p === "/api/ready";
}

export interface RouteOperation {
  /** The route's pattern as in app/: /v1/customers/[id]. */
  route: string;
  method: Method;
  declaration: AnyDeclaration;
}

/** Every documented route and exported, declared method under appDir, sorted by path then method. */
export async function collectOperations(appDir: string): Promise<RouteOperation[]> {
  const out: RouteOperation[] = [];
  for (const file of routeFiles(appDir)) {
    const route = routePath(appDir, file);
    if (!documentedPath(route)) continue;
    const mod = (await import(/* webpackIgnore: true */ file)) as Record<
      string,
      { declaration?: AnyDeclaration } | undefined
    >;
    for (const method of HTTP_METHODS) {
      const declaration = mod[method]?.declaration;
      if (!declaration) {
        if (mod[method]) throw new Error(`${method} ${route} exports a handler without a declaration`);
        continue;
      }
      out.push({ route, method, declaration });
    }
  }
  return out.sort(
    (a, b) =>
      cmp(openApiPath(a.route), openApiPath(b.route)) ||
      HTTP_METHODS.indexOf(a.method) - HTTP_METHODS.indexOf(b.method),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** /v1/customers/[id] -> /v1/customers/{id} */
export function openApiPath(route: string): string {
  return route.replace(/\[(\w+)\]/g, "{$1}");
}

function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

function singular(s: string): string {
  if (/ies$/.test(s)) return s.slice(0, -3) + "y";
  if (/[^s]s$/.test(s)) return s.slice(0, -1);
  return s;
}

/** The part of a route after its surface prefix (/v1, /api): the segments operation ids and tags use. */
function segmentsOf(route: string): string[] {
  const parts = route.split("/").filter(Boolean);
  return parts[0] === "v1" || parts[0] === "api" ? parts.slice(1) : parts;
}

/**
 * A stable operation id from method and path: GET /v1/customers -> getCustomers,
 * DELETE /v1/customers/{id} -> deleteCustomer (a segment followed by a path parameter is singular).
 */
function baseOperationId(route: string, method: Method): string {
  const segs = segmentsOf(route);
  const words: string[] = [];
  segs.forEach((s, i) => {
    if (/^\[\w+\]$/.test(s)) return;
    words.push(/^\[\w+\]$/.test(segs[i + 1] ?? "") ? singular(s) : s);
  });
  return method.toLowerCase() + pascal(words.join("-"));
}

function tagOf(route: string): string {
  return (segmentsOf(route)[0] ?? "root").replace(/\.json$/, "");
}

function isRaw(r: unknown): r is RawResponse {
  return typeof r === "object" && r !== null && !("_zod" in r) && typeof (r as RawResponse).contentType === "string";
}

/** JSON Schema of a zod schema as OpenAPI 3.1 embeds it; its $defs move to components.schemas. */
class SchemaSink {
  readonly components = new Map<string, JsonObject>();

  embed(schema: z.ZodType, io: "input" | "output", owner: string): JsonObject {
    const raw = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonObject;
    const { $schema: _dialect, $defs, ...rest } = raw;
    void _dialect;
    const renames = new Map<string, string>();
    const defs = ($defs ?? {}) as Record<string, JsonObject>;
    for (const name of Object.keys(defs).sort()) {
      // Named schemas (.meta({ id })) keep their name (as accepted: <name>Input, since defaults and
      // closed objects differ between the two); zod's generated names (__schema0) get the owner's.
      const wanted = name.startsWith("__") ? `${owner}${pascal(name)}` : io === "input" ? `${name}Input` : name;
      renames.set(name, wanted);
    }
    const rewrite = (v: Json): Json => {
      if (Array.isArray(v)) return v.map(rewrite);
      if (v && typeof v === "object") {
        const o: JsonObject = {};
        for (const [k, val] of Object.entries(v)) {
          if (k === "$ref" && typeof val === "string" && val.startsWith("#/$defs/")) {
            const target = renames.get(val.slice("#/$defs/".length)) ?? val.slice("#/$defs/".length);
            o[k] = `#/components/schemas/${target}`;
          } else o[k] = rewrite(val);
        }
        return o;
      }
      return v;
    };
    for (const [name, def] of Object.entries(defs)) {
      const target = renames.get(name)!;
      const body = rewrite(def) as JsonObject;
      const existing = this.components.get(target);
      if (existing && JSON.stringify(existing) !== JSON.stringify(body)) {
        throw new Error(`Two different schemas are both named "${target}" (.meta({ id })); give one another id`);
      }
      this.components.set(target, body);
    }
    return rewrite(rest) as JsonObject;
  }
}

const ERROR_TYPES = Object.keys(ERROR_STATUS).sort() as ErrorType[];

function errorSchema(): JsonObject {
  return {
    type: "object",
    description:
      "Every failure outside SCIM: { error: { type, message, request_id } } with the status its type implies.",
    properties: {
      error: {
        type: "object",
        properties: {
          type: { type: "string", enum: ERROR_TYPES, description: "What went wrong; the HTTP status follows from it." },
          message: { type: "string", description: "A human-readable explanation; never contains secrets." },
          request_id: {
            type: "string",
            description: "The x-request-id of the request, for support and the audit trail.",
          },
          issues: {
            type: "array",
            description: "For invalid_request: which fields were wrong.",
            items: {
              type: "object",
              properties: { path: { type: "string" }, message: { type: "string" } },
              required: ["path", "message"],
              additionalProperties: false,
            },
          },
        },
        required: ["type", "message", "request_id"],
        additionalProperties: false,
      },
    },
    required: ["error"],
    additionalProperties: false,
  };
}

const SECURITY_SCHEMES: JsonObject = {
  apiKey: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "wdn_…",
    description:
      "A control-plane API key (Settings → API keys or POST /v1/auth/keys): `Authorization: Bearer wdn_…`. It acts with its creator's current permissions, narrowed by its role and scopes.",
  },
  oidcBearer: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "An access token from the tenant's OpenID Connect provider, for a user of the tenant: `Authorization: Bearer <JWT>`.",
  },
  session: {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description:
      "The console's session cookie (`__Secure-authjs.session-token` when served over https). Writes must also carry Warden's Origin.",
  },
  virtualKey: {
    type: "apiKey",
    in: "header",
    name: "x-bf-vk",
    description: "A gateway virtual key (Governance → Virtual keys).",
  },
};

const PERSON: Json[] = [{ apiKey: [] }, { session: [] }, { oidcBearer: [] }];

function securityOf(d: AnyDeclaration): Json[] {
  if (d.permission === "public" && !d.authenticatesWith) return [];
  if (d.actorKind === "virtual_key") return [{ virtualKey: [] }];
  if (d.surface === "gateway" || d.authenticatesWith === "gateway") return [{ virtualKey: [] }, ...PERSON];
  // The platform area takes a platform operator's session cookie only (ADR 0032).
  if (d.surface === "platform") return [{ session: [] }];
  return PERSON;
}

function accessText(d: AnyDeclaration): string {
  if (d.actorKind === "virtual_key")
    return "Authenticated by the virtual key itself (`x-bf-vk`); other callers get 403.";
  if (d.permission === "public") {
    if (d.authenticatesWith === "gateway")
      return "Authenticates its caller itself: a virtual key (`x-bf-vk`), or a person's credential holding `gateway.use`.";
    return d.authenticatesWith ? "Authenticates its caller itself." : "Public: no credentials.";
  }
  if (d.permission === "authenticated") return "Any authenticated caller.";
  if (d.permission === "platform.operate")
    return "Platform operators only (their session, signed in with a second factor); every tenant credential gets 403.";
  return `Requires the \`${d.permission}\` permission.`;
}

function authenticated(d: AnyDeclaration): boolean {
  return d.permission !== "public" || Boolean(d.authenticatesWith);
}

/** Error types an operation can answer: the pipeline's own plus the declared ones, by status. */
function errorTypesOf(op: RouteOperation): Map<number, ErrorType[]> {
  const d = op.declaration;
  const types = new Set<ErrorType>(["internal_error"]);
  if (d.query || d.body) types.add("invalid_request");
  if (d.body) {
    types.add("unsupported_media_type");
    types.add("payload_too_large");
  }
  if (authenticated(d)) {
    types.add("authentication_required");
    types.add("invalid_credentials");
    if (d.permission !== "authenticated" || d.actorKind) types.add("user_not_authorized");
    // The one resolver refuses every credential of a suspended tenant; the platform area wants MFA.
    types.add(d.surface === "platform" ? "mfa_required" : "tenant_suspended");
    if (
      op.method !== "GET" &&
      op.method !== "HEAD" &&
      securityOf(d).some((s) => s && typeof s === "object" && "session" in s)
    )
      types.add("cross_origin_request");
  }
  if (securityOf(d).some((s) => s && typeof s === "object" && "virtualKey" in s)) types.add("virtual_key_not_found");
  for (const t of d.errors ?? []) types.add(t);
  const byStatus = new Map<number, ErrorType[]>();
  for (const t of [...types].sort()) byStatus.set(ERROR_STATUS[t], [...(byStatus.get(ERROR_STATUS[t]) ?? []), t]);
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

function errorResponse(types: ErrorType[]): JsonObject {
  return {
    description: types.map((t) => `\`${t}\``).join(", "),
    content: {
      "application/json": {
        schema: {
          allOf: [
            { $ref: "#/components/schemas/Error" },
            { type: "object", properties: { error: { type: "object", properties: { type: { enum: types } } } } },
          ],
        },
      },
    },
  };
}

function successResponse(op: RouteOperation, sink: SchemaSink, opId: string): [number, JsonObject] {
  const d = op.declaration;
  const status = d.status ?? 200;
  const r = d.response;
  if (isRaw(r)) {
    const out: JsonObject = { description: r.description };
    if (status >= 300 && status < 400)
      out.headers = { location: { description: "Where to go next", schema: { type: "string" } } };
    else
      out.content = {
        [r.contentType]: { schema: r.contentType.startsWith("application/json") ? {} : { type: "string" } },
      };
    return [status, out];
  }
  if (r)
    return [
      status,
      {
        description: r.description ?? "Success",
        content: { "application/json": { schema: sink.embed(r, "output", `${pascal(opId)}Response`) } },
      },
    ];
  return [status, { description: status === 204 ? "No content" : "Success (no response schema declared yet)" }];
}

function parametersOf(op: RouteOperation, sink: SchemaSink, opId: string): JsonObject[] {
  const d = op.declaration;
  const params: JsonObject[] = [];
  for (const m of op.route.matchAll(/\[(\w+)\]/g)) {
    const name = m[1];
    const p: JsonObject = { name, in: "path", required: true, schema: { type: "string" } };
    const ex = d.example?.params?.[name];
    if (ex !== undefined) p.example = ex;
    params.push(p);
  }
  if (d.query) {
    const s = sink.embed(d.query, "input", `${pascal(opId)}Query`);
    const props = s.properties as Record<string, JsonObject> | undefined;
    if (s.type !== "object" || !props) throw new Error(`${op.method} ${op.route}: query must be a z.object`);
    const required = new Set((s.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(props)) {
      const { description, ...rest } = schema;
      const p: JsonObject = { name, in: "query", required: required.has(name), schema: rest };
      if (typeof description === "string") p.description = description;
      const ex = d.example?.query?.[name];
      if (ex !== undefined) p.example = ex;
      params.push(p);
    }
  }
  return params;
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: JsonObject;
  servers: Json[];
  tags: Json[];
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject>; securitySchemes: JsonObject };
}

/** The document for these operations (collectOperations), with every key order fixed. */
export function buildDocument(ops: RouteOperation[]): OpenApiDocument {
  const sink = new SchemaSink();
  const paths: Record<string, Record<string, JsonObject>> = {};
  const usedIds = new Set<string>();
  const tags = new Set<string>();
  for (const op of ops) {
    const d = op.declaration;
    let opId = baseOperationId(op.route, op.method);
    // GET /v1/audit and GET /v1/audit/{id} both read "getAudit": the one with parameters says so.
    if (usedIds.has(opId)) {
      const params = [...op.route.matchAll(/\[(\w+)\]/g)].map((m) => pascal(m[1]));
      opId = `${opId}By${params.join("And") || "Path"}`;
    }
    if (usedIds.has(opId)) throw new Error(`Duplicate operationId ${opId} (${op.method} ${op.route})`);
    usedIds.add(opId);
    const tag = tagOf(op.route);
    tags.add(tag);
    const operation: JsonObject = { operationId: opId, tags: [tag] };
    operation.summary = d.summary ?? `${op.method} ${openApiPath(op.route)}`;
    operation.description = [d.description, accessText(d)].filter(Boolean).join("\n\n");
    const parameters = parametersOf(op, sink, opId);
    if (parameters.length) operation.parameters = parameters;
    // A route that reads its own body (the gateway) may show an example without a schema: any JSON.
    if (d.body || d.example?.body !== undefined) {
      const media: JsonObject = { schema: d.body ? sink.embed(d.body, "input", `${pascal(opId)}Body`) : {} };
      if (d.example?.body !== undefined) media.example = d.example.body as Json;
      operation.requestBody = { required: !d.bodyOptional, content: { "application/json": media } };
    }
    const [status, success] = successResponse(op, sink, opId);
    const responses: JsonObject = { [String(status)]: success };
    for (const [s, types] of errorTypesOf(op)) responses[String(s)] = errorResponse(types);
    operation.responses = responses;
    operation.security = securityOf(d);
    operation["x-required-permission"] = d.permission;
    if (d.actorKind) operation["x-actor-kind"] = d.actorKind;
    const p = openApiPath(op.route);
    (paths[p] ??= {})[op.method.toLowerCase()] = operation;
  }
  const schemas: Record<string, JsonObject> = { Error: errorSchema() };
  for (const name of [...sink.components.keys()].sort()) {
    if (name === "Error") throw new Error(`A route schema is named "Error", which the error shape owns`);
    schemas[name] = sink.components.get(name)!;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Warden API",
      version: API_VERSION,
      description:
        'Warden\'s control-plane API (/v1) and its governed gateway (POST /v1/chat/completions). Generated from the route declarations (npm run api:generate); `x-required-permission` names the permission each operation checks ("public": none, "authenticated": any caller). Every failure answers the Error schema.',
    },
    servers: [{ url: "/", description: "This Warden deployment" }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths: Object.fromEntries(
      Object.keys(paths)
        .sort()
        .map((k) => [k, paths[k]]),
    ),
    components: { schemas, securitySchemes: SECURITY_SCHEMES },
  };
}

/** The whole document from the route modules under appDir (default: this checkout's app/). */
export async function generateOpenApi(appDir = path.resolve("app")): Promise<OpenApiDocument> {
  return buildDocument(await collectOperations(appDir));
}
