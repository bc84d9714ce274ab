"use server";
// Settings -> Break-glass (ADR 0039): turn the emergency sign-in on or off, and issue the calling
// admin's one-time code (answered once; only its hash is stored). Both audited.
import { z } from "zod";
import { action } from "@/lib/http/action";
import { clientIp } from "@/lib/http/client-ip";
import { requestHeaders } from "@/lib/http/request-scope";
import { issueBreakGlassCode, setBreakGlass } from "@/lib/identity/break-glass";

export const setBreakGlassAction = action(
  { permission: "break_glass.manage", input: z.object({ enabled: z.boolean() }) },
  async ({ tx, actor, input }) => setBreakGlass(tx, actor, input.enabled, clientIp(await requestHeaders())),
);

export const issueBreakGlassCodeAction = action(
  { permission: "break_glass.manage", input: z.object({}) },
  async ({ tx, actor }) => issueBreakGlassCode(tx, actor, clientIp(await requestHeaders())),
);
