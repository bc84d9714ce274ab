// Trusted-proxy identity headers. Off until configured; presented while off => 401.
import "server-only";
import { WardenError } from "@/lib/errors";
import type { AuthMethodResolver } from "./types";

export const PROXY_HEADERS = ["x-warden-proxy-secret", "x-warden-user", "x-warden-tenant", "x-warden-role"] as const;

export const resolveTrustedProxy: AuthMethodResolver = async ({ headers }) => {
  if (!PROXY_HEADERS.some((h) => headers.has(h))) return null;
  throw new WardenError("invalid_credentials", "Trusted-proxy authentication is not enabled");
};
