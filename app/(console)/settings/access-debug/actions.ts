"use server";
// Server action for Access debug: explain whether and why the console actor holds a permission
// (the same explainer as /v1/auth/debug?permission=). Anyone signed in may ask about themselves.
import { z } from "zod";
import { explainPermission } from "@/lib/auth/introspect";
import { action } from "@/lib/http/action";

export const explainAction = action(
  { permission: "authenticated", input: z.object({ permission: z.string().max(100) }), tenantTx: false },
  async ({ actor, input }) => explainPermission(actor, input.permission),
);
