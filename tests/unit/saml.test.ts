// SAML ACS validation against real signed XML: an openssl-generated IdP certificate, RSA-SHA256
// signatures made by xml-crypto, verification through @node-saml/node-saml plus Warden's checks.
// Each refusal asserts its specific reason.
import { beforeAll, describe, expect, it } from "vitest";
import { validateSamlResponse } from "@/lib/auth/saml/validate";
import { SamlError, type SamlRefusal, type SamlSpConfig } from "@/lib/auth/saml/types";
import { spEndpoints } from "@/lib/auth/saml/metadata";
import {
  b64,
  buildResponse,
  memoryStores,
  opensslKeyPair,
  signAssertion,
  signResponse,
  type KeyPair,
  type ResponseOptions,
} from "../helpers/saml-idp";

const IDP = "https://sts.windows.example/acme-tenant/";
const sp = spEndpoints("http://127.0.0.1:3340", "acme");
let idp: KeyPair;
let attacker: KeyPair;
const config = (over: Partial<SamlSpConfig> = {}): SamlSpConfig => ({
  tenantSlug: "acme",
  ...sp,
  idpEntityId: IDP,
  idpCertificatePem: idp.cert,
  requireResponseSignature: false,
  clockSkewSeconds: 60,
  ...over,
});
const opts = (over: Partial<ResponseOptions> = {}): ResponseOptions => ({
  issuer: IDP,
  destination: sp.acsUrl,
  audience: sp.spEntityId,
  attributes: { email: ["Ada@Acme.test"], name: ["Ada Lovelace"], roles: ["Admin"], groups: ["platform"] },
  ...over,
});

beforeAll(() => {
  idp = opensslKeyPair("Acme test IdP");
  attacker = opensslKeyPair("Attacker IdP");
});

async function run(xml: string, cfg = config(), stores = memoryStores(), relayState?: string | null) {
  return validateSamlResponse(b64(xml), cfg, {
    ...stores,
    relayState: relayState === undefined ? stores.issueRelayState() : relayState,
  });
}

async function refusal(p: Promise<unknown>): Promise<SamlRefusal> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected the response to be refused").toBeInstanceOf(SamlError);
  return (e as SamlError).reason;
}

const assertionSigned = (over: Partial<ResponseOptions> = {}) => signAssertion(buildResponse(opts(over)).xml, idp);

describe("SAML ACS: accepted", () => {
  it("accepts an assertion-only signed response (Entra's default) and maps attributes", async () => {
    const id = await run(assertionSigned());
    expect(id).toMatchObject({
      nameId: "ada@acme.test",
      email: "ada@acme.test",
      name: "Ada Lovelace",
      roles: ["Admin"],
      groups: ["platform"],
      issuer: IDP,
      responseSigned: false,
      purpose: "api",
    });
  });

  it("accepts a response where both the Response and the assertion are signed, also when required", async () => {
    const xml = signResponse(assertionSigned(), idp);
    expect((await run(xml, config({ requireResponseSignature: true }))).responseSigned).toBe(true);
  });

  it("reads configurable attribute names", async () => {
    const xml = assertionSigned({
      attributes: { "http://schemas.microsoft.com/ws/2008/06/identity/claims/role": ["Viewer"], dept: ["eng"] },
    });
    const id = await run(xml, config({ attributes: { groups: ["dept"] } }));
    expect(id.roles).toEqual(["Viewer"]);
    expect(id.groups).toEqual(["eng"]);
  });

  it("accepts 30 s past NotOnOrAfter within the 60 s skew, refuses 90 s past", async () => {
    const past = (s: number) => new Date(Date.now() - s * 1000);
    await expect(run(assertionSigned({ notOnOrAfter: past(30), scdNotOnOrAfter: past(30) }))).resolves.toBeTruthy();
    expect(await refusal(run(assertionSigned({ notOnOrAfter: past(90), scdNotOnOrAfter: past(90) })))).toBe("expired");
    // a configured skew above 60 s is capped at 60 s
    expect(
      await refusal(
        run(assertionSigned({ notOnOrAfter: past(90), scdNotOnOrAfter: past(90) }), config({ clockSkewSeconds: 600 })),
      ),
    ).toBe("expired");
  });
});

