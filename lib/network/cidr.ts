// CIDR allow-lists (ADR 0036): parsing, the canonical form Warden stores, and matching a client
// address. IPv4 and IPv6; a bare address is its own /32 or /128; an IPv4-mapped IPv6 address is
// matched as IPv4 (clientIp() normalises it so).
import { BlockList, isIP } from "node:net";
import { z } from "zod";

export interface Cidr {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** Parses "10.0.0.0/8", "2001:db8::/32" or a bare address; null when it is neither. */
export function parseCidr(raw: string): Cidr | null {
  const text = raw.trim().toLowerCase();
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text);
  if (!m) return null;
  const version = isIP(m[1]);
  if (!version) return null;
  const family = version === 4 ? "ipv4" : "ipv6";
  const max = version === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if ((m[2] !== undefined && !/^(0|[1-9]\d*)$/.test(m[2])) || prefix > max) return null;
  return { address: m[1], prefix, family };
}

/** The stored form: "address/prefix" in lower case. */
export function formatCidr(c: Cidr): string {
  return `${c.address}/${c.prefix}`;
}

/** One list entry: a CIDR or an address, stored canonical. The message names the bad entry. */
export const cidrSchema = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const c = parseCidr(value);
    if (!c) {
      ctx.addIssue({
        code: "custom",
        message: `"${value.slice(0, 64)}" is not an IPv4 or IPv6 address or CIDR (e.g. 203.0.113.0/24, 2001:db8::/32)`,
      });
      return z.NEVER;
    }
    return formatCidr(c);
  });

/** A compiled list; `allows` answers true for every address when the list is empty. */
export interface AddressMatcher {
  readonly empty: boolean;
  allows(ip: string | null | undefined): boolean;
}

export function compileList(entries: readonly string[]): AddressMatcher {
  const list = new BlockList();
  let n = 0;
  for (const e of entries) {
    const c = parseCidr(e);
    if (!c) continue; // stored lists are validated on write; an unreadable entry grants nothing
    list.addSubnet(c.address, c.prefix, c.family);
    n++;
  }
  const empty = entries.length === 0;
  return {
    empty,
    allows(ip) {
      if (empty) return true;
      if (!ip || n === 0) return false;
      const version = isIP(ip);
      if (!version) return false; // "unknown": the client address could not be established
      return list.check(ip, version === 4 ? "ipv4" : "ipv6");
    },
  };
}
