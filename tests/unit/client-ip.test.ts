// The client address: X-Forwarded-For counts only when the socket peer is a configured trusted
// proxy; the peer comes from the socket (stamped per request), never from a header a client can set.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clientIp, installPeerStamp, parseTrustedProxies, resolveClientIp } from "@/lib/http/client-ip";

const trusted = parseTrustedProxies("10.0.0.0/8, 192.168.1.7, fd00::/8");

describe("resolveClientIp", () => {
  it("ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(resolveClientIp("203.0.113.9", "198.51.100.1", parseTrustedProxies(undefined))).toBe("203.0.113.9");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(resolveClientIp("203.0.113.9", "1.2.3.4, 10.0.0.5", trusted)).toBe("203.0.113.9");
  });

  it("takes the right-most untrusted hop behind trusted proxies (a forged left part is ignored)", () => {
    // client forged "6.6.6.6"; the edge proxy appended the real client 198.51.100.20; 10.0.0.3 is an inner proxy.
    expect(resolveClientIp("10.0.0.2", "6.6.6.6, 198.51.100.20, 10.0.0.3", trusted)).toBe("198.51.100.20");
    expect(resolveClientIp("::ffff:192.168.1.7", "198.51.100.21", trusted)).toBe("198.51.100.21");
    expect(resolveClientIp("fd00::1", "[2001:db8::5]:443", trusted)).toBe("2001:db8::5");
  });

  it("stops at an entry that is not an address, at the proxy that handed it over", () => {
    expect(resolveClientIp("10.0.0.2", "1.1.1.1, not-an-ip", trusted)).toBe("10.0.0.2");
  });

  it("answers unknown without a peer, whatever X-Forwarded-For says", () => {
    expect(resolveClientIp(undefined, "198.51.100.1", trusted)).toBe("unknown");
  });

  it("refuses an invalid WARDEN_TRUSTED_PROXIES entry", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10.0.0.0\/33/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/proxy.internal/);
  });
});

describe("clientIp on a real node:http server", () => {
  let server: http.Server;
  let port: number;
  const saved = process.env.WARDEN_TRUSTED_PROXIES;

  beforeAll(async () => {
    installPeerStamp();
    server = http.createServer((req, res) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      res.end(clientIp(headers));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  afterEach(() => {
    if (saved === undefined) delete process.env.WARDEN_TRUSTED_PROXIES;
    else process.env.WARDEN_TRUSTED_PROXIES = saved;
  });

  const ask = (headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/`, { headers }).then((r) => r.text());

  it("answers the socket peer and ignores a forged X-Forwarded-For and X-Real-IP when nothing is trusted", async () => {
    delete process.env.WARDEN_TRUSTED_PROXIES;
    expect(await ask({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" })).toBe("127.0.0.1");
  });

  it("honours X-Forwarded-For when the peer is a trusted proxy", async () => {
    process.env.WARDEN_TRUSTED_PROXIES = "127.0.0.0/8";
    expect(await ask({ "x-forwarded-for": "6.6.6.6, 198.51.100.30" })).toBe("198.51.100.30");
  });
});
