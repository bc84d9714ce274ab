// Per-tenant SCIM bearer token (only under /scim/v2). Filled in by the SCIM work.
import "server-only";
import { WardenError } from "@/lib/errors";
import type { AuthMethodResolver } from "./types";

export const resolveScimToken: AuthMethodResolver = async ({ headers }) => {
  if (!headers.get("authorization")) return null;
  throw new WardenError("invalid_credentials", "The SCIM token is not valid");
};
