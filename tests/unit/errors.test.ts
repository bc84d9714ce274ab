import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toErrorBody, WardenError } from "@/lib/errors";

describe("error shape", () => {
  it("maps a WardenError to its status and type", () => {
    const r = toErrorBody(new WardenError("rate_limited", "Slow down", { headers: { "Retry-After": "3" } }), "req_1");
    expect(r).toEqual({
      status: 429,
      headers: { "Retry-After": "3" },
      body: { error: { type: "rate_limited", message: "Slow down", request_id: "req_1" } },
    });
  });

  it("maps a zod error to 400 invalid_request with field issues", () => {
    const parsed = z.object({ name: z.string().min(1) }).safeParse({ name: "" });
    const r = toErrorBody(parsed.error, "req_2");
    expect(r.status).toBe(400);
    expect(r.body.error.type).toBe("invalid_request");
    expect(r.body.error.issues).toEqual([{ path: "name", message: expect.any(String) }]);
  });

  it("never leaks the message of an unknown error", () => {
    const r = toErrorBody(new Error("password=hunter2 at db.internal"), "req_3");
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.body)).not.toContain("hunter2");
    expect(r.body.error).toEqual({
      type: "internal_error",
      message: "An internal error occurred",
      request_id: "req_3",
    });
  });
});
