#!/usr/bin/env node
// Offline verifier for Warden tenant export bundles (ADR 0040): plain Node, no project code, no
// dependency, nothing but the published public key (GET /.well-known/warden-audit-key or
// /v1/audit/public-key: the PEM, or that JSON document). Usage:
//   npm run verify:export -- <bundle .zip> <public key: .pem or the key document's JSON>
// Checks: the ZIP byte for byte (stored entries in the one form Warden writes, CRC-32s, the
// central directory and end record rebuilt from the entries), manifest.json is exactly the RFC 8785 JSON of { manifest, signature }, the
// Ed25519 signature over "warden-tenant-export-v1\n" + the SHA-256 (hex) of the manifest's
// RFC 8785 JSON, and every file: listed once, present, its byte count, SHA-256 and line count as
// the manifest says; no file the manifest does not list. Exit 0 when valid, 1 otherwise; prints one JSON line.
import { createHash, createPublicKey, verify } from "node:crypto";
import fs from "node:fs";

const CONTEXT = "warden-tenant-export-v1\n";
const MANIFEST = "manifest.json";

// RFC 8785 for the JSON a manifest holds (strings, integers, booleans, null, arrays, objects).
function canonical(v) {
  if (v === null || typeof v !== "object") {
    if (typeof v === "number" && !Number.isSafeInteger(v)) throw new Error("only integers are expected in a manifest");
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

function readAt(fd, pos, len) {
  const b = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const n = fs.readSync(fd, b, got, len - got, pos + got);
    if (n === 0) throw new Error("the bundle is truncated");
    got += n;
  }
  return b;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/**
 * The ZIP's entries, read strictly: from byte 0, each local header exactly as Warden writes it
 * (stored, data descriptor, UTF-8 name, one timestamp for all), its bytes, its descriptor (the
 * CRC-32 recomputed), then a central directory and end record byte-equal to the ones those
 * entries imply, and nothing after. So no byte of the container can change unnoticed either.
 */
function entriesOf(fd, size) {
  const tailLen = Math.min(size, 22);
  const eocd = readAt(fd, size - tailLen, tailLen);
  if (tailLen < 22 || eocd.readUInt32LE(0) !== 0x06054b50)
    throw new Error("not a Warden bundle (no end of central directory at its end)");
  const count = eocd.readUInt16LE(10);
  const cdOffset = eocd.readUInt32LE(16);
  const out = new Map();
  const central = [];
  let pos = 0;
  let stamp = null;
  for (let i = 0; i < count; i++) {
    const lh = readAt(fd, pos, 30);
    const nameLen = lh.readUInt16LE(26);
    const name = readAt(fd, pos + 30, nameLen);
    if (stamp === null) stamp = lh.subarray(10, 14);
    const want = Buffer.alloc(30);
    want.writeUInt32LE(0x04034b50, 0);
    want.writeUInt16LE(20, 4);
    want.writeUInt16LE(0x0808, 6);
    stamp.copy(want, 10);
    want.writeUInt16LE(nameLen, 26);
    const text = name.toString("utf8");
    if (!lh.equals(want)) throw new Error(`entry ${i + 1} (${text}): local header differs from the form Warden writes`);
    if (out.has(text)) throw new Error(`${text}: present twice`);
    const dataAt = pos + 30 + nameLen;
    // The size comes from central entry i; the central directory itself is checked byte for byte below.
    central.push({ name, text, local: pos, dataAt });
    const ce = centralEntry(fd, cdOffset, i);
    if (!ce.name.equals(name)) throw new Error(`entry ${i + 1}: central directory names another file`);
    const crc = crcOf(fd, dataAt, ce.size);
    const d = readAt(fd, dataAt + ce.size, 16);
    const wantD = Buffer.alloc(16);
    wantD.writeUInt32LE(0x08074b50, 0);
    wantD.writeUInt32LE(crc, 4);
    wantD.writeUInt32LE(ce.size, 8);
    wantD.writeUInt32LE(ce.size, 12);
    if (!d.equals(wantD)) throw new Error(`${text}: data descriptor differs (size or CRC-32)`);
    central[i].crc = crc;
    central[i].size = ce.size;
    out.set(text, { offset: dataAt, size: ce.size });
    pos = dataAt + ce.size + 16;
  }
  if (pos !== cdOffset) throw new Error("the central directory is not where the entries end");
  const parts = [];
  for (const e of central) {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0808, 8);
    stamp.copy(c, 12);
    c.writeUInt32LE(e.crc, 16);
    c.writeUInt32LE(e.size, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(e.name.length, 28);
    c.writeUInt32LE(e.local, 42);
    parts.push(c, e.name);
  }
  const cd = Buffer.concat(parts);
  const wantEnd = Buffer.alloc(22);
  wantEnd.writeUInt32LE(0x06054b50, 0);
  wantEnd.writeUInt16LE(count, 8);
  wantEnd.writeUInt16LE(count, 10);
  wantEnd.writeUInt32LE(cd.length, 12);
  wantEnd.writeUInt32LE(cdOffset, 16);
  if (cdOffset + cd.length + 22 !== size) throw new Error("the bundle's length differs from its entries'");
  if (!readAt(fd, cdOffset, cd.length).equals(cd)) throw new Error("the central directory differs from the entries");
  if (!eocd.equals(wantEnd)) throw new Error("the end of central directory record differs");
  return out;
}

/** Central directory entry i (name and size), walking from the directory's start. */
function centralEntry(fd, cdOffset, i) {
  let p = cdOffset;
  for (let k = 0; ; k++) {
    const c = readAt(fd, p, 46);
    if (c.readUInt32LE(0) !== 0x02014b50) throw new Error("a central directory entry is damaged");
    const nameLen = c.readUInt16LE(28);
    if (k === i) return { name: readAt(fd, p + 46, nameLen), size: c.readUInt32LE(24) };
    p += 46 + nameLen + c.readUInt16LE(30) + c.readUInt16LE(32);
  }
}

function crcOf(fd, offset, size) {
  let c = 0xffffffff;
  for (let pos = 0; pos < size; pos += 1 << 20) {
    const b = readAt(fd, offset + pos, Math.min(1 << 20, size - pos));
    for (let j = 0; j < b.length; j++) c = CRC_TABLE[(c ^ b[j]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** SHA-256, byte count and newline count of one entry, read in 1 MiB pieces. */
function digestOf(fd, e) {
  const h = createHash("sha256");
  let lines = 0;
  for (let pos = 0; pos < e.size; pos += 1 << 20) {
    const b = readAt(fd, e.offset + pos, Math.min(1 << 20, e.size - pos));
    h.update(b);
    for (const c of b) if (c === 10) lines++;
  }
  return { sha256: h.digest("hex"), lines };
}

function check(bundlePath, keyText) {
  const fd = fs.openSync(bundlePath, "r");
  try {
    let entries;
    try {
      entries = entriesOf(fd, fs.fstatSync(fd).size);
    } catch (e) {
      return { valid: false, reason: e.message };
    }
    const m = entries.get(MANIFEST);
    if (!m) return { valid: false, reason: "no manifest.json in the bundle" };
    const text = readAt(fd, m.offset, m.size).toString("utf8");
    let doc;
    try {
      doc = JSON.parse(text);
    } catch {
      return { valid: false, reason: "manifest.json is not JSON" };
    }
    if (!doc || typeof doc !== "object" || !doc.manifest || !doc.signature)
      return { valid: false, reason: "manifest.json is not { manifest, signature }" };
    if (canonical(doc) !== text)
      return { valid: false, reason: "manifest.json is not the signed canonical form (it was changed)" };
    const sig = doc.signature;
    if (sig.alg !== "Ed25519") return { valid: false, reason: `unsupported algorithm ${sig.alg}` };
    const pub = loadKeys(keyText).get(sig.key_id);
    if (!pub) return { valid: false, reason: `signed with key ${sig.key_id}, which the public key given is not` };
    let ok = false;
    try {
      ok = verify(
        null,
        Buffer.from(CONTEXT + createHash("sha256").update(canonical(doc.manifest)).digest("hex")),
        pub,
        Buffer.from(sig.value, "base64"),
      );
    } catch {
      ok = false;
    }
    if (!ok) return { valid: false, reason: "signature does not verify" };
    const files = doc.manifest.files ?? [];
    const listed = new Set();
    for (const f of files) {
      if (listed.has(f.path) || f.path === MANIFEST) return { valid: false, reason: `${f.path}: listed twice` };
      listed.add(f.path);
      const e = entries.get(f.path);
      if (!e) return { valid: false, reason: `${f.path}: missing from the bundle` };
      if (e.size !== f.bytes)
        return { valid: false, reason: `${f.path}: ${e.size} bytes, the manifest says ${f.bytes}` };
      const d = digestOf(fd, e);
      if (d.sha256 !== f.sha256) return { valid: false, reason: `${f.path}: SHA-256 differs from the manifest's` };
      if (d.lines !== f.rows)
        return { valid: false, reason: `${f.path}: ${d.lines} rows, the manifest says ${f.rows}` };
    }
    for (const name of entries.keys())
      if (name !== MANIFEST && !listed.has(name))
        return { valid: false, reason: `${name}: in the bundle but not in the manifest` };
    const mf = doc.manifest;
    return {
      valid: true,
      tenant: mf.tenant,
      exported_at: mf.exported_at,
      chain_head: mf.snapshot?.chain_head ?? null,
      files: files.length,
      rows: files.reduce((n, f) => n + f.rows, 0),
      key_id: sig.key_id,
    };
  } finally {
    fs.closeSync(fd);
  }
}

export { check as verifyExport };

const [file, keyFile] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!file || !keyFile) {
    console.error("usage: npm run verify:export -- <bundle .zip> <public key .pem or key document .json>");
    process.exit(2);
  }
  let out;
  try {
    out = check(file, fs.readFileSync(keyFile, "utf8"));
  } catch (e) {
    out = { valid: false, reason: e.message };
  }
  console.log(JSON.stringify(out));
  process.exit(out.valid ? 0 : 1);
}
