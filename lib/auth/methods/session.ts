// Session cookie (console). Filled in by the SSO work; no sessions exist yet.
import "server-only";
import type { AuthMethodResolver } from "./types";

export const resolveSession: AuthMethodResolver = async () => null;
