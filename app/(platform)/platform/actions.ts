"use server";
// Sign-out for platform operators: the operator's session resolves on the "platform" surface only.
import { z } from "zod";
import { signOut } from "@/lib/auth/sso";
import { action } from "@/lib/http/action";

export const signOutOperatorAction = action(
  { permission: "platform.operate", surface: "platform", input: z.object({}), tenantTx: false },
  async (): Promise<void> => {
    await signOut({ redirectTo: "/signin?signed_out=1" });
  },
);
