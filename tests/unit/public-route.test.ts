// A public route whose handler answers a response with immutable headers (Response.redirect,
// Auth.js error redirects) still answers it, with the request id, instead of a 500.
import { describe, expect, it } from "vitest";
import { publicRoute } from "@/lib/http/route";

describe("publicRoute", () => {
  it("passes a redirect with immutable headers through, stamped with the request id", async () => {
    const handler = publicRoute(async () => Response.redirect("http://127.0.0.1/signin?error=Configuration", 302));
    const res = await handler(
      new Request("http://127.0.0.1/api/auth/signin/nope", { headers: { "x-request-id": "req_fixed123" } }),
      {
        params: Promise.resolve({}),
      },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://127.0.0.1/signin?error=Configuration");
    expect(res.headers.get("x-request-id")).toBe("req_fixed123");
    expect(res.headers.get("traceparent")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  });
});
