// The signed export formats. Every export ends with a signature over the SHA-256 of all bytes
// before it (Ed25519 over "warden-audit-export-v1\n" + hex digest), and starts with a header
// that carries the latest signed checkpoint. A third party needs only the public key
// (scripts/verify-audit-export.mjs does the same checks with plain Node).
//   jsonl: {"type":"header",…}\n {"type":"entry",…}\n … {"type":"signature",…}\n   (signed: all lines before the last)
//   json:  {"header":{…},"entries":[…],"signature":{…}}\n                        (signed: bytes before "signature":)
//   csv:   #warden-audit-export,"<header json>"\n <columns>\n <rows>\n #signature,"<json>"\n (signed: lines before the last)
import "server-only";
import { createHash } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { Checkpoint } from "./checkpoints";
import type { AuditEntryView } from "./query";
import { signBytes, signingKey, verifyBytes } from "./signing";

export type ExportFormat = "json" | "jsonl" | "csv";
export const SIGNATURE_CONTEXT = "warden-audit-export-v1\n";

export interface ExportHeader {
  type: "header";
  format: ExportFormat;
  tenant_id: string;
  generated_at: string;
  filters: Record<string, unknown>;
  upto_seq: number;
  checkpoint: Checkpoint | null;
  public_key_id: string;
  public_key_url: string;
}

export interface ExportSignature {
  type: "signature";
  alg: "Ed25519";
  key_id: string;
  sha256: string;
  signature: string;
}

export function signDigest(sha256: string): ExportSignature {
  return {
    type: "signature",
    alg: "Ed25519",
    key_id: signingKey().keyId,
    sha256,
    signature: signBytes(SIGNATURE_CONTEXT + sha256),
  };
}

export const CSV_COLUMNS = [
  "seq",
  "ts",
  "actor_ref",
  "actor_name",
  "actor_kind",
  "auth_method",
  "action",
  "category",
  "target_type",
  "target_id",
  "outcome",
  "ip",
  "request_id",
  "details",
  "prev_hash",
  "hash",
  "key_id",
];

/** A spreadsheet must never execute a cell: neutralise leading = + - @ tab CR. */
export function safeCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function csvRows(entries: AuditEntryView[]): string {
  return stringify(
    entries.map((e) =>
      [
        e.seq,
        e.ts,
        e.actor.ref,
        e.actor.name,
        e.actor.kind,
        e.auth_method,
        e.action,
        e.category,
        e.target?.type,
        e.target?.id,
        e.outcome,
        e.ip,
        e.request_id,
        e.details,
        e.prev_hash,
        e.hash,
        e.key_id,
      ].map(safeCell),
    ),
    { record_delimiter: "\n" },
  );
}

export function opening(format: ExportFormat, header: ExportHeader): string {
  if (format === "jsonl") return JSON.stringify(header) + "\n";
  if (format === "json") return `{"header":${JSON.stringify(header)},"entries":[`;
  return stringify([["#warden-audit-export", JSON.stringify(header)], CSV_COLUMNS], { record_delimiter: "\n" });
}

export function entryChunk(format: ExportFormat, entries: AuditEntryView[], first: boolean): string {
  if (!entries.length) return "";
  if (format === "jsonl") return entries.map((e) => JSON.stringify({ type: "entry", ...e }) + "\n").join("");
  if (format === "json") return (first ? "\n" : ",\n") + entries.map((e) => JSON.stringify(e)).join(",\n");
  return csvRows(entries);
}

export function closingBeforeSignature(format: ExportFormat): string {
  return format === "json" ? "\n]," : "";
}

export function signatureChunk(format: ExportFormat, sig: ExportSignature): string {
  if (format === "jsonl") return JSON.stringify(sig) + "\n";
  if (format === "json") return `"signature":${JSON.stringify(sig)}}\n`;
  return stringify([["#signature", JSON.stringify(sig)]], { record_delimiter: "\n" });
}

/** POST /v1/audit/export/verify's answer. */
export const exportCheckSchema = z.object({
  valid: z.boolean().describe("The signature verifies with a published key over exactly these bytes"),
  format: z.enum(["json", "jsonl", "csv"]).nullable(),
  key_id: z.string().nullable().describe("The signing key named in the export"),
  sha256: z.string().nullable().describe("SHA-256 (hex) of the signed bytes"),
  reason: z.string().nullable().describe("Why it is not valid"),
});
export type ExportCheck = z.infer<typeof exportCheckSchema>;

/** Splits an export into (signed bytes, signature object). */
export function splitExport(text: string): { format: ExportFormat; signed: string; sig: ExportSignature } | null {
  if (text.startsWith('{"header"')) {
    // The signature object holds a "signature" field itself: anchor on the end of the entries array.
    const at = text.lastIndexOf('],"signature":{') + 2;
    if (at < 2) return null;
    const tail = text.slice(at + '"signature":'.length).trimEnd();
    if (!tail.endsWith("}}")) return null;
    return { format: "json", signed: text.slice(0, at), sig: JSON.parse(tail.slice(0, -1)) as ExportSignature };
  }
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const cut = body.lastIndexOf("\n");
  if (cut < 0) return null;
  const last = body.slice(cut + 1);
  const signed = text.slice(0, cut + 1);
  if (text.startsWith('{"type":"header"')) return { format: "jsonl", signed, sig: JSON.parse(last) as ExportSignature };
  if (text.startsWith("#warden-audit-export,") && last.startsWith("#signature,")) {
    const quoted = last.slice("#signature,".length);
    const json = quoted.startsWith('"') ? quoted.slice(1, -1).replace(/""/g, '"') : quoted;
    return { format: "csv", signed, sig: JSON.parse(json) as ExportSignature };
  }
  return null;
}

export function verifyExportText(text: string): ExportCheck {
  let parts: ReturnType<typeof splitExport>;
  try {
    parts = splitExport(text);
  } catch {
    parts = null;
  }
  if (!parts)
    return {
      valid: false,
      format: null,
      key_id: null,
      sha256: null,
      reason: "not a Warden audit export (no header or signature found)",
    };
  const { format, signed, sig } = parts;
  const sha256 = createHash("sha256").update(signed, "utf8").digest("hex");
  const base = { format, key_id: sig.key_id ?? null, sha256 };
  if (sig.alg !== "Ed25519") return { ...base, valid: false, reason: "unsupported signature algorithm" };
  if (sig.sha256 !== sha256)
    return { ...base, valid: false, reason: "the content does not match the signed digest (modified)" };
  if (!verifyBytes(SIGNATURE_CONTEXT + sha256, sig.signature, sig.key_id))
    return { ...base, valid: false, reason: "the signature does not verify with the published key" };
  return { ...base, valid: true, reason: null };
}
