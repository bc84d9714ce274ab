// The audit taxonomy: five categories and the typed action names Warden emits. Pure data,
// safe in the browser (the Audit page's filters read it). An action not listed here still
// records (other domains may add theirs), classified by its prefix.

export const AUDIT_CATEGORIES = ["access", "usage", "data", "security", "admin"] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const AUDIT_ACTIONS = {
  // access: who got in, who did not
  "auth.login": "access",
  "auth.login_failed": "access",
  "auth.mfa_required": "access",
  "auth.logout": "access",
  "auth.mfa_failed": "access",
  "auth.session_revoked": "access",
  "auth.session_end": "access",
  "auth.idp_sync": "security",
  "saml.assertion_accepted": "access",
  "saml.assertion_rejected": "access",
  // security: power changes and their attempts, the sign-in policy, the chain itself
  privilege_escalation: "security",
  privilege_escalation_attempt: "security",
  "role.assign": "security",
  "role.create": "security",
  "role.update": "security",
  "role.delete": "security",
  "authz.denied": "security",
  "tenant.mfa_policy.update": "security",
  "tenant.session_policy.update": "security",
  "tenant.network_rules.update": "security",
  "network.ip_refused": "access",
  // support access (ADR 0037): granted, revoked, entered; entries under it carry auth method "support"
  "support.grant": "security",
  "support.revoke": "security",
  "support.enter": "access",
  // a platform operator's lifecycle changes, in the tenant's own chain (ADR 0032)
  "tenant.create": "security",
  "tenant.suspend": "security",
  "tenant.resume": "security",
  // the first admin invited by e-mail (ADR 0038)
  "tenant.invitation_sent": "security",
  "tenant.invitation_accepted": "security",
  "tenant.invitation_refused": "security",
  "audit.verify": "security",
  "audit.chain_broken": "security",
  // admin: configuration of people, keys, identity and provisioning
  "user.create": "admin",
  "user.update": "admin",
  "user.delete": "admin",
  "user.deactivate": "admin",
  "team.create": "admin",
  "team.update": "admin",
  "team.delete": "admin",
  "customer.create": "admin",
  "customer.update": "admin",
  "customer.delete": "admin",
  "api_key.create": "admin",
  "api_key.rotate": "admin",
  "api_key.revoke": "admin",
  "provider.create": "admin",
  "provider.update": "admin",
  "provider.delete": "admin",
  "virtual_key.create": "admin",
  "virtual_key.update": "admin",
  "virtual_key.delete": "admin",
  "virtual_key.rotate": "admin",
  "virtual_key.revoke": "admin",
  "virtual_key.reveal": "security",
  "identity_provider.create": "admin",
  "identity_provider.update": "admin",
  "identity_provider.delete": "admin",
  "scim.user.create": "admin",
  "scim.user.update": "admin",
  "scim.user.deactivate": "admin",
  "scim.user.reactivate": "admin",
  "scim.user.delete": "admin",
  "scim.group.create": "admin",
  "scim.group.update": "admin",
  "scim.group.delete": "admin",
  "scim.token.create": "admin",
  "scim.token.rotate": "admin",
  "scim.token.revoke": "admin",
  "scim.settings.update": "admin",
  "monitoring.rule_create": "admin",
  "monitoring.rule_update": "admin",
  "monitoring.rule_delete": "admin",
  "monitoring.channels_update": "admin",
  "monitoring.alert_acknowledge": "security",
  "monitoring.alert_resolve": "security",
  "compliance.framework_update": "admin",
  "approval.request": "security",
  "approval.approve": "security",
  "approval.reject": "security",
  "approval.consume": "security",
  "audit.settings_update": "admin",
  "audit.prune": "admin",
  "audit.stream_create": "security",
  "audit.stream_update": "security",
  "audit.stream_delete": "security",
  "audit.stream_backfill": "security",
  // data: what left the system
  "audit.export": "data",
  "report.create": "data",
  "report.generate": "data",
  "report.failed": "data",
  "report.download": "data",
  "report.schedule_create": "data",
  "report.schedule_update": "data",
  "report.schedule_delete": "data",
  "data.export": "data",
  "privacy.erasure": "data",
  // privacy (lib/privacy): data subject requests, retention, gateway policies, consent
  "privacy.request.created": "data",
  "privacy.request.approved": "data",
  "privacy.request.rejected": "data",
  "privacy.request.completed": "data",
  "privacy.request.exported": "data",
  "privacy.erased_subject.refused": "security",
  "privacy.retention.updated": "admin",
  "privacy.retention.run": "data",
  "privacy.policy.updated": "admin",
  "privacy.policy.deleted": "admin",
  "privacy.policy.redact": "usage",
  "privacy.policy.record": "usage",
  "consent.granted": "data",
  "consent.withdrawn": "data",
  // usage: the gateway's refusals (gateway.<error type>) and alerts
  "gateway.virtual_key_not_found": "usage",
  "gateway.virtual_key_blocked": "usage",
  "gateway.user_not_authorized": "usage",
  "gateway.provider_blocked": "usage",
  "gateway.model_blocked": "usage",
  "gateway.rate_limited": "usage",
  "gateway.budget_exceeded": "usage",
  "gateway.compliance_violation": "usage",
  "monitoring.alert": "usage",
} as const satisfies Record<string, AuditCategory>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function categoryOf(action: string): AuditCategory {
  const known = (AUDIT_ACTIONS as Record<string, AuditCategory>)[action];
  if (known) return known;
  if (/^(auth|session|saml|oidc|mfa)\./.test(action)) return "access";
  if (/^(gateway|usage|budget|rate_limit)\./.test(action)) return "usage";
  if (/^(privilege|security|authz)/.test(action)) return "security";
  if (/(export|report|privacy|erasure)/.test(action)) return "data";
  return "admin";
}
