"use server";
// "Verify now" on the Audit page: re-checks audit.verify on the server, then verifies the
// tenant's chain through lib/audit (which records the result and audits who asked).
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { VerifyActionState } from "@/components/audit/types";
import { auditActor } from "@/lib/audit/append";
import { verifyTenant } from "@/lib/audit/verification";
import { requestIds } from "@/lib/http/request-context";
import { auditViewer, holds } from "./access";

export async function verifyNowAction(_prev: VerifyActionState, _form: FormData): Promise<VerifyActionState> {
  const actor = await auditViewer();
  if (!actor) return { status: "error", message: "Your session has ended. Sign in again to verify the chain." };
  if (!holds(actor, "audit.verify")) return { status: "error", message: "Your role does not include audit.verify." };
  const { requestId } = requestIds(await headers());
  try {
    const r = await verifyTenant(actor.tenantId, {
      trigger: "api",
      actor: auditActor({ kind: "user", subject: actor.subject, userId: actor.userId, authMethod: actor.authMethod, displayName: actor.displayName, email: actor.email }),
      requestId,
    });
    revalidatePath("/audit");
    return r.verified
      ? { status: "done", verified: true, message: `Chain verified: ${r.checked} entries checked.` }
      : { status: "done", verified: false, message: `Chain broken at seq ${r.first_bad_seq}: ${r.reason}` };
  } catch (e) {
    console.error("audit verify failed", requestId, e);
    return { status: "error", message: `Verification could not run. Quote request id ${requestId} to your administrator.` };
  }
}
