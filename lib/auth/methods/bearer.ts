// Authorization: Bearer - a control-plane API key (wdn_ prefix) or an OIDC JWT. Anything
// else is refused. A JWT that fails verification is a final 401: it is never retried as an
// API key or anything else. Failed attempts are throttled per client and per subject.
import "server-only";
import { decodeJwt } from "jose";
import { authenticateApiKey } from "@/lib/auth/api-keys/authenticate";
import { looksLikeApiKey } from "@/lib/auth/api-keys/secret";
import { authenticateJwt, looksLikeJwt } from "@/lib/auth/oidc/verify";
import { bearerClientThrottle, bearerSubjectThrottle } from "@/lib/auth/throttle";
import { clientIp } from "@/lib/http/client-ip";
import { WardenError } from "@/lib/errors";
import type { AuthMethodResolver } from "./types";

function bearerToken(headers: Headers): string | null {
  const raw = headers.get("authorization");
  if (!raw) return null;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(raw);
  if (!m) throw new WardenError("invalid_credentials", "The Authorization header must be `Bearer <token>`");
  return m[1];
}

/** Who an attempt claims to be, for the per-subject throttle (never the secret itself). */
function claimedSubject(token: string): string {
  if (looksLikeApiKey(token)) return `key:${token.slice(0, 10)}`;
  try {
    const { sub, iss } = decodeJwt(token);
    return `jwt:${iss ?? ""}|${sub ?? ""}`;
  } catch {
    return "other";
  }
}

export const resolveBearer: AuthMethodResolver = async ({ headers, ids }) => {
  const token = bearerToken(headers);
  if (token === null) return null;
  const keys = [`ip:${clientIp(headers)}`];
  const subject = [claimedSubject(token)];
  bearerClientThrottle.check(keys);
  bearerSubjectThrottle.check(subject);
  try {
    if (looksLikeApiKey(token)) return await authenticateApiKey(token, ids);
    if (looksLikeJwt(token)) return await authenticateJwt(token, ids);
    throw new WardenError("invalid_credentials", "The credentials presented are not valid");
  } catch (e) {
    if (e instanceof WardenError && e.status === 401) {
      bearerClientThrottle.fail(keys);
      bearerSubjectThrottle.fail(subject);
    }
    throw e;
  }
};
