// The outbound guard (lib/net/outbound.ts): its address table, the URL rules per kind, the
// WARDEN_OUTBOUND_ALLOW opt-in (CIDRs, addresses and host names, each with an optional port), and
// the connect-time resolution check with a stubbed resolver (any refused answer refuses).
import { describe, expect, it, vi } from "vitest";
import { assertOutboundUrl, isBlockedAddress, resolveOutbound, urlProblem } from "@/lib/net/outbound";
import { smtpOptions } from "@/lib/notifications/channels";

const env = (v: Record<string, string> = {}) => v as unknown as NodeJS.ProcessEnv;
const off = env();
const stub = (addrs: { address: string; family: number }[]) => (async () => addrs) as never;
const v4 = (address: string) => stub([{ address, family: 4 }]);

describe("outbound guard: addresses and URL rules", () => {
  it("blocks private, loopback, link-local, unique-local, multicast, reserved and unspecified addresses", () => {
    for (const a of [
      "127.0.0.1",
      "127.255.0.9",
      "10.0.0.1",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "64:ff9b::7f00:1",
      "2002:7f00:1::1",
    ]) {
      expect([a, isBlockedAddress(a)]).toEqual([a, true]);
    }
    for (const a of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect([a, isBlockedAddress(a)]).toEqual([a, false]);
    }
    expect(isBlockedAddress("not-an-ip")).toBe(true);
  });

  it("judges URLs after the WHATWG parser normalised them (decimal, hex, short and mapped forms)", () => {
    for (const u of [
      "https://2130706433/",
      "https://0x7f.1/",
      "https://127.1/",
      "https://017700000001/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:7f00:1]/",
      "https://0/",
      "https://169.254.169.254/",
    ]) {
      expect([u, urlProblem(u, { env: off })]).toEqual([u, expect.stringContaining("private, loopback")]);
    }
    expect(urlProblem("http://hooks.example.com/x", { env: off })).toContain("must use https");
    expect(urlProblem("ftp://hooks.example.com/x", { env: off })).toBe("must use https");
    expect(urlProblem("https://a:b@hooks.example.com/x", { env: off })).toContain("credentials");
    expect(urlProblem("https://a@hooks.example.com/x", { env: off })).toContain("credentials");
    expect(urlProblem("not a url", { env: off })).toBe("is not a valid URL");
    expect(urlProblem("https://hooks.example.com/x?token=1", { kind: "webhook", env: off })).toBeNull();
  });

  it("base URLs (providers, issuers) carry no fragment or query, which would drop the appended path", () => {
    expect(urlProblem("https://api.example.com/v1#", { kind: "base", env: off })).toContain("fragment");
    expect(urlProblem("https://api.example.com/v1#x", { kind: "base", env: off })).toContain("fragment");
    expect(urlProblem("https://api.example.com/v1?", { kind: "base", env: off })).toContain("query");
    expect(urlProblem("https://api.example.com/v1?a=b", { kind: "base", env: off })).toContain("query");
    expect(urlProblem("https://api.example.com/v1", { kind: "base", env: off })).toBeNull();
  });

  it("SMTP: smtps or smtp (STARTTLS then required), SMTP AUTH in the URL, no options, no private literal", () => {
    expect(urlProblem("smtps://u:p@mail.example.com:465", { kind: "smtp", env: off })).toBeNull();
    expect(urlProblem("smtp://u:p@mail.example.com:587", { kind: "smtp", env: off })).toBeNull();
    expect(urlProblem("smtp://mail.example.com?ignoreTLS=true", { kind: "smtp", env: off })).toContain("options");
    expect(urlProblem("smtp://mail.example.com/?secure=false", { kind: "smtp", env: off })).toContain("options");
    expect(urlProblem("https://mail.example.com", { kind: "smtp", env: off })).toContain("smtps://");
    expect(urlProblem("smtp://10.0.0.5:25", { kind: "smtp", env: off })).toContain("private, loopback");
  });

  it("smtp:// to a host that is not listed requires STARTTLS, connects to the checked address and verifies the name", async () => {
    const t = await resolveOutbound("smtp://alerts%40corp:p%40ss@mail.example.com:587", {
      kind: "smtp",
      env: off,
      lookup: v4("93.184.216.34"),
    });
    expect(smtpOptions(t)).toMatchObject({
      host: "93.184.216.34",
      port: 587,
      secure: false,
      requireTLS: true,
      servername: "mail.example.com",
      tls: { servername: "mail.example.com" },
      auth: { user: "alerts@corp", pass: "p@ss" },
    });
    const s = await resolveOutbound("smtps://mail.example.com", {
      kind: "smtp",
      env: off,
      lookup: v4("93.184.216.34"),
    });
    expect(smtpOptions(s)).toMatchObject({ host: "93.184.216.34", port: 465, secure: true, requireTLS: false });
    // A listed on-prem relay may stay plain (STARTTLS optional there only).
    const relay = await resolveOutbound("smtp://10.0.0.25:25", {
      kind: "smtp",
      env: env({ WARDEN_OUTBOUND_ALLOW: "10.0.0.0/24" }),
    });
    expect(smtpOptions(relay)).toMatchObject({ host: "10.0.0.25", port: 25, requireTLS: false });
  });
});

