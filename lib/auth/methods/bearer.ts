// Authorization: Bearer - control-plane API key (wdn_ prefix) or OIDC JWT.
// Until those land, any bearer credential is refused (fail closed).
import "server-only";
import { WardenError } from "@/lib/errors";
import type { AuthMethodResolver } from "./types";

export const resolveBearer: AuthMethodResolver = async ({ headers }) => {
  if (!headers.get("authorization")) return null;
  throw new WardenError("invalid_credentials", "The credentials presented are not valid");
};
