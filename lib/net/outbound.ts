// The one outbound-connection guard (SSRF). Every connection Warden opens to an address a tenant
// or an operator configured passes here: provider base URLs (the gateway), Slack and webhook
// channels, SMTP, IdP issuers, discovery, token and JWKS endpoints (Auth.js, jose, "test
// connection"). Two checks, one rule set (ADR 0012, 0015):
//   at save     the URL parses; https (SMTP: smtps, or smtp with STARTTLS required); no user:pass@
//               (SMTP AUTH excepted); base URLs carry no ?query or #fragment (the gateway appends
//               /chat/completions; a # would silently drop it); a literal address must not be
//               private, loopback, link-local, unique-local, multicast, reserved or unspecified
//               (the WHATWG parser has already turned 2130706433, 0x7f.1 and 127.1 into 127.0.0.1);
//               a host name is resolved and refused if any answer is such an address;
//   at connect  the same rules again, every resolved address checked (DNS rebinding), and the socket
//               connects to the checked address through `lookup`, so check and connection cannot
//               diverge. Redirects are never followed.
// WARDEN_OUTBOUND_ALLOW (comma list of CIDRs, addresses and host names, each optionally with :port)
// names the on-prem targets that may be reached at private addresses and without TLS.
import "server-only";
import { promises as dns } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { WardenError } from "@/lib/errors";
import { log } from "@/lib/observability/log";

export const OUTBOUND_ALLOW_ENV = "WARDEN_OUTBOUND_ALLOW";
/** Deprecated: `1` lifts the rules for the Slack and webhook channels only (its meaning before 0015). */
export const LEGACY_WEBHOOK_ALLOW_ENV = "WARDEN_WEBHOOK_ALLOW_PRIVATE";

/**
 * What the URL is for, which decides the scheme and shape rules:
 *   base      provider base URL, IdP issuer: https, no query, no fragment
 *   endpoint  a URL fetched as is (discovery, token, JWKS): https
 *   webhook   Slack and webhook channels: https (the deprecated alias applies)
 *   smtp      smtps://, or smtp:// with STARTTLS required; user:pass@ is SMTP AUTH; no query
 *   browser   a URL only browsers are sent to (SAML SSO URL): https; judged without DNS
 */
export type OutboundKind = "base" | "endpoint" | "webhook" | "smtp" | "browser";

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
] as const)
  BLOCKED.addSubnet(net, prefix, "ipv4");
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
] as const)
  BLOCKED.addSubnet(net, prefix, "ipv6");

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Whether an IP address (v4 or v6; IPv4-mapped v6 is checked against the IPv4 ranges) is blocked. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    // ::ffff:a.b.c.d: checked explicitly so the guard does not depend on BlockList mapping it.
    const mapped = MAPPED_V4.exec(address);
    if (mapped && BLOCKED.check(mapped[1], "ipv4")) return true;
    return BLOCKED.check(address, "ipv6");
  }
  return true; // not an IP address at all: never connect to it
}

// ---- the opt-in ------------------------------------------------------------------------------

interface AllowEntry {
  /** A host name (lower case), or null for an address / CIDR entry. */
  name: string | null;
  net: BlockList | null;
  port: number | null;
}

interface Policy {
  raw: string;
  entries: AllowEntry[];
  /** The deprecated alias: everything allowed (webhook kind only). */
  legacy: boolean;
}

function parseEntry(s: string): AllowEntry | null {
  const port = (p: string | undefined) =>
    p === undefined ? null : /^\d{1,5}$/.test(p) && Number(p) > 0 && Number(p) < 65536 ? Number(p) : NaN;
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (cidr) {
    const fam = isIP(cidr[1]);
    const prefix = Number(cidr[2]);
    if (!fam || prefix > (fam === 4 ? 32 : 128)) return null;
    const net = new BlockList();
    net.addSubnet(cidr[1], prefix, fam === 4 ? "ipv4" : "ipv6");
    return { name: null, net, port: null };
  }
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  const m = isIP(s) === 6 ? null : (v6 ?? /^([^:[\]/]+)(?::(\d+))?$/.exec(s));
  if (!m && isIP(s) !== 6) return null;
  const host = (m ? m[1] : s).toLowerCase();
  const p = port(m?.[2]);
  if (Number.isNaN(p)) return null;
  const fam = isIP(host);
  if (fam) {
    const net = new BlockList();
    net.addAddress(host, fam === 4 ? "ipv4" : "ipv6");
    return { name: null, net, port: p };
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host)) return null;
  return { name: host, net: null, port: p };
}

