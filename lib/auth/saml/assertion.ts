// Checks and extraction on the SIGNED assertion only: the caller passes the XML that the
// signature library returned as verified (the signed reference), never the raw document, so
// a wrapped or altered copy elsewhere in the message can never feed identity or conditions.
import "server-only";
import { childElements, firstChild, NS, parseStrict } from "./guards";
import { SamlError, type SamlAttributeNames, type SamlSpConfig } from "./types";

const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

export const DEFAULT_ATTRIBUTES: Required<SamlAttributeNames> = {
  email: [
    "email",
    "mail",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
  ],
  name: [
    "name",
    "displayName",
    "http://schemas.microsoft.com/identity/claims/displayname",
    "urn:oid:2.16.840.1.113730.3.1.241",
  ],
  roles: ["roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"],
  groups: ["groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"],
};

export interface VerifiedAssertion {
  id: string;
  issuer: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  /** When the replay record may be dropped: the earliest NotOnOrAfter plus skew. */
  notOnOrAfter: Date;
  /** InResponseTo of the accepted bearer SubjectConfirmationData, when present. */
  inResponseTo?: string;
  attributes: Record<string, string[]>;
}

function time(value: string | null, what: string): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new SamlError("malformed", `${what} is not a valid instant`);
  return ms;
}

/** NotBefore / NotOnOrAfter with the configured skew (SAML core 2.5.1.2 and 2.4.1.2 semantics). */
function checkWindow(el: Element, what: string, now: number, skewMs: number, requireEnd: boolean): number {
  const notBefore = time(el.getAttribute("NotBefore"), `${what} NotBefore`);
  const notOnOrAfter = time(el.getAttribute("NotOnOrAfter"), `${what} NotOnOrAfter`);
  if (notBefore !== undefined && now + skewMs < notBefore)
    throw new SamlError("not_yet_valid", `${what} is not yet valid`);
  if (notOnOrAfter === undefined) {
    if (requireEnd) throw new SamlError("subject_confirmation_invalid", `${what} has no NotOnOrAfter`);
    return Number.POSITIVE_INFINITY;
  }
  if (now - skewMs >= notOnOrAfter)
    throw new SamlError("expired", `${what} expired at ${new Date(notOnOrAfter).toISOString()}`);
  return notOnOrAfter;
}

/** How old a Response or Assertion may be (its IssueInstant), before the skew is added. */
export const SAML_MAX_AGE_MS = 5 * 60_000;

/**
 * IssueInstant is required (SAML core 3.2.2 and 2.3.3) and must be recent: a response minted long
 * ago whose IdP set a generous NotOnOrAfter is still refused. Future instants beyond skew too.
 */
export function checkIssueInstant(el: Element, what: string, now: number, skewMs: number): void {
  const issued = time(el.getAttribute("IssueInstant"), `${what} IssueInstant`);
  if (issued === undefined) throw new SamlError("malformed", `${what} has no IssueInstant`);
  if (issued > now + skewMs) throw new SamlError("not_yet_valid", `${what} was issued in the future`);
  if (issued < now - SAML_MAX_AGE_MS - skewMs) {
    throw new SamlError("stale", `${what} was issued at ${new Date(issued).toISOString()}, more than 5 minutes ago`);
  }
}

