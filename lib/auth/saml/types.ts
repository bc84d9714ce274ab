// Types for the SAML service provider: the per-tenant configuration, the one-time stores the
// validator needs (replay cache, RelayState) and the refusal reasons. Every refusal carries a
// machine-readable reason so tests, audit entries and operators see exactly which check failed.

/** Assertion attribute names to read; defaults suit Microsoft Entra ID and most SAML IdPs. */
export interface SamlAttributeNames {
  email?: string[];
  name?: string[];
  roles?: string[];
  groups?: string[];
}

export interface SamlSpConfig {
  tenantSlug: string;
  /** Our entity id: {base}/v1/auth/saml/{tenant}/metadata */
  spEntityId: string;
  /** Our assertion consumer service: {base}/v1/auth/saml/{tenant}/acs */
  acsUrl: string;
  idpEntityId: string;
  /** PEM (or bare base64) of the IdP signing certificate(s); more than one during IdP key rollover. */
  idpCertificatePem: string | string[];
  /** When true, the Response element itself must carry a valid signature too. */
  requireResponseSignature: boolean;
  /** Allowed clock skew in seconds; capped at 60. */
  clockSkewSeconds: number;
  attributes?: SamlAttributeNames;
}

export interface SamlReplayStore {
  /**
   * Atomically records the assertion id until notOnOrAfter. Returns true when the id was
   * already recorded (a replay), false when this is its first use.
   */
  seen(assertionId: string, notOnOrAfter: Date): Promise<boolean>;
}

export interface RelayStateRecord {
  purpose: "api" | "browser";
  /** The AuthnRequest id we sent, when the login was SP-initiated through Warden. */
  requestId?: string | null;
}

export interface SamlRelayStateStore {
  /** One-time: returns the record the first time, null for unknown, expired or already used values. */
  consume(relayState: string): Promise<RelayStateRecord | null>;
}

export interface SamlValidationContext {
  replay: SamlReplayStore;
  relayStates: SamlRelayStateStore;
  relayState?: string | null;
}

export interface SamlIdentity {
  nameId: string;
  nameIdFormat?: string;
  email?: string;
  name?: string;
  roles: string[];
  groups: string[];
  assertionId: string;
  issuer: string;
  sessionIndex?: string;
  notOnOrAfter: Date;
  responseSigned: boolean;
  purpose: RelayStateRecord["purpose"];
  attributes: Record<string, string[]>;
}

export const SAML_REFUSALS = [
  "body_too_large",
  "malformed",
  "doctype_forbidden",
  "xml_comment_forbidden",
  "signature_wrapping",
  "assertion_unsigned",
  "signature_invalid",
  "response_signature_required",
  "weak_algorithm",
  "status_not_success",
  "destination_mismatch",
  "recipient_mismatch",
  "issuer_mismatch",
  "audience_mismatch",
  "not_yet_valid",
  "expired",
  "stale",
  "subject_confirmation_invalid",
  "in_response_to_mismatch",
  "replayed",
  "relay_state_invalid",
  "missing_subject",
  "missing_response",
  "not_configured",
  "role_unmapped",
] as const;

export type SamlRefusal = (typeof SAML_REFUSALS)[number];

export class SamlError extends Error {
  readonly reason: SamlRefusal;
  constructor(reason: SamlRefusal, message: string) {
    super(message);
    this.name = "SamlError";
    this.reason = reason;
  }
}

export const SAML_MAX_BODY_BYTES = 256 * 1024;