describe("SAML ACS: refused", () => {
  it("unsigned response", async () => {
    expect(await refusal(run(buildResponse(opts()).xml))).toBe("assertion_unsigned");
  });

  it("only the Response signed, assertion unsigned", async () => {
    expect(await refusal(run(signResponse(buildResponse(opts()).xml, idp)))).toBe("assertion_unsigned");
  });

  it("Response signature required by the tenant but absent", async () => {
    expect(await refusal(run(assertionSigned(), config({ requireResponseSignature: true })))).toBe(
      "response_signature_required",
    );
  });

  it("signed by a certificate other than the configured one (even with that certificate in KeyInfo)", async () => {
    const xml = signAssertion(buildResponse(opts()).xml, attacker);
    expect(xml).toContain(attacker.cert.split("\n")[1]);
    expect(await refusal(run(xml))).toBe("signature_invalid");
  });

  it("accepts either certificate during IdP key rollover, and only those", async () => {
    const other = opensslKeyPair("Acme next IdP key");
    await expect(run(assertionSigned(), config({ idpCertificatePem: [other.cert, idp.cert] }))).resolves.toBeTruthy();
    expect(await refusal(run(assertionSigned(), config({ idpCertificatePem: [other.cert] })))).toBe(
      "signature_invalid",
    );
  });

  it("tampered attribute after signing", async () => {
    const xml = assertionSigned().replace("<saml:AttributeValue>Admin<", "<saml:AttributeValue>Owner<");
    expect(xml).toContain(">Owner<");
    expect(await refusal(run(xml))).toBe("signature_invalid");
  });

  it("a present Response signature that does not verify, even when not required", async () => {
    const xml = signResponse(assertionSigned(), idp).replace(
      'Version="2.0" IssueInstant',
      'Version="2.0" Consent="urn:x" IssueInstant',
    );
    expect(await refusal(run(xml))).toBe("signature_invalid");
  });

  it("wrong audience", async () => {
    expect(await refusal(run(assertionSigned({ audience: "https://other-sp.example/metadata" })))).toBe(
      "audience_mismatch",
    );
  });

  it("wrong destination", async () => {
    expect(await refusal(run(assertionSigned({ destination: "https://evil.example/acs", recipient: sp.acsUrl })))).toBe(
      "destination_mismatch",
    );
  });

  it("wrong recipient", async () => {
    expect(await refusal(run(assertionSigned({ recipient: "https://evil.example/acs" })))).toBe("recipient_mismatch");
  });

  it("wrong issuer on the Response, and on the assertion alone", async () => {
    expect(await refusal(run(assertionSigned({ issuer: "https://evil-idp.example/" })))).toBe("issuer_mismatch");
    expect(await refusal(run(assertionSigned({ assertionIssuer: "https://evil-idp.example/" })))).toBe(
      "issuer_mismatch",
    );
  });

  it("expired Conditions", async () => {
    expect(
      await refusal(
        run(
          assertionSigned({ notBefore: new Date(Date.now() - 900_000), notOnOrAfter: new Date(Date.now() - 600_000) }),
        ),
      ),
    ).toBe("expired");
  });

  it("expired SubjectConfirmationData while Conditions are still valid", async () => {
    const e = await run(assertionSigned({ scdNotOnOrAfter: new Date(Date.now() - 600_000) })).catch(
      (err: SamlError) => err,
    );
    expect(e).toBeInstanceOf(SamlError);
    expect((e as SamlError).reason).toBe("expired");
    expect((e as SamlError).message).toContain("SubjectConfirmationData");
  });

  it("a response issued two days ago, although its NotOnOrAfter is still open (Response and Assertion)", async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const open = { notOnOrAfter: new Date(Date.now() + 3_600_000), scdNotOnOrAfter: new Date(Date.now() + 3_600_000) };
    const both = { ...open, responseIssueInstant: twoDaysAgo, assertionIssueInstant: twoDaysAgo };
    expect(await refusal(run(assertionSigned(both)))).toBe("stale");
    // Each element's own instant counts: an old signed assertion inside a fresh Response, and the reverse.
    expect(await refusal(run(assertionSigned({ ...open, assertionIssueInstant: twoDaysAgo })))).toBe("stale");
    expect(await refusal(run(signResponse(assertionSigned({ ...open, responseIssueInstant: twoDaysAgo }), idp)))).toBe(
      "stale",
    );
  });

  it("IssueInstant: 4 minutes old is accepted, 5 minutes plus the 60 s skew and more is refused, the future beyond skew too", async () => {
    const at = (s: number) => new Date(Date.now() + s * 1000);
    const open = { notOnOrAfter: at(3600), scdNotOnOrAfter: at(3600) };
    await expect(
      run(assertionSigned({ ...open, responseIssueInstant: at(-240), assertionIssueInstant: at(-240) })),
    ).resolves.toBeTruthy();
    expect(
      await refusal(run(assertionSigned({ ...open, responseIssueInstant: at(-370), assertionIssueInstant: at(-370) }))),
    ).toBe("stale");
    expect(await refusal(run(assertionSigned({ ...open, assertionIssueInstant: at(120) })))).toBe("not_yet_valid");
    await expect(run(assertionSigned({ ...open, assertionIssueInstant: at(30) }))).resolves.toBeTruthy();
  });

  it("Conditions not yet valid", async () => {
    expect(await refusal(run(assertionSigned({ notBefore: new Date(Date.now() + 600_000) })))).toBe("not_yet_valid");
  });

  it("SHA-1 signature and digest", async () => {
    const e = await run(signAssertion(buildResponse(opts()).xml, idp, { sha1: true })).catch((err: SamlError) => err);
    expect((e as SamlError).reason).toBe("weak_algorithm");
    expect((e as SamlError).message).toMatch(/SHA-1/);
  });

  it("replayed response (same assertion id)", async () => {
    const stores = memoryStores();
    const xml = assertionSigned();
    await run(xml, config(), stores);
    expect(await refusal(run(xml, config(), stores))).toBe("replayed");
  });

  it("reused RelayState, also after a refused attempt spent it", async () => {
    const stores = memoryStores();
    const relay = stores.issueRelayState();
    await run(assertionSigned(), config(), stores, relay);
    expect(await refusal(run(assertionSigned(), config(), stores, relay))).toBe("relay_state_invalid");
    const spent = stores.issueRelayState();
    expect(await refusal(run(buildResponse(opts()).xml, config(), stores, spent))).toBe("assertion_unsigned");
    expect(await refusal(run(assertionSigned(), config(), stores, spent))).toBe("relay_state_invalid");
  });

  it("missing or unknown RelayState", async () => {
    expect(await refusal(run(assertionSigned(), config(), memoryStores(), null))).toBe("relay_state_invalid");
    expect(await refusal(run(assertionSigned(), config(), memoryStores(), "never-issued"))).toBe("relay_state_invalid");
  });

  it("InResponseTo that is not the request bound to the RelayState", async () => {
    const stores = memoryStores();
    const ok = stores.issueRelayState({ purpose: "browser", requestId: "_req1" });
    expect((await run(assertionSigned({ inResponseTo: "_req1" }), config(), stores, ok)).purpose).toBe("browser");
    const other = stores.issueRelayState({ purpose: "browser", requestId: "_req2" });
    expect(await refusal(run(assertionSigned({ inResponseTo: "_req1" }), config(), stores, other))).toBe(
      "in_response_to_mismatch",
    );
  });

  it("a DOCTYPE (DTD / entity expansion)", async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]>` + assertionSigned();
    expect(await refusal(run(xml))).toBe("doctype_forbidden");
  });

  it("a body over 256 KB, before parsing", async () => {
    const xml = assertionSigned({ attributes: { pad: ["x".repeat(270 * 1024)] } });
    expect(await refusal(run(xml))).toBe("body_too_large");
    expect(await refusal(run("<" + "a".repeat(300 * 1024)))).toBe("body_too_large");
  });

  it("Status other than Success, even with a validly signed assertion", async () => {
    expect(await refusal(run(assertionSigned({ status: "urn:oasis:names:tc:SAML:2.0:status:Responder" })))).toBe(
      "status_not_success",
    );
  });

  it("input that is not base64 or not XML", async () => {
    const stores = memoryStores();
    const ctx = () => ({ ...stores, relayState: stores.issueRelayState() });
    expect(await refusal(validateSamlResponse("%%%", config(), ctx()))).toBe("malformed");
    expect(await refusal(validateSamlResponse(b64("<notxml"), config(), ctx()))).toBe("malformed");
  });
});
