// x-bf-vk virtual key (gateway surface only). Until governance lands, refused (fail closed).
import "server-only";
import { WardenError } from "@/lib/errors";
import type { AuthMethodResolver } from "./types";

export const resolveVirtualKey: AuthMethodResolver = async ({ headers }) => {
  if (!headers.get("x-bf-vk")) return null;
  throw new WardenError("virtual_key_not_found", "The virtual key is not valid");
};
