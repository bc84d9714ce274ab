// Outbound URL guard for the Slack and webhook channels (SSRF). Two checks, one range list:
//   at save      the URL parses, is https (http only with the private-network opt-in), has no
//                user:pass@, and its host is not a literal private / loopback / link-local /
//                unique-local / multicast / reserved address (the WHATWG parser has already turned
//                2130706433, 0x7f.1 and 127.1 into 127.0.0.1, and IPv6 into its canonical form);
//   at delivery  the same checks again, then the host is resolved (every address) and refused if
//                ANY address is blocked (DNS rebinding); the connection is pinned to the checked
//                address through the request's `lookup`, so check and connection cannot diverge.
// WARDEN_WEBHOOK_ALLOW_PRIVATE=1 lifts the range and scheme rules (on-prem receivers, tests).
import "server-only";
import { promises as dns } from "node:dns";
import { BlockList, isIP } from "node:net";
import { WardenError } from "@/lib/errors";

export const ALLOW_PRIVATE_ENV = "WARDEN_WEBHOOK_ALLOW_PRIVATE";

/** Read at every call, so a test (or an operator restarting with it) changes it without reloading. */
export function privateNetworksAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ALLOW_PRIVATE_ENV] === "1";
}

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network", including the unspecified 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, including 169.254.169.254 (cloud metadata)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, including 255.255.255.255
] as const) BLOCKED.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 96], // unspecified ::, loopback ::1 and the deprecated IPv4-compatible range
  ["64:ff9b::", 96], // NAT64 (embeds an IPv4 address)
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001::", 32], // Teredo (embeds an IPv4 address)
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 (embeds an IPv4 address)
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // deprecated site-local
  ["ff00::", 8], // multicast
] as const) BLOCKED.addSubnet(net, prefix, "ipv6");

/** Whether an IP address (v4 or v6; IPv4-mapped v6 is checked against the IPv4 ranges) is blocked. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    // ::ffff:a.b.c.d: node's BlockList matches the IPv4 rules too; checked explicitly so the guard
    // does not depend on that.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped && BLOCKED.check(mapped[1], "ipv4")) return true;
    return BLOCKED.check(address, "ipv6");
  }
  return true; // not an IP address at all: never connect to it
}

/** The URL's host without IPv6 brackets. */
const bareHost = (u: URL) => u.hostname.replace(/^\[(.*)\]$/, "$1");

/** Why the URL may not be used (null when it may), judged without DNS. */
export function urlProblem(raw: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "is not a valid URL";
  }
  const allow = privateNetworksAllowed(env);
  if (u.protocol !== "https:" && !(allow && u.protocol === "http:")) {
    return allow ? "must use https or http" : `must use https (http only with ${ALLOW_PRIVATE_ENV}=1)`;
  }
  if (u.username || u.password) return "must not carry credentials (user:password@)";
  const host = bareHost(u);
  if (!host) return "has no host";
  if (!allow && isIP(host) && isBlockedAddress(host)) {
    return `points at a private, loopback, link-local or reserved address (${host}); set ${ALLOW_PRIVATE_ENV}=1 for on-prem receivers`;
  }
  return null;
}

/** Save-time check: refuses with invalid_request naming the field. */
export function assertOutboundUrl(field: string, raw: string | null | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (raw === null || raw === undefined || raw === "") return;
  const problem = urlProblem(raw, env);
  if (problem) throw new WardenError("invalid_request", `${field} ${problem}`, { issues: [{ path: field, message: `The URL ${problem}` }] });
}

/** A delivery the guard refused: recorded as a failed delivery, never sent. */
export class DeliveryRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryRefused";
  }
}

export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** A resolver that does not answer in time fails the delivery (it is retried with backoff). */
const LOOKUP_TIMEOUT_MS = 5000;

/**
 * Delivery-time check: the URL rules again, then every resolved address. Returns the address
 * to connect to (pin it). Messages name the origin only, never the path (Slack tokens live there).
 */
export async function resolveOutbound(raw: string, env: NodeJS.ProcessEnv = process.env, lookup = dns.lookup): Promise<CheckedTarget> {
  const problem = urlProblem(raw, env);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DeliveryRefused("Refused: the target is not a valid URL");
  }
  if (problem) throw new DeliveryRefused(`Refused: the URL for ${url.origin} ${problem}`);
  const host = bareHost(url);
  const literal = isIP(host);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeliveryRefused(`Refused: ${url.hostname} did not resolve within ${LOOKUP_TIMEOUT_MS / 1000} s`)), LOOKUP_TIMEOUT_MS);
  });
  const addresses = literal ? [{ address: host, family: literal }] : await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]).finally(() => clearTimeout(timer));
  if (!addresses.length) throw new DeliveryRefused(`Refused: ${url.hostname} did not resolve`);
  if (!privateNetworksAllowed(env)) {
    const bad = addresses.find((a) => isBlockedAddress(a.address));
    if (bad) {
      throw new DeliveryRefused(`Refused: ${url.hostname} resolves to a private, loopback, link-local or reserved address (${bad.address}); set ${ALLOW_PRIVATE_ENV}=1 for on-prem receivers`);
    }
  }
  const first = addresses[0];
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
