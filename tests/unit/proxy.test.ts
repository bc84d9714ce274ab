// Every page and route gets a request id and trace context from proxy.ts, passed to the app
// and returned to the client; a sane incoming id and traceparent are honoured.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

describe("proxy.ts request ids", () => {
  it("assigns an id to a page request and forwards it to the app", () => {
    const res = proxy(new NextRequest("http://127.0.0.1/settings/api-keys"));
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(res.headers.get("x-middleware-request-x-request-id")).toBe(id);
    expect(res.headers.get("traceparent")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it("leaves traceparent on the response to route handlers, which answer with their own span", () => {
    const res = proxy(new NextRequest("http://127.0.0.1/v1/auth/me"));
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(res.headers.get("traceparent")).toBeNull();
    expect(res.headers.get("x-middleware-request-traceparent")).toMatch(/^00-/);
  });

  it("honours an incoming x-request-id and traceparent", () => {
    const res = proxy(
      new NextRequest("http://127.0.0.1/", {
        headers: {
          "x-request-id": "ingress-123456",
          traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        },
      }),
    );
    expect(res.headers.get("x-request-id")).toBe("ingress-123456");
    expect(res.headers.get("traceparent")).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(res.headers.get("x-middleware-request-traceparent")).toBe(res.headers.get("traceparent"));
  });
});
