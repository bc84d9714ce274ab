// The OpenAPI document (lib/api/openapi.json, served at GET /v1/openapi.json) is generated from the
// route declarations: the committed files must equal a fresh generation, the document must describe
// exactly the routes app/ serves, and the route serves it with an ETag.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { collectOperations } from "@/lib/api/openapi";
import { ERROR_STATUS } from "@/lib/errors";
import { HTTP_METHODS, routeFiles, routePath } from "@/lib/http/registry";
import type { DeclaredHandler } from "@/lib/http/route";
import { OPENAPI_DTS, OPENAPI_JSON, renderArtifacts } from "@/scripts/lib/api-artifacts";

const APP = path.resolve("app");
type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; security: unknown[]; "x-required-permission": string; responses: Record<string, unknown> }
    >
  >;
  components: {
    schemas: Record<string, { properties?: { error?: { properties?: { type?: { enum?: string[] } } } } }>;
    securitySchemes: Record<string, unknown>;
  };
};
const committed = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
const doc = JSON.parse(committed(OPENAPI_JSON)) as Doc;

/** The first line where two texts differ, for a failure message a person can act on. */
function firstDifference(want: string, got: string): string {
  const a = want.split("\n");
  const b = got.split("\n");
  const i = a.findIndex((line, k) => line !== b[k]);
  const at = i < 0 ? Math.min(a.length, b.length) : i;
  return `line ${at + 1}: generated ${JSON.stringify(a[at] ?? "<end>")}, committed ${JSON.stringify(b[at] ?? "<end>")}`;
}

/** The routes the API document covers, written here: /v1 (not its catch-all), the /api/enterprise aliases, /api/health, /api/ready. */
function documented(p: string): boolean {
  return (
    (p.startsWith("/v1/") && !p.includes("[...")) ||
    p.startsWith("/api/enterprise/") ||
    p === "/api/health" ||
    p === "/api/ready"
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("OpenAPI document", () => {
  it("lib/api/openapi.json and lib/api/v1.d.ts are what the route declarations generate (offline)", async () => {
    // Generation must not reach the network: openapi-typescript gets the document as an object.
    vi.stubGlobal("fetch", () => Promise.reject(new Error("api:generate must work offline")));
    const { json, dts } = await renderArtifacts(APP);
    for (const [file, fresh] of [
      [OPENAPI_JSON, json],
      [OPENAPI_DTS, dts],
    ] as const) {
      const text = committed(file);
      if (text !== fresh)
        expect.fail(
          `${file} is stale: run npm run api:generate and commit the result (${firstDifference(fresh, text)})`,
        );
    }
  }, 120_000);

  it("describes every documented route and exported method, and nothing app/ does not serve", async () => {
    const served = new Set<string>();
    for (const file of routeFiles(APP)) {
      const p = routePath(APP, file);
      if (!documented(p)) continue;
      const mod = (await import(file)) as Record<string, DeclaredHandler | undefined>;
      for (const m of HTTP_METHODS)
        if (typeof mod[m] === "function") served.add(`${m} ${p.replace(/\[(\w+)\]/g, "{$1}")}`);
    }
    const described = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    expect(
      [...served].filter((op) => !described.has(op)),
      "served but missing from lib/api/openapi.json",
    ).toEqual([]);
    expect(
      [...described].filter((op) => !served.has(op)),
      "described but not served",
    ).toEqual([]);
    expect(served.size).toBeGreaterThanOrEqual(100);
    expect(described.has("GET /v1/openapi.json")).toBe(true);
    expect([...described].some((op) => op.includes("[...") || op.includes("/scim/v2"))).toBe(false);
  }, 120_000);

  it("names each operation once, states its permission and security, and lists every error type", () => {
    const ops = Object.entries(doc.paths).flatMap(([p, m]) =>
      Object.entries(m).map(([method, op]) => ({ name: `${method.toUpperCase()} ${p}`, ...op })),
    );
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.openapi).toBe("3.1.0");
    const byName = Object.fromEntries(ops.map((o) => [o.name, o]));
    expect(byName["GET /v1/customers"]).toMatchObject({
      operationId: "getCustomers",
      "x-required-permission": "customers.read",
    });
    expect(byName["PATCH /v1/customers/{id}"]).toMatchObject({
      operationId: "patchCustomer",
      "x-required-permission": "customers.write",
    });
    expect(byName["DELETE /v1/virtual-keys/{id}"].operationId).toBe("deleteVirtualKey");
    expect(byName["GET /v1/openapi.json"]).toMatchObject({ "x-required-permission": "public", security: [] });
    expect(byName["GET /v1/customers"].security).toEqual([{ apiKey: [] }, { session: [] }, { oidcBearer: [] }]);
    expect(byName["GET /v1/virtual-keys/self/quota"].security).toEqual([{ virtualKey: [] }]);
    expect(byName["POST /v1/chat/completions"].security).toContainEqual({ virtualKey: [] });
    expect(Object.keys(byName["GET /v1/customers"].responses)).toEqual(
      expect.arrayContaining(["200", "401", "403", "500"]),
    );
    expect(Object.keys(byName["GET /v1/openapi.json"].responses)).not.toContain("401");
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      "apiKey",
      "oidcBearer",
      "session",
      "virtualKey",
    ]);
    expect(doc.components.schemas.Error.properties?.error?.properties?.type?.enum?.slice().sort()).toEqual(
      Object.keys(ERROR_STATUS).sort(),
    );
  });
});

describe("route examples", () => {
  it("every declared example is accepted by its own declaration (query, body, path params)", async () => {
    const wrong: string[] = [];
    for (const { route, method, declaration: d } of await collectOperations(APP)) {
      const ex = d.example;
      if (!ex) continue;
      const name = `${method} ${route}`;
      const params = [...route.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
      for (const k of Object.keys(ex.params ?? {}))
        if (!params.includes(k)) wrong.push(`${name}: example.params.${k} is not a path parameter`);
      if (ex.query && !d.query) wrong.push(`${name}: example.query without a declared query`);
      if (ex.body !== undefined && !d.body) wrong.push(`${name}: example.body without a declared body`);
      const q = ex.query && d.query?.safeParse(ex.query);
      if (q && !q.success)
        wrong.push(
          `${name}: example.query is refused: ${q.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
        );
      const b = ex.body !== undefined && d.body?.safeParse(ex.body);
      if (b && !b.success)
        wrong.push(
          `${name}: example.body is refused: ${b.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
        );
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe("GET /v1/openapi.json", () => {
  it("serves the committed document with an ETag, and 304 when it is unchanged", async () => {
    const { GET } = await import("@/app/v1/openapi.json/route");
    const ctx = { params: Promise.resolve({}) };
    const res = await GET(new Request("http://warden.test/v1/openapi.json"), ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(await res.json()).toEqual(doc);
    const again = await GET(
      new Request("http://warden.test/v1/openapi.json", { headers: { "if-none-match": `W/${etag}, "other"` } }),
      ctx,
    );
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    const changed = await GET(
      new Request("http://warden.test/v1/openapi.json", { headers: { "if-none-match": '"stale"' } }),
      ctx,
    );
    expect(changed.status).toBe(200);
  });
});
