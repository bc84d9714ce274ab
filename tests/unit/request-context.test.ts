import { describe, expect, it } from "vitest";
import { requestIds } from "@/lib/http/request-context";

describe("request ids", () => {
  it("keeps a sane incoming x-request-id and honours a W3C traceparent", () => {
    const ids = requestIds(
      new Headers({
        "x-request-id": "abc-12345678",
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      }),
    );
    expect(ids.requestId).toBe("abc-12345678");
    expect(ids.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(ids.spanId).not.toBe("00f067aa0ba902b7");
    expect(ids.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  });

  it("replaces a hostile request id and an invalid traceparent", () => {
    const ids = requestIds(
      new Headers({
        "x-request-id": "<script>alert(1)</script>",
        traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      }),
    );
    expect(ids.requestId).toMatch(/^req_[0-9a-f]{24}$/);
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.traceId).not.toBe("0".repeat(32));
  });
});
