// The one answer to "which address is calling": throttles, audit records and reports use it.
// X-Forwarded-For is honoured only when the immediate peer (the TCP socket's address) is one of
// WARDEN_TRUSTED_PROXIES (CIDRs or addresses); then the right-most hop that is not a trusted proxy
// is the client. Unset: X-Forwarded-For is never trusted and the client is the socket peer.
//
// Next route handlers do not expose the socket. `next start` only fills X-Forwarded-For with the
// peer when the client sent none (`??=`), so that header cannot tell the peer apart from a forged
// value. installPeerStamp() (called once from instrumentation.ts) therefore stamps each incoming
// request with the socket address under a header whose name is random per process: a client
// cannot guess it, so cannot forge it. A request that carries no stamp (a request served before
// the stamp was installed, or a handler called in-process) has an unknown peer and XFF is ignored.
import "server-only";
import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import { log } from "@/lib/observability/log";

const NAME_KEY = Symbol.for("warden.client-ip.peer-header");
const INSTALLED_KEY = Symbol.for("warden.client-ip.installed");
type G = typeof globalThis & { [NAME_KEY]?: string; [INSTALLED_KEY]?: boolean };

/** The per-process header name carrying the socket peer (shared across bundles via globalThis). */
function peerHeaderName(): string {
  const g = globalThis as G;
  return (g[NAME_KEY] ??= `x-warden-peer-${randomBytes(16).toString("hex")}`);
}

/** Normalises an address: strips brackets, an IPv4 port and the IPv4-mapped IPv6 prefix; null when not an IP. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  const zone = a.indexOf("%");
  if (zone > 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1];
  return isIP(a) ? a.toLowerCase() : null;
}

/** Parses a WARDEN_TRUSTED_PROXIES value; throws with the offending entry when one is not a CIDR or address. */
export function parseTrustedProxies(raw: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (raw ?? "").split(/[\s,]+/).filter(Boolean)) {
    const [addr, bits, extra] = entry.split("/");
    const ip = normalizeAddress(addr);
    const family = ip ? (isIP(ip) === 4 ? "ipv4" : "ipv6") : null;
    const max = family === "ipv4" ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!ip || !family || extra !== undefined || !/^\d+$/.test(bits ?? String(max)) || prefix > max) {
      throw new Error(`WARDEN_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR`);
    }
    list.addSubnet(ip, prefix, family);
  }
  return list;
}

let cached: { raw: string | undefined; list: BlockList } | undefined;
let warned = false;

/** The configured trusted proxies; an invalid setting trusts nothing (fail closed) and says so once. */
function trustedProxies(): BlockList {
  const raw = process.env.WARDEN_TRUSTED_PROXIES;
  if (cached && cached.raw === raw) return cached.list;
  let list: BlockList;
  try {
    list = parseTrustedProxies(raw);
  } catch (e) {
    if (!warned) log.error({ err: e }, "X-Forwarded-For is not trusted");
    warned = true;
    list = new BlockList();
  }
  cached = { raw, list };
  return list;
}

/** Throws when WARDEN_TRUSTED_PROXIES is set but invalid (for a loud check at startup). */
export function checkTrustedProxiesConfig(): void {
  parseTrustedProxies(process.env.WARDEN_TRUSTED_PROXIES);
}

function isTrusted(list: BlockList, ip: string): boolean {
  return list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}

/**
 * Pure rule: the peer, unless it is a trusted proxy; then walk X-Forwarded-For from the right,
 * skipping trusted proxies, and answer the first hop that is not one. An entry that is not an
 * address ends the walk at the proxy that handed it over. No peer: "unknown".
 */
export function resolveClientIp(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  trusted: BlockList,
): string {
  let current = normalizeAddress(peer);
  if (!current) return "unknown";
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  while (isTrusted(trusted, current) && hops.length) {
    const next = normalizeAddress(hops.pop());
    if (!next) break;
    current = next;
  }
  return current;
}

/** The calling client's address (see the file comment), or "unknown". */
export function clientIp(headers: Headers): string {
  return resolveClientIp(headers.get(peerHeaderName()), headers.get("x-forwarded-for"), trustedProxies());
}

/** Adds the socket peer to headers built by a server that holds the socket (the lean gateway). */
export function stampPeer(headers: Headers, peer: string | undefined): Headers {
  headers.delete(peerHeaderName());
  if (peer) headers.set(peerHeaderName(), peer);
  return headers;
}

/**
 * Stamps every request received by this process's node:http(s) servers (Next's included) with its
 * socket peer, before any handler sees it. Idempotent.
 */
export function installPeerStamp(): void {
  const g = globalThis as G;
  if (g[INSTALLED_KEY]) return;
  g[INSTALLED_KEY] = true;
  const name = peerHeaderName();
  for (const proto of [http.Server.prototype, https.Server.prototype] as { emit: (...a: unknown[]) => boolean }[]) {
    const original = proto.emit;
    proto.emit = function (this: unknown, event: unknown, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage;
        const addr = req.socket?.remoteAddress;
        if (addr) req.headers[name] = addr;
        else delete req.headers[name];
      }
      return original.call(this, event, ...args);
    };
  }
}