let cached: Policy | null = null;
const warned = new Set<string>();
function warnOnce(message: string) {
  if (warned.has(message)) return;
  warned.add(message);
  log.warn({ component: "outbound" }, message);
}

/** Parsed at the first call after the variable changes (tests and operators change it at run time). */
function policy(env: NodeJS.ProcessEnv): Policy {
  const raw = env[OUTBOUND_ALLOW_ENV] ?? "";
  const legacy = env[LEGACY_WEBHOOK_ALLOW_ENV] === "1";
  if (cached && cached.raw === raw && cached.legacy === legacy) return cached;
  const entries: AllowEntry[] = [];
  for (const part of raw
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const e = parseEntry(part);
    // A malformed entry must not widen anything: it is ignored, loudly.
    if (e) entries.push(e);
    else warnOnce(`${OUTBOUND_ALLOW_ENV}: "${part}" is not a CIDR, address or host[:port]; ignored`);
  }
  if (legacy)
    warnOnce(`${LEGACY_WEBHOOK_ALLOW_ENV} is deprecated; list the receivers in ${OUTBOUND_ALLOW_ENV} instead`);
  cached = { raw, entries, legacy };
  return cached;
}

const family = (a: string) => (isIP(a) === 6 && !MAPPED_V4.test(a) ? "ipv6" : "ipv4");
const v4of = (a: string) => MAPPED_V4.exec(a)?.[1] ?? a;

function addressAllowed(p: Policy, address: string, port: number): boolean {
  const a = v4of(address);
  return p.entries.some((e) => e.net !== null && (e.port === null || e.port === port) && e.net.check(a, family(a)));
}

/** The host as written in the URL is listed: by name, or as an address inside a listed range. */
function hostAllowed(p: Policy, host: string, port: number): boolean {
  if (isIP(host)) return addressAllowed(p, host, port);
  const h = host.toLowerCase();
  return p.entries.some((e) => e.name === h && (e.port === null || e.port === port));
}

// ---- URL rules ------------------------------------------------------------------------------

const DEFAULT_PORT: Record<string, number> = { "https:": 443, "http:": 80, "smtps:": 465, "smtp:": 587 };
const RULE_HINT = `list the host in ${OUTBOUND_ALLOW_ENV} for on-prem targets`;
const PRIVATE = "a private, loopback, link-local or reserved address";

/** The URL's host without IPv6 brackets. */
const bareHost = (u: URL) => u.hostname.replace(/^\[(.*)\]$/, "$1");

export interface ParsedTarget {
  url: URL;
  host: string;
  port: number;
  /** No TLS required: http, or smtp:// to a listed host (STARTTLS then optional). */
  plaintext: boolean;
}

type Judged = { ok: ParsedTarget; problem?: undefined } | { ok?: undefined; problem: string };

function judge(raw: string, kind: OutboundKind, env: NodeJS.ProcessEnv): Judged {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { problem: "is not a valid URL" };
  }
  const p = policy(env);
  const any = p.legacy && kind === "webhook";
  const host = bareHost(u);
  if (!host) return { problem: "has no host" };
  const port = Number(u.port) || DEFAULT_PORT[u.protocol] || 0;
  // Whether plain text may be allowed: the host is listed, or (a name) resolution may show every
  // address inside a listed range; resolveOutbound decides that case.
  const mayBePlain = any || hostAllowed(p, host, port) || (!isIP(host) && p.entries.some((e) => e.net));
  let plaintext: boolean;
  if (kind === "smtp") {
    if (u.protocol !== "smtps:" && u.protocol !== "smtp:")
      return { problem: "must use smtps:// or smtp:// (with STARTTLS, which is then required)" };
    plaintext = false; // STARTTLS required unless resolveOutbound finds the host listed
    if (u.search || u.href.includes("?"))
      return { problem: "must not carry options (?...): TLS and the rest follow from the scheme" };
    if (u.pathname !== "" && u.pathname !== "/") return { problem: "must not carry a path" };
  } else {
    if (u.protocol !== "https:" && !(u.protocol === "http:" && mayBePlain)) {
      return {
        problem:
          u.protocol === "http:"
            ? `must use https (plain http only for hosts listed in ${OUTBOUND_ALLOW_ENV})`
            : "must use https",
      };
    }
    plaintext = u.protocol === "http:";
    if (u.username || u.password) return { problem: "must not carry credentials (user:password@)" };
    if (kind === "base") {
      if (u.href.includes("#"))
        return { problem: "must not carry a fragment (#...): it would drop the path Warden appends" };
      if (u.href.includes("?")) return { problem: "must not carry a query string (?...)" };
    }
  }
  if (!any && isIP(host) && isBlockedAddress(host) && !addressAllowed(p, host, port)) {
    return { problem: `points at ${PRIVATE} (${host}); ${RULE_HINT}` };
  }
  return { ok: { url: u, host, port, plaintext } };
}

