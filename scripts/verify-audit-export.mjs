#!/usr/bin/env node
// Offline verifier for Warden audit exports: plain Node, no project code, nothing but the
// published public key. Usage:
//   node scripts/verify-audit-export.mjs <export file> <public key: .pem, or the JSON of GET /v1/audit/public-key>
// Checks: the Ed25519 signature over SHA-256 of the signed bytes, the embedded checkpoint's
// signature, and (json/jsonl) that consecutive entries link by prev_hash and reach the checkpoint.
// Exit 0 when valid, 1 otherwise; prints one JSON line.
import { createHash, createPublicKey, verify } from "node:crypto";
import fs from "node:fs";

const CONTEXT = "warden-audit-export-v1\n";

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
  const pems = text.trim().startsWith("{")
    ? (JSON.parse(text).accepted ?? []).map((k) => k.public_key_pem).concat(JSON.parse(text).public_key_pem ?? [])
    : [text];
  const keys = new Map();
  for (const pem of pems) {
    const k = createPublicKey(pem);
    keys.set(keyIdOf(k), k);
  }
  return keys;
}

function split(text) {
  if (text.startsWith('{"header"')) {
    const at = text.lastIndexOf('],"signature":{') + 2;
    const tail = text.slice(at + 12).trimEnd();
    return { format: "json", signed: text.slice(0, at), sig: JSON.parse(tail.slice(0, -1)), doc: JSON.parse(text) };
  }
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const cut = body.lastIndexOf("\n");
  const last = body.slice(cut + 1);
  const signed = text.slice(0, cut + 1);
  if (text.startsWith('{"type":"header"')) {
    const lines = signed
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    return { format: "jsonl", signed, sig: JSON.parse(last), doc: { header: lines[0], entries: lines.slice(1) } };
  }
  if (text.startsWith("#warden-audit-export,") && last.startsWith("#signature,")) {
    const unq = (s) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);
    const first = text.slice(0, text.indexOf("\n"));
    return {
      format: "csv",
      signed,
      sig: JSON.parse(unq(last.slice(11))),
      doc: { header: JSON.parse(unq(first.slice(21))), entries: null },
    };
  }
  throw new Error("not a Warden audit export");
}

const checkpointPayload = (c) =>
  JSON.stringify({
    hash: c.hash,
    kind: c.kind,
    seq: c.seq,
    signed_at: c.signed_at,
    tenant_id: c.tenant_id,
    type: "warden.audit.checkpoint",
  });

export function verifyExport(text, keys) {
  let parts;
  try {
    parts = split(text);
  } catch (e) {
    return { valid: false, reason: e.message };
  }
  const { format, signed, sig, doc } = parts;
  const sha256 = createHash("sha256").update(signed, "utf8").digest("hex");
  const out = {
    valid: false,
    format,
    key_id: sig.key_id,
    sha256,
    entries: doc.entries?.length ?? null,
    checkpoint_seq: doc.header?.checkpoint?.seq ?? null,
    reason: null,
  };
  const key = keys.get(sig.key_id);
  if (sig.sha256 !== sha256) return { ...out, reason: "the content does not match the signed digest (modified)" };
  if (!key) return { ...out, reason: `no public key with id ${sig.key_id}` };
  if (!verify(null, Buffer.from(CONTEXT + sha256), key, Buffer.from(sig.signature, "base64")))
    return { ...out, reason: "bad signature" };
  const c = doc.header?.checkpoint;
  if (c) {
    const ck = keys.get(c.key_id);
    if (!ck || !verify(null, Buffer.from(checkpointPayload(c)), ck, Buffer.from(c.signature, "base64")))
      return { ...out, reason: "the embedded checkpoint's signature does not verify" };
  }
  if (doc.entries) {
    for (let i = 1; i < doc.entries.length; i++) {
      const [a, b] = [doc.entries[i - 1], doc.entries[i]];
      if (b.seq === a.seq + 1 && b.prev_hash !== a.hash)
        return { ...out, reason: `entry ${b.seq} does not link to entry ${a.seq}` };
    }
    const last = doc.entries.at(-1);
    if (c && last && last.seq === c.seq && last.hash !== c.hash)
      return { ...out, reason: "the last entry differs from the signed checkpoint" };
  }
  return { ...out, valid: true };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("verify-audit-export.mjs")) {
  const [file, keyFile] = process.argv.slice(2);
  if (!file || !keyFile) {
    console.error("usage: node scripts/verify-audit-export.mjs <export file> <public key .pem | .json>");
    process.exit(2);
  }
  const result = verifyExport(fs.readFileSync(file, "utf8"), loadKeys(fs.readFileSync(keyFile, "utf8")));
  console.log(JSON.stringify(result));
  process.exit(result.valid ? 0 : 1);
}