describe("outbound guard: the WARDEN_OUTBOUND_ALLOW opt-in", () => {
  const allow = env({
    WARDEN_OUTBOUND_ALLOW: "127.0.0.1:3900, 10.20.0.0/16, idp.corp.internal, [fd00::7]:8443, bad entry, 10.0.0.0/99",
  });

  it("opens exactly the listed CIDRs, addresses, names and ports: http and private addresses there only", () => {
    expect(urlProblem("http://127.0.0.1:3900/x", { env: allow })).toBeNull();
    expect(urlProblem("http://127.0.0.1:3901/x", { env: allow })).toContain("must use https");
    expect(urlProblem("https://127.0.0.1:3901/x", { env: allow })).toContain("private, loopback");
    expect(urlProblem("http://10.20.3.4/x", { env: allow })).toBeNull();
    expect(urlProblem("https://10.21.3.4/x", { env: allow })).toContain("private, loopback");
    expect(urlProblem("https://[fd00::7]:8443/x", { env: allow })).toBeNull();
    expect(urlProblem("https://[fd00::7]:8444/x", { env: allow })).toContain("private, loopback");
    // A malformed entry widens nothing (10.0.0.0/99 is not 10.0.0.0/8).
    expect(urlProblem("https://10.0.0.1/x", { env: allow })).toContain("private, loopback");
  });

  it("a listed name may resolve anywhere; an unlisted name must resolve to public or listed addresses", async () => {
    const ok = await resolveOutbound("http://idp.corp.internal/x", { env: allow, lookup: v4("10.9.9.9") });
    expect(ok.address).toBe("10.9.9.9");
    const inRange = await resolveOutbound("http://svc.corp.internal/x", { env: allow, lookup: v4("10.20.1.1") });
    expect(inRange.address).toBe("10.20.1.1");
    await expect(
      resolveOutbound("http://svc.corp.internal/x", { env: allow, lookup: v4("93.184.216.34") }),
    ).rejects.toThrow(/must use https/);
    await expect(
      resolveOutbound("https://svc.corp.internal/x", { env: allow, lookup: v4("10.21.1.1") }),
    ).rejects.toThrow(/resolves to a private/);
  });

  it("the deprecated WARDEN_WEBHOOK_ALLOW_PRIVATE=1 still opens the Slack and webhook channels, and nothing else", () => {
    const legacy = env({ WARDEN_WEBHOOK_ALLOW_PRIVATE: "1" });
    expect(urlProblem("http://10.0.0.5/hook", { kind: "webhook", env: legacy })).toBeNull();
    expect(urlProblem("http://10.0.0.5/v1", { kind: "base", env: legacy })).toContain("must use https");
    expect(urlProblem("https://10.0.0.5/v1", { kind: "base", env: legacy })).toContain("private, loopback");
  });
});

describe("outbound guard: at connect time", () => {
  it("refuses when ANY resolved address is refused and pins the first checked address otherwise; never names the address", async () => {
    const refused = resolveOutbound("https://rebind.example/x?t=secret", {
      env: off,
      lookup: stub([
        { address: "93.184.216.34", family: 4 },
        { address: "10.0.0.5", family: 4 },
      ]),
    });
    await expect(refused).rejects.toThrow(
      /^Refused: rebind\.example resolves to a private, loopback, link-local or reserved address; list the host in WARDEN_OUTBOUND_ALLOW/,
    );
    await expect(refused).rejects.not.toThrow(/10\.0\.0\.5|secret/);
    const ok = await resolveOutbound("https://public.example/x", {
      env: off,
      lookup: stub([
        { address: "2606:4700::1111", family: 6 },
        { address: "93.184.216.34", family: 4 },
      ]),
    });
    expect([ok.address, ok.family]).toEqual(["2606:4700::1111", 6]);
    await expect(
      resolveOutbound("http://hooks.example.com/x", { env: off, lookup: v4("93.184.216.34") }),
    ).rejects.toThrow(/^Refused: the URL for http:\/\/hooks\.example\.com must use https/);
  });

  it("at save: a name resolving to an internal address is a 400 naming the field; a name that does not resolve yet is accepted", async () => {
    const err = await assertOutboundUrl("base_url", "https://metadata.example/v1", {
      kind: "base",
      env: off,
      lookup: v4("169.254.169.254"),
    }).catch((e) => e);
    expect(err).toMatchObject({ type: "invalid_request", status: 400, issues: [{ path: "base_url" }] });
    expect(err.message).toMatch(/^base_url resolves to a private, loopback, link-local or reserved address/);
    expect(err.message).not.toContain("169.254");
    const nx = (async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    }) as never;
    await expect(
      assertOutboundUrl("base_url", "https://not-yet.example/v1", { kind: "base", env: off, lookup: nx }),
    ).resolves.toBeUndefined();
  });
});

describe("resolveOutbound: a resolver that never answers", () => {
  it("fails the connection after 5 s instead of hanging", async () => {
    vi.useFakeTimers();
    try {
      const never = (() => new Promise(() => {})) as unknown as typeof import("node:dns").promises.lookup;
      const p = resolveOutbound("https://slow.example/x", { env: off, lookup: never });
      const seen = expect(p).rejects.toThrow(/^Refused: slow\.example did not resolve within 5 s/);
      await vi.advanceTimersByTimeAsync(5000);
      await seen;
    } finally {
      vi.useRealTimers();
    }
  });
});
