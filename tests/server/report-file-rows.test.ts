// Report files read their detail rows on the raw driver (lib/reports/file-rows.ts); the preview and
// the sources read them through Prisma (Source.batch). Both must give the same cells for the same
// rows, or the bytes of a file would depend on the reader: compared here on the seeded demo plus a
// person whose display name is a formula and an entry with nested details, for every stored type,
// across several batches (a small batch size makes the keyset cursor carry over), and the CSV a
// report stores equals csvLines() over Source.batch's rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as byId from "@/app/v1/reports/[id]/route";
import * as download from "@/app/v1/reports/[id]/download/route";
import * as reports from "@/app/v1/reports/route";
import { appendAudit } from "@/lib/audit/append";
import { rawRowBatches } from "@/lib/reports/file-rows";
import { csvLines } from "@/lib/reports/render";
import { reportSettled } from "@/lib/reports/service";
import { chainHead } from "@/lib/audit/chain";
import { sourceFor, type Row } from "@/lib/reports/sources";
import { resolveParams, type ReportView } from "@/lib/reports/spec";
import { seedDemo } from "@/lib/seed/seed-demo";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { callAs, pointProcessDbAt, signedIn, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let admin: Caller;
const from = new Date(Date.now() - 31 * 86_400_000).toISOString();
// An hour ahead: seeding a loaded machine can take minutes, and the entries below must be inside.
const to = new Date(Date.now() + 3_600_000).toISOString();
const EVIL_NAME = '=HYPERLINK("http://evil.test","x")';

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  pointProcessDbAt(t.db);
  admin = await signedIn(t.db, "acme", "alice.chen@acme.test");
  await withTenant(
    admin.tenantId,
    async (tx) => {
      await appendAudit(tx, {
        action: "auth.login_failed",
        outcome: "failure",
        actor: { kind: "user", subject: "usr_formula1", displayName: EVIL_NAME },
        target: { type: "user", id: "+SUM(A1:A9)" },
        ip: "198.51.100.7",
      });
      const who = { kind: "user", subject: admin.userId, userId: admin.userId, authMethod: "session" as const };
      await appendAudit(tx, {
        action: "consent.granted",
        outcome: "success",
        actor: who,
        details: { purpose: "prompt_logging", nested: { b: [1, 2.5, "x"], a: null }, é: "ü" },
      });
    },
    { db: t.db },
  );
}, 240_000);

afterAll(async () => {
  await t?.drop();
});

async function viaSource(type: "usage" | "access" | "data" | "security", batch: number): Promise<Row[]> {
  const params = resolveParams({
    type,
    from,
    to,
    format: "csv",
    filters: { users: [], teams: [], customers: [], event_types: [] },
  });
  const out: Row[] = [];
  let cursor: string | null = null;
  await withTenant(
    admin.tenantId,
    async (tx) => {
      const snapshot = { uptoSeq: (await chainHead(tx)).seq };
      do {
        const page: { rows: Row[]; next: string | null } = await sourceFor(type).batch(
          tx,
          params,
          snapshot,
          cursor,
          batch,
        );
        out.push(...page.rows);
        cursor = page.next;
      } while (cursor);
    },
    { db: t.db, timeout: 60_000 },
  );
  return out;
}

async function viaRaw(type: "usage" | "access" | "data" | "security", batch: number): Promise<Row[]> {
  const params = resolveParams({
    type,
    from,
    to,
    format: "csv",
    filters: { users: [], teams: [], customers: [], event_types: [] },
  });
  const snapshot = { uptoSeq: (await withTenant(admin.tenantId, (tx) => chainHead(tx), { db: t.db })).seq };
  const out: Row[] = [];
  for await (const rows of rawRowBatches(t.db, admin.tenantId, type, params, snapshot, batch)) out.push(...rows);
  return out;
}

describe(`report file rows (${TEST_DB_KIND})`, () => {
  it("the raw reader gives exactly Source.batch's rows, cell for cell and in order, for every stored type", async () => {
    for (const type of ["usage", "access", "data", "security"] as const) {
      const a = await viaSource(type, 37);
      const b = await viaRaw(type, 37);
      expect(a.length, type).toBeGreaterThan(0);
      expect(b, type).toEqual(a);
      // Same keys in the same order (the JSON file and the PDF's content hash stringify whole rows).
      expect(
        b.map((r) => JSON.stringify(r)),
        type,
      ).toEqual(a.map((r) => JSON.stringify(r)));
    }
    const access = await viaRaw("access", 1000);
    const evil = access.find((r) => r.actor_name === EVIL_NAME);
    expect(evil?.target_id).toBe("+SUM(A1:A9)");
    const data = await viaRaw("data", 1000);
    expect(data.some((r) => String(r.details).includes('"nested":{"a":null,"b":[1,2.5,"x"]}'))).toBe(true);
  });

  it("a stored CSV report is csvLines() over Source.batch's rows, byte for byte", async () => {
    for (const type of ["usage", "access"] as const) {
      const res = await callAs(
        reports.POST,
        admin,
        new Request("http://warden.test/v1/reports", {
          method: "POST",
          body: JSON.stringify({ type, from, to, format: "csv" }),
          headers: { "content-type": "application/json" },
        }),
      );
      expect(res.status).toBe(201);
      const created = (await res.json()) as ReportView;
      await reportSettled(created.id);
      const view = (await (
        await callAs(byId.GET, admin, new Request(`http://warden.test/v1/reports/${created.id}`), { id: created.id })
      ).json()) as ReportView;
      expect(view.status, view.error ?? "").toBe("completed");
      const file = await callAs(
        download.GET,
        admin,
        new Request(`http://warden.test/v1/reports/${created.id}/download`),
        { id: created.id },
      );
      const bytes = Buffer.from(await file.arrayBuffer()).toString("utf8");
      // The rows up to the chain head the report stopped at (its own report.create is before it).
      const rows = (await viaSource(type, 500)).filter(
        (r) => type === "usage" || Number(r.seq) <= view.chain_head!.seq,
      );
      const columns = sourceFor(type).columns;
      expect(bytes).toBe(csvLines(columns, [], true) + csvLines(columns, rows));
    }
  });
});
