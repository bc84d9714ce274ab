// The one audit append. Every audited change calls this with the SAME transaction client
// as the change, so there is no change without its entry. The chained, tamper-evident
// implementation is built by the audit-trail work; this signature is the contract.
import "server-only";
import type { AuthMethod } from "@/lib/auth/actor";
import type { TenantTx } from "@/lib/tenancy/with-tenant";

export type AuditOutcome = "success" | "failure" | "denied";

export interface AuditActorRef {
  kind: string;
  subject: string;
  userId?: string;
  authMethod?: AuthMethod;
}

export interface AuditEvent {
  /** dotted action, e.g. auth.login, api_key.create, privilege_escalation_attempt */
  action: string;
  outcome: AuditOutcome;
  actor: AuditActorRef;
  target?: { type: string; id?: string };
  details?: Record<string, unknown>;
  ip?: string;
  requestId?: string;
}

/** Interim: records nothing until the chained trail lands (audit-trail work replaces this body). */
export async function appendAudit(_tx: TenantTx, _event: AuditEvent): Promise<void> {}
