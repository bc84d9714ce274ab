// The console's typed /v1 client: what it sends (same origin, never cached, the typed path and body)
// and the one ApiError every failure becomes.
import { describe, expect, it } from "vitest";
import { ApiError, createApiClient, must, UNREACHABLE } from "@/lib/api/client";

const BASE = "http://warden.test";

function fake(answer: (req: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const api = createApiClient({
    baseUrl: BASE,
    fetch: async (req) => {
      seen.push(req.clone());
      return answer(req);
    },
  });
  return { api, seen };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("the /v1 client", () => {
  it("sends the typed path, parameters and JSON body on the same origin, never cached", async () => {
    const { api, seen } = fake(() => json({ ok: true }));
    await api.PATCH("/v1/alerts/{id}", {
      params: { path: { id: "al 1" } },
      body: { status: "acknowledged", note: "on it" },
    });
    const req = seen[0];
    expect(req.method).toBe("PATCH");
    expect(req.url).toBe(`${BASE}/v1/alerts/al%201`);
    expect(req.cache).toBe("no-store");
    expect(req.credentials).toBe("same-origin");
    expect(req.headers.get("content-type")).toBe("application/json");
    expect(req.headers.get("accept")).toBe("application/json");
    expect(await req.json()).toEqual({ status: "acknowledged", note: "on it" });
  });

  it("must() answers the success body", async () => {
    const { api } = fake(() => json({ id: "tok_1", token: "wscim_secret" }, 201));
    const out = await must(api.POST("/v1/scim/tokens", { body: { name: "Okta" } }));
    expect(out).toEqual({ id: "tok_1", token: "wscim_secret" });
  });

  it("turns an error body into one ApiError: message, field issues and the request id", async () => {
    const { api } = fake(() =>
      json(
        {
          error: {
            type: "invalid_request",
            message: "The request is invalid",
            request_id: "req_42",
            issues: [
              { path: "condition", message: "Unknown metric" },
              { path: "name", message: "Required" },
            ],
          },
        },
        400,
      ),
    );
    const err = await api
      .POST("/v1/monitoring/rules", {
        body: { name: "", type: "usage", condition: "x", action: "notify_manager", severity: "low" },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      type: "invalid_request",
      requestId: "req_42",
      issues: [
        { path: "condition", message: "Unknown metric" },
        { path: "name", message: "Required" },
      ],
    });
    expect((err as ApiError).message).toBe(
      "The request is invalid: condition Unknown metric; name Required (request req_42)",
    );
  });

  it("reads a refusal without issues, and a body that is not Warden's, the same way", async () => {
    const refused = fake(() =>
      json({ error: { type: "user_not_authorized", message: "You need monitoring.write", request_id: "req_7" } }, 403),
    );
    await expect(refused.api.DELETE("/v1/monitoring/rules/{id}", { params: { path: { id: "r1" } } })).rejects.toThrow(
      new ApiError(403, { type: "user_not_authorized", message: "You need monitoring.write", request_id: "req_7" }),
    );
    await expect(must(refused.api.GET("/v1/audit/verify"))).rejects.toMatchObject({
      message: "You need monitoring.write (request req_7)",
      type: "user_not_authorized",
    });

    const proxy = fake(
      () => new Response("<html>Bad gateway</html>", { status: 502, headers: { "x-request-id": "req_px" } }),
    );
    await expect(proxy.api.GET("/v1/audit/verify")).rejects.toMatchObject({
      status: 502,
      type: "internal_error",
      message: "Request failed (HTTP 502) (request req_px)",
    });
  });

  it("answers a conditional GET's 304 as unchanged (no error, no data); must() still refuses it", async () => {
    const { api, seen } = fake(() => new Response(null, { status: 304, headers: { etag: '"d.a1"' } }));
    const out = await api.GET("/v1/compliance/dashboard/version", { headers: { "if-none-match": '"d.a1"' } });
    expect(seen[0].headers.get("if-none-match")).toBe('"d.a1"');
    expect(out.response.status).toBe(304);
    expect(out.data).toBeUndefined();
    await expect(
      must(api.GET("/v1/monitoring/version", { headers: { "if-none-match": '"m.a1"' } })),
    ).rejects.toMatchObject({ status: 304 });
  });

  it("turns no answer at all into an ApiError saying Warden could not be reached", async () => {
    const { api } = fake(() => Promise.reject(new TypeError("Failed to fetch")));
    const err = await api.GET("/v1/audit/verify").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 0, type: "network_error", message: UNREACHABLE });
  });
});
