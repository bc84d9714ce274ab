// 405 with Allow for a known path and a method it does not serve, 404 for an unknown path, in the
// error shape of the surface; and the table proxy.ts reads is exactly what app/ exports.
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { HTTP_METHODS, routeFiles, routePath } from "@/lib/http/registry";
import { matchRoute, methodNotAllowed } from "@/lib/http/method-guard";
import { ROUTE_TABLE } from "@/lib/http/route-table";
import { proxy } from "@/proxy";

const APP = path.resolve("app");

describe("route table", () => {
  it("lists every /v1 and /scim/v2 route with exactly the methods it exports", async () => {
    const actual: Record<string, string[]> = {};
    for (const file of routeFiles(APP)) {
      const p = routePath(APP, file);
      if (!/^\/(v1|scim\/v2)(\/|$)/.test(p) || p.includes("[...")) continue;
      const mod = (await import(file)) as Record<string, unknown>;
      actual[p] = HTTP_METHODS.filter((m) => typeof mod[m] === "function");
    }
    const printed = Object.entries(actual)
      .map(([p, ms]) => `  "${p}": [${ms.map((m) => `"${m}"`).join(", ")}],`)
      .join("\n");
    expect(ROUTE_TABLE, `lib/http/route-table.ts is stale; its entries should be:\n${printed}\n`).toEqual(actual);
  }, 120_000);

  it("prefers a static segment over a dynamic one, as Next does", () => {
    expect(matchRoute("/v1/reports/preview")?.pattern).toBe("/v1/reports/preview");
    expect(matchRoute("/v1/reports/rep_123")?.pattern).toBe("/v1/reports/[id]");
    expect(matchRoute("/v1/nothing/here")).toBeNull();
  });
});

describe("405 method_not_allowed from proxy.ts", () => {
  const call = (method: string, p: string) => proxy(new NextRequest(`http://127.0.0.1${p}`, { method }));

  for (const [method, p, allow] of [
    ["DELETE", "/v1/audit/export/verify", "POST, OPTIONS"],
    ["PUT", "/v1/roles", "GET, POST, HEAD, OPTIONS"],
    ["POST", "/v1/auth/me", "GET, HEAD, OPTIONS"],
    ["PATCH", "/v1/privacy/requests/req_1/complete", "POST, OPTIONS"],
  ] as const) {
    it(`${method} ${p} answers 405 with Allow: ${allow}`, async () => {
      const res = await call(method, p);
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      const body = await res.json();
      expect(body).toEqual({
        error: {
          type: "method_not_allowed",
          message: expect.stringContaining(method),
          request_id: expect.stringMatching(/^req_/),
        },
      });
    });
  }

  it("answers SCIM's error schema under /scim/v2", async () => {
    const res = await call("DELETE", "/scim/v2/Users");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(res.headers.get("content-type")).toBe("application/scim+json");
    expect(await res.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "405" });
  });

  it("lets supported methods and unknown paths through to the app", () => {
    expect(methodNotAllowed("/v1/roles", "GET", "req_x")).toBeNull();
    expect(methodNotAllowed("/v1/roles", "HEAD", "req_x")).toBeNull();
    expect(methodNotAllowed("/v1/no-such-thing", "POST", "req_x")).toBeNull();
  });
});
