#!/usr/bin/env node
// Offline verifier for Warden erasure certificates (ADR 0035): plain Node, no project code, no
// dependency, nothing but the published public key (GET /.well-known/warden-audit-key or
// /v1/audit/public-key: the PEM, or that JSON document). Usage:
//   npm run verify:certificate -- <certificate file> <public key: .pem or the key document's JSON>
// Checks: the file is exactly the RFC 8785 JSON of { certificate, signature } (so no byte can
// change unnoticed), and the Ed25519 signature over "warden-erasure-certificate-v1\n" + the
// SHA-256 (hex) of the certificate's RFC 8785 JSON. Exit 0 when valid, 1 otherwise; prints one JSON line.
import { createHash, createPublicKey, verify } from "node:crypto";
import fs from "node:fs";

const CONTEXT = "warden-erasure-certificate-v1\n";

// RFC 8785 for the JSON a certificate holds (strings, integers, booleans, null, arrays, objects).
function canonical(v) {
  if (v === null || typeof v !== "object") {
    if (typeof v === "number" && !Number.isSafeInteger(v))
      throw new Error("only integers are expected in a certificate");
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
  const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
}

function keyIdOf(pub) {
  return (
    "ed25519:" +
    createHash("sha256")
      .update(pub.export({ type: "spki", format: "der" }))
      .digest("hex")
      .slice(0, 16)
  );
}

function loadKeys(text) {
  let pems = [text];
  if (text.trim().startsWith("{")) {
    const doc = JSON.parse(text);
    pems = [...(doc.accepted ?? []).map((k) => k.public_key_pem), ...(doc.public_key_pem ? [doc.public_key_pem] : [])];
  }
  const keys = new Map();
  for (const pem of pems) {
    const k = createPublicKey(pem);
    keys.set(keyIdOf(k), k);
  }
  return keys;
}

function check(fileText, keyText) {
  let doc;
  try {
    doc = JSON.parse(fileText);
  } catch {
    return { valid: false, reason: "not JSON" };
  }
  if (!doc || typeof doc !== "object" || !doc.certificate || !doc.signature)
    return { valid: false, reason: "not a certificate file ({ certificate, signature })" };
  if (canonical(doc) !== fileText.replace(/\n$/, ""))
    return { valid: false, reason: "the file is not the signed canonical form (it was changed)" };
  const keys = loadKeys(keyText);
  const sig = doc.signature;
  if (sig.alg !== "Ed25519") return { valid: false, reason: `unsupported algorithm ${sig.alg}` };
  const pub = keys.get(sig.key_id);
  if (!pub) return { valid: false, reason: `signed with key ${sig.key_id}, which the public key given is not` };
  const signed = CONTEXT + createHash("sha256").update(canonical(doc.certificate)).digest("hex");
  let ok = false;
  try {
    ok = verify(null, Buffer.from(signed), pub, Buffer.from(sig.value, "base64"));
  } catch {
    ok = false;
  }
  if (!ok) return { valid: false, reason: "signature does not verify" };
  const c = doc.certificate;
  return {
    valid: true,
    tenant: c.tenant,
    purged_at: c.purged_at,
    final_chain_head: c.final_chain_head,
    shredded_keys: (c.keys?.shredded ?? []).map((k) => k.fingerprint),
    key_id: sig.key_id,
  };
}

export { check as verifyCertificate };

const [file, keyFile] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!file || !keyFile) {
    console.error("usage: npm run verify:certificate -- <certificate file> <public key .pem or key document .json>");
    process.exit(2);
  }
  let out;
  try {
    out = check(fs.readFileSync(file, "utf8"), fs.readFileSync(keyFile, "utf8"));
  } catch (e) {
    out = { valid: false, reason: e.message };
  }
  console.log(JSON.stringify(out));
  process.exit(out.valid ? 0 : 1);
}
