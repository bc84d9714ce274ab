// Signed exports: each format verifies with the public key alone (server check and the plain-Node
// offline script agree), one changed byte breaks it, the export is audited and carries a checkpoint.
import { createTenant } from "@/lib/tenancy/provision";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/append";
import { exportAudit } from "@/lib/audit/export";
import { safeCell, verifyExportText, type ExportFormat } from "@/lib/audit/export-format";
import { publicKeyDocument } from "@/lib/audit/public-key";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let tenant: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-export-"));
const keyFile = path.join(dir, "key.json");
const actor = { kind: "user", subject: "usr_auditor01", userId: "usr_auditor01", authMethod: "api_key" as const };

beforeAll(async () => {
  t = await createTestDatabase();
  tenant = (await createTenant({ slug: "export-a", name: "Export A" }, t.db)).id;
  for (let i = 0; i < 25; i++) {
    await withTenant(
      tenant,
      (tx) =>
        appendAudit(tx, {
          action: i % 5 ? "auth.login" : "role.assign",
          outcome: "success",
          actor,
          details: { i, note: i === 3 ? '=HYPERLINK("x")' : 'ok, "quoted"\nline' },
        }),
      { db: t.db },
    );
  }
  fs.writeFileSync(keyFile, JSON.stringify(publicKeyDocument()));
});
afterAll(async () => {
  await t?.drop();
});

async function exported(format: ExportFormat, filters = {}): Promise<string> {
  const out = await exportAudit({ tenantId: tenant, format, filters, actor, db: t.db });
  return new Response(out.stream).text();
}

function offline(text: string): { valid: boolean; reason: string | null } {
  const file = path.join(dir, `x-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, text);
  try {
    return JSON.parse(
      execFileSync(process.execPath, ["scripts/verify-audit-export.mjs", file, keyFile], { encoding: "utf8" }),
    );
  } catch (e) {
    return JSON.parse((e as { stdout: string }).stdout);
  }
}

describe(`signed exports (${TEST_DB_KIND})`, () => {
  for (const format of ["jsonl", "json", "csv"] as const) {
    it(`${format}: verifies with the public key, online and offline; one changed byte fails both`, async () => {
      const text = await exported(format);
      expect(verifyExportText(text)).toMatchObject({ valid: true, format });
      expect(offline(text)).toMatchObject({ valid: true });
      const i = text.indexOf("auth.login");
      const tampered = text.slice(0, i) + "auth.logon" + text.slice(i + 10);
      expect(verifyExportText(tampered)).toMatchObject({ valid: false, reason: expect.stringMatching(/modified/) });
      expect(offline(tampered).valid).toBe(false);
    });
  }

  it("carries the latest signed checkpoint, which covers its own audit.export entry", async () => {
    const text = await exported("jsonl");
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const header = lines[0];
    const entries = lines.filter((l) => l.type === "entry");
    expect(header.checkpoint.seq).toBe(entries.at(-1).seq);
    expect(header.checkpoint.hash).toBe(entries.at(-1).hash);
    expect(entries.at(-1).action).toBe("audit.export");
    expect(lines.at(-1).type).toBe("signature");
  });

  it("json export is valid JSON and filters apply", async () => {
    const doc = JSON.parse(await exported("json", { action: "role.assign" }));
    expect(doc.entries.length).toBe(5);
    expect(doc.entries.every((e: { action: string }) => e.action === "role.assign")).toBe(true);
  });

  it("csv neutralises formulas", async () => {
    expect(safeCell("=1+1")).toBe("'=1+1");
    expect(safeCell("@SUM(A1)")).toBe("'@SUM(A1)");
    const text = await exported("csv");
    expect(text).not.toMatch(/,"?=HYPERLINK/);
  });

  it("an export signed by another key is rejected", async () => {
    const text = await exported("jsonl");
    const other = text.replace(
      /"key_id":"ed25519:[0-9a-f]{16}","sha256"/,
      '"key_id":"ed25519:0000000000000000","sha256"',
    );
    expect(verifyExportText(other).valid).toBe(false);
    expect(offline(other).valid).toBe(false);
  });
});
