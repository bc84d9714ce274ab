// Structural checks run on the raw SAMLResponse BEFORE any signature work: size, DTDs,
// comments, one assertion in the one allowed place, signatures only where SAML puts them,
// references that point at their own parent, and no SHA-1. These close the doors that the
// signature library leaves to its caller (XSW variants, comment truncation, weak digests).
import "server-only";
import { DOMParser } from "@xmldom/xmldom";
import { SAML_MAX_BODY_BYTES, SamlError } from "./types";

export const NS = {
  protocol: "urn:oasis:names:tc:SAML:2.0:protocol",
  assertion: "urn:oasis:names:tc:SAML:2.0:assertion",
  dsig: "http://www.w3.org/2000/09/xmldsig#",
} as const;

const ALLOWED_SIGNATURE_ALGS = new Set([
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
]);
const ALLOWED_DIGEST_ALGS = new Set([
  "http://www.w3.org/2001/04/xmlenc#sha256",
  "http://www.w3.org/2001/04/xmlenc#sha512",
]);

/** Decodes the base64 form field; refuses oversize input before decoding or parsing. */
export function decodeSamlResponse(b64: string): string {
  // 256 KB of XML is at most ~350 KB of base64 (plus line breaks some IdPs insert).
  if (b64.length > Math.ceil((SAML_MAX_BODY_BYTES * 4) / 3) + 8192)
    throw new SamlError("body_too_large", "SAMLResponse exceeds 256 KB");
  const compact = b64.replace(/[\r\n\t ]/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new SamlError("malformed", "SAMLResponse is not base64");
  const xml = Buffer.from(compact, "base64").toString("utf8");
  if (Buffer.byteLength(xml, "utf8") > SAML_MAX_BODY_BYTES)
    throw new SamlError("body_too_large", "SAMLResponse exceeds 256 KB");
  return xml;
}

/** Parses with DTDs refused outright (no entity expansion of any kind, XXE or billion laughs). */
export function parseStrict(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml))
    throw new SamlError("doctype_forbidden", "DTDs are not accepted in SAML messages");
  const fail = (msg: string) => {
    throw new SamlError("malformed", `XML parse error: ${String(msg).slice(0, 120)}`);
  };
  let doc: Document;
  try {
    doc = new DOMParser({ errorHandler: { warning: () => {}, error: fail, fatalError: fail } }).parseFromString(
      xml,
      "text/xml",
    );
  } catch (e) {
    if (e instanceof SamlError) throw e;
    throw new SamlError("malformed", "XML parse error");
  }
  if (!doc?.documentElement) throw new SamlError("malformed", "Not an XML document");
  if (doc.doctype) throw new SamlError("doctype_forbidden", "DTDs are not accepted in SAML messages");
  return doc;
}

export function childElements(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local)
      out.push(n as Element);
  }
  return out;
}

export function firstChild(el: Element | undefined, ns: string, local: string): Element | undefined {
  return el ? childElements(el, ns, local)[0] : undefined;
}

function descendants(root: Node, visit: (n: Node) => void) {
  for (let n = root.firstChild; n; n = n.nextSibling) {
    visit(n);
    descendants(n, visit);
  }
}

export interface ResponseShape {
  root: Element;
  assertion: Element;
  responseSigned: boolean;
}

/** Every structural rule, in the order an operator would want to hear about them. */
export function checkResponseShape(doc: Document, requireResponseSignature: boolean): ResponseShape {
  const root = doc.documentElement!;
  if (root.namespaceURI !== NS.protocol || root.localName !== "Response")
    throw new SamlError("malformed", "Root element is not samlp:Response");

  const assertions: Element[] = [];
  const signatures: Element[] = [];
  const ids = new Set<string>();
  descendants(doc, (n) => {
    if (n.nodeType === 8)
      throw new SamlError("xml_comment_forbidden", "XML comments are not accepted inside SAML messages");
    if (n.nodeType === 7 && n.parentNode !== doc)
      throw new SamlError("malformed", "Processing instructions are not accepted");
    if (n.nodeType !== 1) return;
    const el = n as Element;
    for (const attr of ["ID", "Id", "id"]) {
      const v = el.getAttribute(attr);
      if (!v) continue;
      if (ids.has(v)) throw new SamlError("signature_wrapping", `Duplicate ID ${v}`);
      ids.add(v);
    }
    if (el.namespaceURI === NS.assertion && (el.localName === "Assertion" || el.localName === "EncryptedAssertion"))
      assertions.push(el);
    if (el.namespaceURI === NS.dsig && el.localName === "Signature") signatures.push(el);
  });

  checkStatus(root);
  if (assertions.length !== 1)
    throw new SamlError("signature_wrapping", `Expected exactly one assertion, found ${assertions.length}`);
  const assertion = assertions[0];
  if (assertion.localName !== "Assertion") throw new SamlError("malformed", "Encrypted assertions are not supported");
  if (assertion.parentNode !== root)
    throw new SamlError("signature_wrapping", "The assertion is not a direct child of the Response");

  for (const sig of signatures) {
    const parent = sig.parentNode as Element;
    if (parent !== root && parent !== assertion)
      throw new SamlError("signature_wrapping", "A signature sits outside the Response or Assertion");
    checkSignatureShape(sig, parent);
  }
  if (childElements(assertion, NS.dsig, "Signature").length !== 1)
    throw new SamlError("assertion_unsigned", "The assertion is not signed");
  const responseSigned = childElements(root, NS.dsig, "Signature").length === 1;
  if (requireResponseSignature && !responseSigned)
    throw new SamlError("response_signature_required", "This tenant requires a signed Response");
  return { root, assertion, responseSigned };
}

function checkStatus(root: Element) {
  const code = firstChild(firstChild(root, NS.protocol, "Status"), NS.protocol, "StatusCode")?.getAttribute("Value");
  if (code !== "urn:oasis:names:tc:SAML:2.0:status:Success") {
    throw new SamlError("status_not_success", `IdP status is ${code?.split(":").pop() ?? "missing"}`);
  }
}

/** One reference, to the signature's own parent, with SHA-256/512 only. */
function checkSignatureShape(sig: Element, parent: Element) {
  if (childElements(parent, NS.dsig, "Signature").length !== 1)
    throw new SamlError("signature_wrapping", "More than one signature on one element");
  const signedInfo = firstChild(sig, NS.dsig, "SignedInfo");
  const method = firstChild(signedInfo, NS.dsig, "SignatureMethod")?.getAttribute("Algorithm") ?? "";
  const refs = signedInfo ? childElements(signedInfo, NS.dsig, "Reference") : [];
  const digests = refs.map((r) => firstChild(r, NS.dsig, "DigestMethod")?.getAttribute("Algorithm") ?? "");
  if (!ALLOWED_SIGNATURE_ALGS.has(method) || digests.some((d) => !ALLOWED_DIGEST_ALGS.has(d))) {
    const weak = [method, ...digests].find((a) => /sha1$/i.test(a));
    throw new SamlError(
      "weak_algorithm",
      weak ? `SHA-1 is refused (${weak.split("#").pop()})` : "Unsupported signature or digest algorithm",
    );
  }
  if (refs.length !== 1) throw new SamlError("signature_wrapping", "A signature must have exactly one reference");
  const id = parent.getAttribute("ID");
  if (!id || refs[0].getAttribute("URI") !== `#${id}`)
    throw new SamlError("signature_wrapping", "The signature does not reference its own element");
}
