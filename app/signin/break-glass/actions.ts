"use server";
// Break-glass sign-in (ADR 0039): public, for when the organization's IdP is down. Two admins'
// one-time codes, an admin's e-mail and the organization's slug; every refusal is the same answer
// (the reason is in the tenant's audit trail), counted by the sign-in throttle. Success sets the
// ordinary session cookie of a break_glass session record and opens the console.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { WardenError } from "@/lib/errors";
import { publicAction } from "@/lib/http/action";
import { clientIp } from "@/lib/http/client-ip";
import { breakGlassSignIn } from "@/lib/identity/break-glass";

const field = z.string().max(200).default("");

export const breakGlassSignInAction = publicAction(
  { input: z.object({ tenant: field, email: field, code_1: field, code_2: field }) },
  async ({ input, headers, requestId }): Promise<void> => {
    let cookie: Awaited<ReturnType<typeof breakGlassSignIn>>["cookie"];
    try {
      ({ cookie } = await breakGlassSignIn({
        tenantSlug: input.tenant,
        email: input.email,
        codes: [input.code_1, input.code_2],
        ip: clientIp(headers),
        userAgent: headers.get("user-agent"),
        requestId,
      }));
    } catch (e) {
      if (e instanceof WardenError && e.type === "rate_limited") redirect("/signin/break-glass?error=rate_limited");
      if (e instanceof WardenError && e.type === "invalid_credentials") redirect("/signin/break-glass?error=refused");
      throw e;
    }
    (await cookies()).set(cookie.name, cookie.value, cookie.options);
    redirect("/");
  },
);
