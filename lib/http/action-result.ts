// What every server action answers (see action.ts). Plain types only, so client components may
// import it: { ok: true, data } or { ok: false, error: { type, message, request_id, issues? } }.
import type { ErrorBody } from "@/lib/errors";

export type ActionError = ErrorBody["error"];
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

/** One line for a failed action: the message, then any field issues. */
export function actionErrorText(error: ActionError): string {
  return error.issues?.length
    ? `${error.message}: ${error.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`
    : error.message;
}
