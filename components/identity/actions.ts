// The server actions Settings -> Identity calls, handed down by its page (app/(console)/settings/
// identity): browser code never imports app/ (docs/ARCHITECTURE.md, "Layers").
import type { ActionResult } from "@/lib/http/action-result";
import type { ConnectionResult } from "@/lib/identity/test-connection";

type Said = ActionResult<{ message: string }>;

export interface IdentityActions {
  saveProvider(input: Record<string, unknown>): Promise<Said>;
  deleteProvider(input: { id: string }): Promise<Said>;
  testConnection(input: { id: string }): Promise<ActionResult<ConnectionResult>>;
  setMfaRequired(input: { required: boolean }): Promise<Said>;
}
