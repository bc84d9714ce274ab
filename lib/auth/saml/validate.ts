// validateSamlResponse: the SAML ACS decision, independent of HTTP and the database.
// Order: one-time RelayState (spent by any attempt) -> size -> DTD -> parse -> structure
// (status, wrapping, signature placement, SHA-1) -> Response IssueInstant -> Destination / Response Issuer -> signature
// verification by @node-saml/node-saml (assertion signature always required, Response
// signature verified whenever present and requirable) -> our checks on the verified assertion
// bytes only -> replay -> InResponseTo. Every refusal is a SamlError with a specific reason.
//
// InResponseTo policy: a RelayState is always required and single-use. When the consumed
// RelayState carries the AuthnRequest id Warden sent, any InResponseTo (on the Response or the
// SubjectConfirmationData) must equal it; when it carries none, an InResponseTo is refused
// (the response answers a request we did not make). Unsolicited responses therefore need a
// RelayState Warden issued, which makes IdP-initiated login without Warden impossible by design.
import "server-only";
import { SAML } from "@node-saml/node-saml";
import { checkIssueInstant, checkSignedAssertion, DEFAULT_ATTRIBUTES, pickAttribute } from "./assertion";
import { checkResponseShape, decodeSamlResponse, firstChild, NS, parseStrict } from "./guards";
import { SamlError, type SamlIdentity, type SamlSpConfig, type SamlValidationContext } from "./types";

export { SamlError } from "./types";

function libraryReason(message: string): SamlError {
  const m = message.toLowerCase();
  if (
    m.includes("multiple assertions") ||
    m.includes("referenced node") ||
    m.includes("more than one element") ||
    m.includes("too many signatures")
  )
    return new SamlError("signature_wrapping", message);
  if (m.includes("signature"))
    return new SamlError("signature_invalid", "Signature verification failed (wrong certificate or altered content)");
  if (m.includes("audience")) return new SamlError("audience_mismatch", message);
  if (m.includes("not yet valid")) return new SamlError("not_yet_valid", message);
  if (m.includes("expired")) return new SamlError("expired", message);
  return new SamlError("malformed", message.slice(0, 160));
}

async function verifySignatures(
  b64: string,
  config: SamlSpConfig,
  responseSigned: boolean,
  skewMs: number,
): Promise<string> {
  const saml = new SAML({
    callbackUrl: config.acsUrl,
    issuer: config.spEntityId,
    audience: config.spEntityId,
    idpCert: config.idpCertificatePem,
    wantAssertionsSigned: true,
    // A present Response signature must verify even when not required.
    wantAuthnResponseSigned: responseSigned,
    acceptedClockSkewMs: skewMs,
    validateInResponseTo: "never" as never,
  });
  let result;
  try {
    result = await saml.validatePostResponseAsync({ SAMLResponse: b64 });
  } catch (e) {
    throw libraryReason(e instanceof Error ? e.message : String(e));
  }
  const xml = result.profile?.getAssertionXml?.();
  if (!xml) throw new SamlError("assertion_unsigned", "No signed assertion was verified");
  return xml;
}

export async function validateSamlResponse(
  xmlBase64: string,
  config: SamlSpConfig,
  ctx: SamlValidationContext,
): Promise<SamlIdentity> {
  // The RelayState is spent by this attempt whatever its outcome: one post per login start.
  const relay = ctx.relayState ? await ctx.relayStates.consume(ctx.relayState) : null;
  if (!relay)
    throw new SamlError(
      "relay_state_invalid",
      ctx.relayState ? "RelayState is unknown, expired or already used" : "RelayState is missing",
    );

  const skewMs = Math.min(Math.max(config.clockSkewSeconds, 0), 60) * 1000;
  const xml = decodeSamlResponse(xmlBase64);
  const doc = parseStrict(xml);
  const { root, responseSigned } = checkResponseShape(doc, config.requireResponseSignature);

  // The Response's own age, before any signature work (its Assertion is checked on verified bytes).
  checkIssueInstant(root, "Response", Date.now(), skewMs);
  const destination = root.getAttribute("Destination");
  if (destination !== config.acsUrl)
    throw new SamlError("destination_mismatch", `Destination ${destination || "(none)"} is not this ACS URL`);
  const responseIssuer = firstChild(root, NS.assertion, "Issuer")?.textContent?.trim();
  if (responseIssuer !== undefined && responseIssuer !== config.idpEntityId) {
    throw new SamlError("issuer_mismatch", `Response issuer ${responseIssuer} is not the configured IdP`);
  }

  const signedAssertionXml = await verifySignatures(xmlBase64.replace(/\s/g, ""), config, responseSigned, skewMs);
  const verified = checkSignedAssertion(signedAssertionXml, config);
  // The library parses the same bytes; make sure it verified the assertion we inspected.
  const rawId = firstChild(root, NS.assertion, "Assertion")?.getAttribute("ID");
  if (rawId !== verified.id)
    throw new SamlError("signature_wrapping", "The verified assertion is not the one in the message");

  if (await ctx.replay.seen(verified.id, verified.notOnOrAfter))
    throw new SamlError("replayed", "This assertion was already used");

  const inResponseTo = [root.getAttribute("InResponseTo") || undefined, verified.inResponseTo].filter(Boolean);
  if (inResponseTo.some((v) => v !== relay.requestId))
    throw new SamlError("in_response_to_mismatch", "InResponseTo does not match the request this login started");

  const names = { ...DEFAULT_ATTRIBUTES, ...config.attributes };
  const email =
    pickAttribute(verified.attributes, names.email)[0] ?? (verified.nameId.includes("@") ? verified.nameId : undefined);
  return {
    nameId: verified.nameId,
    nameIdFormat: verified.nameIdFormat,
    email: email?.toLowerCase(),
    name: pickAttribute(verified.attributes, names.name)[0],
    roles: pickAttribute(verified.attributes, names.roles),
    groups: pickAttribute(verified.attributes, names.groups),
    assertionId: verified.id,
    issuer: verified.issuer,
    sessionIndex: verified.sessionIndex,
    notOnOrAfter: verified.notOnOrAfter,
    responseSigned,
    purpose: relay.purpose,
    attributes: verified.attributes,
  };
}
