"use server";
// Live validation of a rule condition in the Monitoring page, with the same strict parser the
// API uses (so the console and /v1 accept and refuse exactly the same text).
import { z } from "zod";
import { action } from "@/lib/http/action";
import { checkCondition } from "@/lib/monitoring/condition";

export const validateConditionAction = action(
  { permission: "monitoring.read", input: z.object({ condition: z.string().max(400) }), tenantTx: false },
  async ({ input }) => {
    const r = checkCondition(input.condition);
    return r.ok
      ? { ok: true as const, text: r.condition.text, window: r.condition.window }
      : { ok: false as const, message: r.message, position: r.position };
  },
);