/** Why the URL may not be used (null when it may), judged without DNS. */
export function urlProblem(raw: string, opts: { kind?: OutboundKind; env?: NodeJS.ProcessEnv } = {}): string | null {
  return judge(raw, opts.kind ?? "endpoint", opts.env ?? process.env).problem ?? null;
}

// ---- resolution ---------------------------------------------------------------------------

/** Why a connection was refused. `dns`: the name did not resolve (at save that is not a refusal). */
export type RefusalRule = "url" | "address" | "plaintext" | "dns";

/** A connection the guard refused before any socket was opened. The message names the rule. */
export class OutboundRefused extends Error {
  constructor(
    /** What was refused: an origin or a host name. */
    readonly subject: string,
    /** The rule, as a predicate of the subject: "resolves to a private ... address; ...". */
    readonly problem: string,
    readonly rule: RefusalRule,
  ) {
    super(`Refused: ${subject} ${problem}`);
    this.name = "OutboundRefused";
  }
}

export interface CheckedTarget extends ParsedTarget {
  address: string;
  family: 4 | 6;
}

type Lookup = typeof dns.lookup;
/** A resolver that does not answer in time fails the connection. */
const LOOKUP_TIMEOUT_MS = 5000;

/**
 * The URL rules, then every resolved address. Returns the address to connect to (pin it).
 * Messages name the origin only, never the path (Slack keeps its token there) and never a resolved
 * address (a tenant must not learn what internal names resolve to).
 */
export async function resolveOutbound(
  raw: string,
  opts: { kind?: OutboundKind; env?: NodeJS.ProcessEnv; lookup?: Lookup; timeoutMs?: number } = {},
): Promise<CheckedTarget> {
  const kind = opts.kind ?? "endpoint";
  const env = opts.env ?? process.env;
  const j = judge(raw, kind, env);
  if (j.problem !== undefined) {
    let origin: string;
    try {
      origin = new URL(raw).origin;
    } catch {
      throw new OutboundRefused("the target", "is not a valid URL", "url");
    }
    throw new OutboundRefused(`the URL for ${origin}`, j.problem, "url");
  }
  const t = j.ok;
  const name = t.url.hostname;
  const literal = isIP(t.host);
  let addresses: { address: string; family: number }[];
  if (literal) addresses = [{ address: t.host, family: literal }];
  else {
    const ms = opts.timeoutMs ?? LOOKUP_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OutboundRefused(name, `did not resolve within ${ms / 1000} s`, "dns")), ms);
    });
    const lookup = opts.lookup ?? dns.lookup;
    addresses = await Promise.race([lookup(t.host, { all: true, verbatim: true }), timeout])
      .catch((e: unknown) => {
        throw e instanceof OutboundRefused ? e : new OutboundRefused(name, "did not resolve", "dns");
      })
      .finally(() => clearTimeout(timer));
    if (!addresses.length) throw new OutboundRefused(name, "did not resolve", "dns");
  }
  const p = policy(env);
  const listed =
    (p.legacy && kind === "webhook") ||
    hostAllowed(p, t.host, t.port) ||
    addresses.every((a) => addressAllowed(p, a.address, t.port));
  if (!listed) {
    if (addresses.some((a) => isBlockedAddress(a.address) && !addressAllowed(p, a.address, t.port))) {
      throw new OutboundRefused(name, `resolves to ${PRIVATE}; ${RULE_HINT}`, "address");
    }
    // Plain http to a name is allowed only when the name, or every address it resolves to, is listed.
    if (t.url.protocol === "http:")
      throw new OutboundRefused(name, `is not listed in ${OUTBOUND_ALLOW_ENV}, so it must use https`, "plaintext");
  }
  // smtp:// to a listed host may stay plain (on-prem relays); anywhere else STARTTLS is required.
  if (kind === "smtp" && t.url.protocol === "smtp:") t.plaintext = listed;
  const first = addresses[0];
  return { ...t, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * Save-time check: refuses with 400 invalid_request naming the field. A name that does not resolve
 * now is accepted (the check at connect time decides); one that resolves to a refused address is not.
 */
export async function assertOutboundUrl(
  field: string,
  raw: string | null | undefined,
  opts: { kind?: OutboundKind; env?: NodeJS.ProcessEnv; lookup?: Lookup } = {},
): Promise<void> {
  if (raw === null || raw === undefined || raw === "") return;
  const refuse = (problem: string): never => {
    throw new WardenError("invalid_request", `${field} ${problem}`, {
      issues: [{ path: field, message: `The URL ${problem}` }],
    });
  };
  const problem = urlProblem(raw, opts);
  if (problem) refuse(problem);
  if (opts.kind === "browser") return; // never connected to by Warden
  try {
    await resolveOutbound(raw, { ...opts, timeoutMs: 3000 });
  } catch (e) {
    if (!(e instanceof OutboundRefused)) throw e;
    if (e.rule !== "dns") refuse(e.problem);
  }
}

// ---- pinned connections ---------------------------------------------------------------------

/** A `lookup` that answers with the checked address only, so the socket cannot go elsewhere. */
export function pinnedLookup(target: Pick<CheckedTarget, "address" | "family">): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
    opts?.all
      ? cb(null, [{ address: target.address, family: target.family }])
      : cb(null, target.address, target.family)) as unknown as LookupFunction;
}

