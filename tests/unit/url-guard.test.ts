// The outbound URL guard's address table and URL rules (lib/notifications/url-guard.ts), and the
// delivery-time resolution check with a stubbed resolver (any blocked answer refuses).
import { describe, expect, it, vi } from "vitest";
import { isBlockedAddress, resolveOutbound, urlProblem } from "@/lib/notifications/url-guard";

const off = {} as unknown as NodeJS.ProcessEnv;
const on = { WARDEN_WEBHOOK_ALLOW_PRIVATE: "1" } as unknown as NodeJS.ProcessEnv;

describe("outbound URL guard", () => {
  it("blocks private, loopback, link-local, unique-local, multicast, reserved and unspecified addresses", () => {
    for (const a of ["127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1"]) {
      expect([a, isBlockedAddress(a)]).toEqual([a, true]);
    }
    for (const a of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect([a, isBlockedAddress(a)]).toEqual([a, false]);
    }
    expect(isBlockedAddress("not-an-ip")).toBe(true);
  });

  it("judges URLs after the WHATWG parser normalised them (decimal, hex, short and mapped forms)", () => {
    for (const u of ["https://2130706433/", "https://0x7f.1/", "https://127.1/", "https://017700000001/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/", "https://0/", "https://169.254.169.254/"]) {
      expect([u, urlProblem(u, off)]).toEqual([u, expect.stringContaining("private, loopback")]);
    }
    expect(urlProblem("http://hooks.example.com/x", off)).toContain("must use https");
    expect(urlProblem("ftp://hooks.example.com/x", on)).toContain("must use https or http");
    expect(urlProblem("https://a:b@hooks.example.com/x", on)).toContain("credentials");
    expect(urlProblem("https://a@hooks.example.com/x", off)).toContain("credentials");
    expect(urlProblem("not a url", off)).toBe("is not a valid URL");
    expect(urlProblem("https://hooks.example.com/x", off)).toBeNull();
    expect(urlProblem("http://127.0.0.1:8080/x", on)).toBeNull();
  });

  it("at delivery, refuses when ANY resolved address is blocked and pins the first checked address otherwise", async () => {
    const stub = (addrs: { address: string; family: number }[]) => (async () => addrs) as never;
    await expect(resolveOutbound("https://rebind.example/x?t=secret", off, stub([{ address: "93.184.216.34", family: 4 }, { address: "10.0.0.5", family: 4 }]))).rejects.toThrow(
      /^Refused: rebind\.example resolves to a private, loopback, link-local or reserved address \(10\.0\.0\.5\)/,
    );
    const ok = await resolveOutbound("https://public.example/x", off, stub([{ address: "2606:4700::1111", family: 6 }, { address: "93.184.216.34", family: 4 }]));
    expect([ok.address, ok.family]).toEqual(["2606:4700::1111", 6]);
    const onPrem = await resolveOutbound("http://hooks.corp.internal/x", on, stub([{ address: "10.0.0.5", family: 4 }]));
    expect(onPrem.address).toBe("10.0.0.5");
    await expect(resolveOutbound("http://hooks.example.com/x", off, stub([{ address: "93.184.216.34", family: 4 }]))).rejects.toThrow(/^Refused: the URL for http:\/\/hooks\.example\.com must use https/);
  });
});

describe("resolveOutbound: a resolver that never answers", () => {
  it("fails the delivery after 5 s instead of hanging the outbox", async () => {
    vi.useFakeTimers();
    try {
      const never = (() => new Promise(() => {})) as unknown as typeof import("node:dns").promises.lookup;
      const p = resolveOutbound("https://slow.example/x", off, never);
      const seen = expect(p).rejects.toThrow(/^Refused: slow\.example did not resolve within 5 s/);
      await vi.advanceTimersByTimeAsync(5000);
      await seen;
    } finally {
      vi.useRealTimers();
    }
  });
});
