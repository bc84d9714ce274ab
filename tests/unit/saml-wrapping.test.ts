// Signature wrapping (XSW) and comment injection against real signed XML. The attacker holds
// a genuinely signed response for their own account and rearranges it so that an unsigned,
// forged assertion is what a careless SP would read.
import { beforeAll, describe, expect, it } from "vitest";
import { SAML } from "@node-saml/node-saml";
import { checkSignedAssertion } from "@/lib/auth/saml/assertion";
import { spEndpoints } from "@/lib/auth/saml/metadata";
import { SamlError, type SamlSpConfig } from "@/lib/auth/saml/types";
import { validateSamlResponse } from "@/lib/auth/saml/validate";
import { b64, buildResponse, memoryStores, opensslKeyPair, signAssertion, type KeyPair } from "../helpers/saml-idp";

const IDP = "https://idp.acme.example/saml";
const sp = spEndpoints("http://127.0.0.1:3340", "acme");
let idp: KeyPair;
const config = (): SamlSpConfig => ({
  tenantSlug: "acme",
  ...sp,
  idpEntityId: IDP,
  idpCertificatePem: idp.cert,
  requireResponseSignature: false,
  clockSkewSeconds: 30,
});

beforeAll(() => {
  idp = opensslKeyPair("Acme wrapping IdP");
});

/** The attacker's genuinely signed response (their own, low-privilege account). */
function signedOwn(nameId = "mallory@acme.test") {
  return signAssertion(
    buildResponse({
      issuer: IDP,
      destination: sp.acsUrl,
      audience: sp.spEntityId,
      nameId,
      attributes: { roles: ["viewer"] },
    }).xml,
    idp,
  );
}
const ASSERTION = /<saml:Assertion[\s\S]*<\/saml:Assertion>/;
const unsignedPart = (a: string) =>
  a.replace(/<ds:Signature[\s\S]*<\/ds:Signature>|<Signature[\s\S]*<\/Signature>/, "");
/** A forged assertion: the signed one with the admin's identity and role, signature stripped, new ID. */
const forge = (a: string) =>
  unsignedPart(a)
    .replace("mallory@acme.test", "admin@acme.test")
    .replace(">viewer<", ">admin<")
    .replace(/ID="[^"]+"/, 'ID="_evil"');

async function reason(xml: string): Promise<string> {
  const stores = memoryStores();
  const e = await validateSamlResponse(b64(xml), config(), { ...stores, relayState: stores.issueRelayState() }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SamlError);
  return (e as SamlError).reason;
}

describe("SAML signature wrapping", () => {
  it("refuses a forged assertion placed before the signed one (XSW sibling)", async () => {
    const xml = signedOwn();
    const signed = xml.match(ASSERTION)![0];
    expect(await reason(xml.replace(signed, forge(signed) + signed))).toBe("signature_wrapping");
  });

  it("refuses the signed assertion hidden in Extensions with a forged one in its place", async () => {
    const xml = signedOwn();
    const signed = xml.match(ASSERTION)![0];
    const wrapped = xml
      .replace(signed, forge(signed))
      .replace("<samlp:Status>", `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
    expect(await reason(wrapped)).toBe("signature_wrapping");
  });

  it("refuses a forged assertion carrying the genuine signature (reference to another ID)", async () => {
    const xml = signedOwn();
    const signed = xml.match(ASSERTION)![0];
    const signature = signed.match(/<(ds:)?Signature[\s\S]*<\/(ds:)?Signature>/)![0];
    const forged = forge(signed).replace("</saml:Issuer>", `</saml:Issuer>${signature}`);
    expect(await reason(xml.replace(signed, forged))).toBe("signature_wrapping");
  });

  it("refuses a forged assertion that keeps the signed ID and signature (digest mismatch)", async () => {
    const xml = signedOwn();
    expect(await reason(xml.replace("mallory@acme.test", "admin@acme.test"))).toBe("signature_invalid");
  });

  it("the library on its own also refuses the wrapped message and never yields the forged identity", async () => {
    const xml = signedOwn();
    const signed = xml.match(ASSERTION)![0];
    const wrapped = xml
      .replace(signed, forge(signed))
      .replace("<samlp:Status>", `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
    const saml = new SAML({
      callbackUrl: sp.acsUrl,
      issuer: sp.spEntityId,
      audience: sp.spEntityId,
      idpCert: idp.cert,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
    });
    await expect(saml.validatePostResponseAsync({ SAMLResponse: b64(wrapped) })).rejects.toThrow(/signature/i);
    const ok = await saml.validatePostResponseAsync({ SAMLResponse: b64(xml) });
    expect(ok.profile?.nameID).toBe("mallory@acme.test");
  });
});

describe("SAML comment injection", () => {
  it("refuses a NameID split by a comment inserted after signing (the signature still verifies)", async () => {
    const xml = signedOwn("user@evil.com.test").replace("user@evil.com.test", "user@evil.com<!---->.test");
    // exclusive c14n drops comments, so the signature alone does not catch this
    const saml = new SAML({
      callbackUrl: sp.acsUrl,
      issuer: sp.spEntityId,
      audience: sp.spEntityId,
      idpCert: idp.cert,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
    });
    await expect(saml.validatePostResponseAsync({ SAMLResponse: b64(xml) })).resolves.toBeTruthy();
    expect(await reason(xml)).toBe("xml_comment_forbidden");
  });

  it("reads the whole NameID, never the text before a comment", () => {
    const signed = signedOwn("user@evil.com.test").match(ASSERTION)![0];
    const withComment = unsignedPart(signed)
      .replace("<saml:Assertion ", '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ')
      .replace("user@evil.com.test", "user@evil.com<!---->.test");
    const v = checkSignedAssertion(withComment, config());
    expect(v.nameId).toBe("user@evil.com.test");
  });
});