export function checkSignedAssertion(signedXml: string, config: SamlSpConfig, now = Date.now()): VerifiedAssertion {
  const assertion = parseStrict(signedXml).documentElement!;
  if (assertion.namespaceURI !== NS.assertion || assertion.localName !== "Assertion")
    throw new SamlError("malformed", "Signed data is not an assertion");
  const skewMs = Math.min(Math.max(config.clockSkewSeconds, 0), 60) * 1000;
  const id = assertion.getAttribute("ID") ?? "";
  if (!id) throw new SamlError("malformed", "Assertion has no ID");

  checkIssueInstant(assertion, "Assertion", now, skewMs);

  const issuer = firstChild(assertion, NS.assertion, "Issuer")?.textContent?.trim() ?? "";
  if (issuer !== config.idpEntityId)
    throw new SamlError("issuer_mismatch", `Assertion issuer ${issuer || "(none)"} is not the configured IdP`);

  const conditions = childElements(assertion, NS.assertion, "Conditions");
  if (conditions.length !== 1)
    throw new SamlError("audience_mismatch", "The assertion must carry exactly one Conditions element");
  const condEnd = checkWindow(conditions[0], "Conditions", now, skewMs, false);
  const restrictions = childElements(conditions[0], NS.assertion, "AudienceRestriction");
  // Every AudienceRestriction must name us (they are ANDed); at least one must exist.
  const audienceOk =
    restrictions.length > 0 &&
    restrictions.every((r) =>
      childElements(r, NS.assertion, "Audience").some((a) => a.textContent?.trim() === config.spEntityId),
    );
  if (!audienceOk) throw new SamlError("audience_mismatch", "The assertion is not addressed to this service provider");

  const subject = firstChild(assertion, NS.assertion, "Subject");
  const nameIdEl = firstChild(subject, NS.assertion, "NameID");
  // textContent joins every text node, so a comment splitting the value could never truncate it
  // (comments are refused earlier anyway).
  const nameId = nameIdEl?.textContent?.trim() ?? "";
  if (!subject || !nameId) throw new SamlError("missing_subject", "The assertion has no NameID");

  const confirmations = childElements(subject, NS.assertion, "SubjectConfirmation").filter(
    (c) => c.getAttribute("Method") === BEARER,
  );
  if (confirmations.length === 0) throw new SamlError("subject_confirmation_invalid", "No bearer SubjectConfirmation");
  let accepted: { end: number; inResponseTo?: string } | undefined;
  let firstError: SamlError | undefined;
  for (const c of confirmations) {
    try {
      const data = firstChild(c, NS.assertion, "SubjectConfirmationData");
      if (!data) throw new SamlError("subject_confirmation_invalid", "SubjectConfirmationData is missing");
      const recipient = data.getAttribute("Recipient");
      if (recipient !== config.acsUrl)
        throw new SamlError("recipient_mismatch", `Recipient ${recipient ?? "(none)"} is not this ACS URL`);
      const end = checkWindow(data, "SubjectConfirmationData", now, skewMs, true);
      accepted = { end, inResponseTo: data.getAttribute("InResponseTo") || undefined };
      break;
    } catch (e) {
      firstError ??= e as SamlError;
    }
  }
  if (!accepted) throw firstError!;

  const nameIdFormat = nameIdEl?.getAttribute("Format") || undefined;
  const sessionIndex = firstChild(assertion, NS.assertion, "AuthnStatement")?.getAttribute("SessionIndex") || undefined;
  return {
    id,
    issuer,
    nameId,
    nameIdFormat,
    sessionIndex,
    notOnOrAfter: new Date(Math.min(condEnd, accepted.end) + skewMs),
    inResponseTo: accepted.inResponseTo,
    attributes: readAttributes(assertion),
  };
}

function readAttributes(assertion: Element): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const statement of childElements(assertion, NS.assertion, "AttributeStatement")) {
    for (const attr of childElements(statement, NS.assertion, "Attribute")) {
      const name = attr.getAttribute("Name");
      if (!name) continue;
      const values = childElements(attr, NS.assertion, "AttributeValue")
        .map((v) => v.textContent?.trim() ?? "")
        .filter(Boolean);
      out[name] = [...(out[name] ?? []), ...values];
    }
  }
  return out;
}

/** First value among the configured names, case-insensitive on the attribute name. */
export function pickAttribute(attrs: Record<string, string[]>, names: string[]): string[] {
  const lower = new Map(Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), v]));
  for (const n of names) {
    const v = lower.get(n.toLowerCase());
    if (v?.length) return v;
  }
  return [];
}
