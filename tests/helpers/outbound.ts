// The outbound guard's opt-in for the local servers tests start (fixture upstreams, JWKS and
// discovery servers, webhook receivers): WARDEN_OUTBOUND_ALLOW gains exactly that host:port, so
// every other loopback port stays refused, as in production.
import { OUTBOUND_ALLOW_ENV } from "@/lib/net/outbound";

export function allowOutbound(url: string): void {
  const u = new URL(url);
  const entry = `${u.hostname}:${u.port || (u.protocol === "https:" ? 443 : 80)}`;
  const list = (process.env[OUTBOUND_ALLOW_ENV] ?? "").split(",").filter(Boolean);
  if (!list.includes(entry)) process.env[OUTBOUND_ALLOW_ENV] = [...list, entry].join(",");
}