/**
 * A `lookup` for keep-alive agents: every NEW connection to the URL's host resolves and checks
 * again and connects to the checked address; reused sockets cost nothing. (A literal-address host
 * never reaches a lookup: judge() already decided it.)
 */
export function guardedLookup(raw: string, kind: OutboundKind, env?: NodeJS.ProcessEnv): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    resolveOutbound(raw, { kind, env }).then(
      (t) => (opts?.all ? cb(null, [{ address: t.address, family: t.family }]) : cb(null, t.address, t.family)),
      (e) => cb(e),
    );
  }) as unknown as LookupFunction;
}

/**
 * POSTs a JSON body to a webhook-kind target (Slack and webhook channels, audit streams): the
 * target is checked and the socket pinned to the checked address; redirects are not followed (the
 * 3xx comes back as the status); at most `maxAnswerBytes` of the answer are kept (the rest is
 * read and dropped). A failed connection's error names the origin only.
 */
export async function postJsonChecked(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs?: number; ca?: string | null; maxAnswerBytes?: number } = {},
): Promise<{ status: number; text: string; origin: string }> {
  const target = await resolveOutbound(rawUrl, { kind: "webhook" });
  const { url } = target;
  const payload = Buffer.from(body);
  const keep = opts.maxAnswerBytes ?? 0;
  return new Promise<{ status: number; text: string; origin: string }>((resolve, reject) => {
    const req = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(payload.length), ...headers },
        lookup: pinnedLookup(target),
        agent: false,
        timeout: opts.timeoutMs ?? FETCH_TIMEOUT_MS,
        ...(url.protocol === "https:" && opts.ca ? { ca: opts.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= keep) chunks.push(c);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), origin: url.origin }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(payload);
  }).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`POST ${url.origin} failed: ${e.code ?? e.message}`);
  });
}

const FETCH_TIMEOUT_MS = 10_000;
const FETCH_MAX_BYTES = 1024 * 1024;

/**
 * fetch() through the guard, for the IdP calls (Auth.js `customFetch`, jose's JWKS, discovery,
 * "test connection"): the target is checked and the socket pinned to the checked address; no
 * redirects are followed (a 3xx comes back as it is); bodies over 1 MiB fail.
 */
export async function outboundFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const req = new Request(input, { ...init, redirect: "manual" });
  const target = await resolveOutbound(req.url, { kind: "endpoint" });
  const body = req.body ? Buffer.from(await req.arrayBuffer()) : null;
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => (headers[k] = v));
  if (body) headers["content-length"] = String(body.length);
  const signal = init?.signal ?? AbortSignal.timeout(FETCH_TIMEOUT_MS);
  return new Promise<Response>((resolve, reject) => {
    const out = (target.url.protocol === "https:" ? https : http).request(
      target.url,
      { method: req.method, headers, lookup: pinnedLookup(target), agent: false, signal, timeout: FETCH_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > FETCH_MAX_BYTES)
            res.destroy(new Error(`the answer from ${target.url.origin} is larger than 1 MiB`));
          else chunks.push(c);
        });
        res.on("error", reject);
        res.on("end", () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) h.append(k, x);
          const status = res.statusCode ?? 502;
          const empty = status === 204 || status === 304 || req.method === "HEAD";
          resolve(
            new Response(empty ? null : Buffer.concat(chunks), {
              status: status < 200 || status > 599 ? 502 : status,
              headers: h,
            }),
          );
        });
      },
    );
    out.on("timeout", () =>
      out.destroy(Object.assign(new Error(`${target.url.origin} did not answer in time`), { name: "TimeoutError" })),
    );
    out.on("error", reject);
    out.end(body ?? undefined);
  });
}
