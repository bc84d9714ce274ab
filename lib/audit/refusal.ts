// A refusal that must be audited although its transaction rolls back (privilege escalation
// attempts, re-creating an erased person). The error carries the audit event; the route,
// action and SCIM wrappers write it in a fresh tenant transaction after the rollback.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { WardenError, type ErrorType } from "@/lib/errors";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { appendAudit, type AuditEvent } from "./append";
import { log } from "@/lib/observability/log";

export class AuditedRefusal extends WardenError {
  readonly auditEvent: AuditEvent;
  constructor(type: ErrorType, message: string, auditEvent: AuditEvent) {
    super(type, message);
    this.auditEvent = auditEvent;
  }
}

/** Writes the audit entry an AuditedRefusal carries, in its own tenant transaction. Other errors are ignored. */
export async function recordRefusal(
  actor: Pick<Actor, "tenantId" | "requestId"> | undefined,
  e: unknown,
): Promise<void> {
  if (!actor || !(e instanceof AuditedRefusal)) return;
  try {
    await withTenant(actor.tenantId, (tx) => appendAudit(tx, e.auditEvent));
  } catch (err) {
    // The refusal still stands; losing the entry is logged loudly for operators.
    log.error({ request_id: actor.requestId, action: e.auditEvent.action, err }, "could not record a refusal");
  }
}
