// No escalation: nobody grants a role, edits a custom role, assigns a user or mints a key with
// more power than they hold. An attempt is refused with 403 and audited as
// privilege_escalation_attempt. The entry must outlive the refused transaction, so the error
// carries the event and the route/action wrapper writes it after the rollback (recordRefusal).
import "server-only";
import type { Actor, ResourceScope } from "@/lib/auth/actor";
import { auditActor, type AuditEvent } from "@/lib/audit/append";
import { AuditedRefusal } from "@/lib/audit/refusal";
import type { Permission } from "./permissions";
import { scopeWithin, touchesTeamResources } from "./scope";

export class EscalationDenied extends AuditedRefusal {
  constructor(message: string, auditEvent: AuditEvent) {
    super("user_not_authorized", message, auditEvent);
  }
}

export interface EscalationRequest {
  permissions: Iterable<Permission>;
  /** The scope the grant would carry (undefined = unlimited). */
  scope?: ResourceScope;
  /** What is being granted, for the audit entry, e.g. { type: "api_key" } or { type: "user", id }. */
  target?: AuditEvent["target"];
}

/**
 * Throws EscalationDenied when the request exceeds the actor's permissions or scope.
 * Returns the sorted requested permissions otherwise. The API-key minting reuses this.
 */
export function assertNoEscalation(actor: Actor, requested: Iterable<Permission> | EscalationRequest): Permission[] {
  const req: EscalationRequest =
    Symbol.iterator in Object(requested)
      ? { permissions: requested as Iterable<Permission> }
      : (requested as EscalationRequest);
  const attempted = [...new Set(req.permissions)].sort();
  const excess = attempted.filter((p) => !actor.permissions.has(p));
  // Scope only limits team-owned resources, so a grant without such permissions needs none.
  const widerScope = touchesTeamResources(attempted) && !scopeWithin(req.scope, actor.scope);
  if (excess.length === 0 && !widerScope) return attempted;
  throw new EscalationDenied(
    excess.length
      ? `You cannot grant permissions you do not hold: ${excess.join(", ")}`
      : "You cannot grant access beyond your own resource scope",
    {
      action: "privilege_escalation_attempt",
      outcome: "denied",
      actor: auditActor(actor),
      target: req.target,
      requestId: actor.requestId,
      details: {
        attempted_permissions: attempted,
        held_permissions: [...actor.permissions].sort(),
        excess_permissions: excess,
        ...(widerScope ? { attempted_scope: req.scope ?? null, held_scope: actor.scope ?? null } : {}),
      },
    },
  );
}

/** The audit event a successful grant that widens someone's permissions produces. */
export function grantedIncrease(
  actor: Actor,
  target: AuditEvent["target"],
  before: Iterable<Permission>,
  after: Iterable<Permission>,
): AuditEvent | null {
  const had = new Set(before);
  const added = [...new Set(after)].filter((p) => !had.has(p)).sort();
  if (added.length === 0) return null;
  return {
    action: "privilege_escalation",
    outcome: "success",
    actor: auditActor(actor),
    target,
    requestId: actor.requestId,
    details: {
      added_permissions: added,
      previous_permissions: [...had].sort(),
      new_permissions: [...new Set(after)].sort(),
    },
  };
}
