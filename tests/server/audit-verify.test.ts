// Verification detects every kind of tampering with the right first_bad_seq, including a hostile
// database writer who truncates the tail, rewinds the head and removes checkpoint rows (the
// file sink is the outside witness). Tampering runs as the database owner, as an attacker would.
// Every case runs through each way a chain is verified: inside a tenant transaction (retention),
// on the raw driver in one process, and (PostgreSQL) on the raw driver in ranges of three entries
// shared with a second verification process, so tampering lands on range boundaries too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/append";
import { takeCheckpoint } from "@/lib/audit/checkpoints";
import { verifyChain, verifyChainFast, type VerifyResult } from "@/lib/audit/verify";
import { chainVerifyRanges } from "@/lib/observability/metrics";
import { createTenant } from "@/lib/tenancy/provision";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let n = 0;
const sink = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "warden-sink-")), "checkpoints.jsonl");

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.WARDEN_AUDIT_CHECKPOINT_FILE = sink;
});
afterAll(async () => {
  delete process.env.WARDEN_AUDIT_CHECKPOINT_FILE;
  await t?.drop();
});

async function chain(count: number): Promise<string> {
  const tenant = (await createTenant({ slug: `verify-${++n}`, name: `Verify ${n}` }, t.db)).id;
  for (let i = 1; i <= count; i++) {
    await withTenant(
      tenant,
      (tx) =>
        appendAudit(tx, {
          action: i % 3 ? "auth.login" : "api_key.create",
          outcome: "success",
          actor: { kind: "user", subject: `usr_u${i % 4}xxxx`, userId: `usr_u${i % 4}xxxx`, authMethod: "session" },
          target: { type: "api_key", id: `key_${i}abcd` },
          details: { n: i, before: { name: "a" }, after: { name: "b" } },
        }),
      { db: t.db },
    );
  }
  return tenant;
}

const owner = (sql: string, ...args: unknown[]) => t.asOwner((tx) => tx.$executeRawUnsafe(sql, ...args));

/** Ranges verified so far by a verification process (the counter the metrics endpoint serves). */
const processRanges = async () =>
  (await chainVerifyRanges.get()).values.find((v) => v.labels.by === "process")?.value ?? 0;

const VERIFIERS: [string, (tenant: string) => Promise<VerifyResult>][] = [
  ["in a tenant transaction", (tenant) => withTenant(tenant, (tx) => verifyChain(tx), { db: t.db })],
  ["on the raw driver, one process", (tenant) => verifyChainFast(t.db, tenant, { processRows: null })],
];
if (TEST_DB_KIND === "postgresql")
  VERIFIERS.push([
    "on the raw driver, ranges of 3 shared with a verification process",
    async (tenant) => {
      const before = await processRanges();
      const r = await verifyChainFast(t.db, tenant, { processRows: 0, chunk: 3 });
      // The second process took part: it always gets the first range.
      expect(await processRanges()).toBeGreaterThan(before);
      return r;
    },
  ]);

