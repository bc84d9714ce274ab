// What Settings -> Identity's forms call (./use-identity-actions.ts, through /v1), each answered
// with the line the form shows.
import type { ActionResult } from "@/lib/http/action-result";
import type { ConnectionResult } from "@/lib/identity/test-connection";

type Said = ActionResult<{ message: string }>;

export interface IdentityActions {
  saveProvider(input: Record<string, unknown>): Promise<Said>;
  deleteProvider(input: { id: string }): Promise<Said>;
  testConnection(input: { id: string }): Promise<ActionResult<ConnectionResult>>;
  setMfaRequired(input: { required: boolean }): Promise<Said>;
}
