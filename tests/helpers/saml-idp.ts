// A test SAML IdP: a real RSA key and X.509 certificate from `openssl req -x509`, and
// responses signed with xml-crypto (the XML-DSig library behind node-saml and samlify) exactly
// as an IdP does: enveloped signature, exclusive c14n, signature placed after the Issuer.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { SignedXml } from "xml-crypto";
import type { RelayStateRecord, SamlRelayStateStore, SamlReplayStore } from "@/lib/auth/saml/types";

export interface KeyPair {
  key: string;
  cert: string;
}

export function opensslKeyPair(cn: string): KeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), "warden-saml-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-sha256",
        "-days",
        "2",
        "-subj",
        `/CN=${cn}`,
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(path.join(dir, "key.pem"), "utf8"),
      cert: readFileSync(path.join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ResponseOptions {
  issuer: string;
  assertionIssuer?: string;
  destination: string;
  recipient?: string;
  audience: string;
  nameId?: string;
  status?: string;
  assertionId?: string;
  inResponseTo?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  scdNotOnOrAfter?: Date;
  /** IssueInstant of the Response and of the Assertion (default: now). */
  responseIssueInstant?: Date;
  assertionIssueInstant?: Date;
  attributes?: Record<string, string[]>;
}

const iso = (d: Date) => d.toISOString();
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

export function buildResponse(o: ResponseOptions): { xml: string; assertionId: string } {
  const now = Date.now();
  const assertionId = o.assertionId ?? `_a${randomUUID()}`;
  const irt = o.inResponseTo ? ` InResponseTo="${o.inResponseTo}"` : "";
  const attrs = Object.entries(o.attributes ?? {})
    .map(
      ([n, vs]) =>
        `<saml:Attribute Name="${esc(n)}">${vs.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join("")}</saml:Attribute>`,
    )
    .join("");
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(o.responseIssueInstant ?? new Date(now))}" Destination="${esc(o.destination)}"${irt}>` +
    `<saml:Issuer>${esc(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${o.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success"}"/></samlp:Status>` +
    `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${iso(o.assertionIssueInstant ?? new Date(now))}">` +
    `<saml:Issuer>${esc(o.assertionIssuer ?? o.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(o.nameId ?? "ada@acme.test")}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(o.scdNotOnOrAfter ?? new Date(now + 300_000))}" Recipient="${esc(o.recipient ?? o.destination)}"${irt}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(o.notBefore ?? new Date(now - 5_000))}" NotOnOrAfter="${iso(o.notOnOrAfter ?? new Date(now + 300_000))}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(new Date(now))}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attrs ? `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` : "") +
    `</saml:Assertion></samlp:Response>`;
  return { xml, assertionId };
}

export interface SignOptions {
  sha1?: boolean;
}

function sign(xml: string, kp: KeyPair, target: string, opts: SignOptions): string {
  const sig = new SignedXml({
    privateKey: kp.key,
    publicCert: kp.cert,
    signatureAlgorithm: opts.sha1
      ? "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
      : "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
    getKeyInfoContent: SignedXml.getKeyInfoContent,
  });
  sig.addReference({
    xpath: target,
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: opts.sha1 ? "http://www.w3.org/2000/09/xmldsig#sha1" : "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  sig.computeSignature(xml, { location: { reference: `${target}/*[local-name(.)='Issuer']`, action: "after" } });
  return sig.getSignedXml();
}

export const signAssertion = (xml: string, kp: KeyPair, opts: SignOptions = {}) =>
  sign(xml, kp, "//*[local-name(.)='Assertion']", opts);
export const signResponse = (xml: string, kp: KeyPair, opts: SignOptions = {}) =>
  sign(xml, kp, "/*[local-name(.)='Response']", opts);
export const b64 = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

/** In-memory stand-ins with the same one-time semantics as the database stores. */
export function memoryStores() {
  const seenIds = new Map<string, Date>();
  const relays = new Map<string, RelayStateRecord>();
  const replay: SamlReplayStore = {
    async seen(id, until) {
      if (seenIds.has(id)) return true;
      seenIds.set(id, until);
      return false;
    },
  };
  const relayStates: SamlRelayStateStore = {
    async consume(value) {
      const r = relays.get(value);
      relays.delete(value);
      return r ?? null;
    },
  };
  const issueRelayState = (record: RelayStateRecord = { purpose: "api" }) => {
    const value = randomUUID();
    relays.set(value, record);
    return value;
  };
  return { replay, relayStates, issueRelayState, seenIds };
}