describe.each(VERIFIERS)(`chain verification (${TEST_DB_KIND}) %s`, (_, verify) => {
  it("an untouched chain verifies", async () => {
    const tenant = await chain(10);
    const r = await verify(tenant);
    expect(r).toMatchObject({ verified: true, checked: 10, first_bad_seq: null, reason: null });
    expect(r.head.seq).toBe(10);
    expect(r.head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("detects an edited field", async () => {
    const tenant = await chain(10);
    await owner(`UPDATE audit_entries SET outcome = 'failure' WHERE tenant_id = $1 AND seq = 4`, tenant);
    expect(await verify(tenant)).toMatchObject({
      verified: false,
      checked: 3,
      first_bad_seq: 4,
      reason: "entry 4 was altered (its HMAC does not match its content)",
      head: { seq: 3 },
    });
  });

  it("detects an edited details value", async () => {
    const tenant = await chain(10);
    await owner(
      `UPDATE audit_entries SET details = jsonb_set(details, '{n}', '99') WHERE tenant_id = $1 AND seq = 9`,
      tenant,
    );
    expect(await verify(tenant)).toMatchObject({ verified: false, checked: 8, first_bad_seq: 9 });
  });

  it("detects a deleted run of entries that spans ranges", async () => {
    const tenant = await chain(10);
    await owner(`DELETE FROM audit_entries WHERE tenant_id = $1 AND seq BETWEEN 3 AND 7`, tenant);
    expect(await verify(tenant)).toMatchObject({
      verified: false,
      checked: 2,
      first_bad_seq: 3,
      reason: "entry 3 is missing (next stored entry is 8)",
    });
  });

  it("detects a deleted middle entry", async () => {
    const tenant = await chain(10);
    await owner(`DELETE FROM audit_entries WHERE tenant_id = $1 AND seq = 5`, tenant);
    expect(await verify(tenant)).toMatchObject({
      verified: false,
      checked: 4,
      first_bad_seq: 5,
      reason: "entry 5 is missing (next stored entry is 6)",
    });
  });

  it("detects an inserted forged entry (later entries renumbered)", async () => {
    const tenant = await chain(10);
    await owner(`UPDATE audit_entries SET seq = seq + 1000 WHERE tenant_id = $1 AND seq >= 6`, tenant);
    await owner(`UPDATE audit_entries SET seq = seq - 999 WHERE tenant_id = $1 AND seq > 1000`, tenant);
    await owner(
      `INSERT INTO audit_entries (tenant_id, seq, ts, actor_ref, actor_kind, action, category, outcome, details, prev_hash, hash, key_id)
       SELECT tenant_id, 6, ts, actor_ref, actor_kind, 'user.delete', 'admin', 'success', '{}', hash, repeat('a', 64), key_id
         FROM audit_entries WHERE tenant_id = $1 AND seq = 5`,
      tenant,
    );
    expect(await verify(tenant)).toMatchObject({
      verified: false,
      checked: 5,
      first_bad_seq: 6,
      reason: "entry 6 was altered (its HMAC does not match its content)",
    });
  });

  it("detects two swapped entries", async () => {
    const tenant = await chain(10);
    await owner(`UPDATE audit_entries SET seq = 1003 WHERE tenant_id = $1 AND seq = 3`, tenant);
    await owner(`UPDATE audit_entries SET seq = 3 WHERE tenant_id = $1 AND seq = 7`, tenant);
    await owner(`UPDATE audit_entries SET seq = 7 WHERE tenant_id = $1 AND seq = 1003`, tenant);
    expect(await verify(tenant)).toMatchObject({
      verified: false,
      checked: 2,
      first_bad_seq: 3,
      reason: "entry 3 does not link to entry 2 (prev_hash differs)",
    });
  });

  it("detects the newest N entries deleted (head row intact)", async () => {
    const tenant = await chain(10);
    await owner(`DELETE FROM audit_entries WHERE tenant_id = $1 AND seq > 7`, tenant);
    expect(await verify(tenant)).toMatchObject({
      verified: false,
      checked: 7,
      first_bad_seq: 8,
      reason: "tail truncated: the chain head says 10 entries, 7 remain",
    });
  });

  it("detects a truncated tail after the head is rewound and checkpoint rows are deleted (file witness)", async () => {
    const tenant = await chain(10);
    expect((await takeCheckpoint(tenant, { db: t.db }))?.seq).toBe(10);
    await owner(`DELETE FROM audit_entries WHERE tenant_id = $1 AND seq > 7`, tenant);
    await owner(
      `UPDATE audit_heads SET seq = 7, hash = (SELECT hash FROM audit_entries WHERE tenant_id = $1 AND seq = 7) WHERE tenant_id = $1`,
      tenant,
    );
    await owner(`DELETE FROM audit_checkpoints WHERE tenant_id = $1`, tenant);
    expect(await verify(tenant)).toMatchObject({
      verified: false,
      first_bad_seq: 8,
      reason: expect.stringMatching(/checkpoint \(file\)/),
    });
  });

  it("detects a rewritten tail that reaches past the checkpoint again", async () => {
    const tenant = await chain(6);
    await takeCheckpoint(tenant, { db: t.db });
    await owner(`DELETE FROM audit_entries WHERE tenant_id = $1 AND seq > 4`, tenant);
    await owner(
      `UPDATE audit_heads SET seq = 4, hash = (SELECT hash FROM audit_entries WHERE tenant_id = $1 AND seq = 4) WHERE tenant_id = $1`,
      tenant,
    );
    for (let i = 0; i < 3; i++) {
      await withTenant(
        tenant,
        (tx) =>
          appendAudit(tx, { action: "auth.login", outcome: "success", actor: { kind: "system", subject: "system" } }),
        { db: t.db },
      );
    }
    expect(await verify(tenant)).toMatchObject({
      verified: false,
      first_bad_seq: 6,
      reason: expect.stringMatching(/checkpoint/),
    });
  });

  it("detects a forged checkpoint row", async () => {
    const tenant = await chain(3);
    await owner(
      `INSERT INTO audit_checkpoints (tenant_id, seq, hash, signed_at, signature, key_id) VALUES ($1, 99, repeat('b', 64), now(), 'AAAA', 'ed25519:0000')`,
      tenant,
    );
    expect(await verify(tenant)).toMatchObject({ verified: false, reason: expect.stringMatching(/signature/) });
  });

  it("the application role cannot update or delete entries or checkpoints", async () => {
    const tenant = await chain(2);
    await takeCheckpoint(tenant, { db: t.db });
    for (const sql of [
      `UPDATE audit_entries SET outcome = 'failure'`,
      `DELETE FROM audit_entries`,
      `UPDATE audit_checkpoints SET seq = 1`,
      `DELETE FROM audit_checkpoints`,
      `DELETE FROM audit_heads`,
    ]) {
      await expect(
        withTenant(tenant, (tx) => tx.$executeRawUnsafe(sql), { db: t.db }),
        sql,
      ).rejects.toThrow(/permission denied/i);
    }
    expect((await verify(tenant)).verified).toBe(true);
  });

  it("erasing a person's audit_subjects row keeps the chain verifiable", async () => {
    const tenant = (await createTenant({ slug: `verify-${++n}`, name: "Erase" }, t.db)).id;
    await withTenant(
      tenant,
      (tx) =>
        appendAudit(tx, {
          action: "auth.login_failed",
          outcome: "failure",
          actor: { kind: "user", subject: "erin@example.com" },
          ip: "192.0.2.7",
        }),
      { db: t.db },
    );
    await withTenant(
      tenant,
      (tx) =>
        appendAudit(tx, {
          action: "auth.login",
          outcome: "success",
          actor: {
            kind: "user",
            subject: "usr_erin0001",
            userId: "usr_erin0001",
            displayName: "Erin Example",
            email: "erin@example.com",
          },
        }),
      { db: t.db },
    );
    expect(await withTenant(tenant, (tx) => tx.auditSubject.count(), { db: t.db })).toBe(2);
    await withTenant(tenant, (tx) => tx.auditSubject.deleteMany({}), { db: t.db });
    await owner(`UPDATE audit_entries SET ip = NULL WHERE tenant_id = $1`, tenant); // IP erasure (owner path)
    expect(await verify(tenant)).toMatchObject({ verified: true, checked: 2 });
  });
});
