// The signed tenant export bundle (ADR 0040), on the production path: the demo seed fills every
// tenant table, the operator's session is minted by the product after its MFA sign-in check, the
// bundle comes from the route handler, and the offline verifier (scripts/verify-export.mjs) checks
// it with nothing but the key served at /.well-known/warden-audit-key. Row counts are compared
// with what the owner counts per tenant; the whole bundle is searched for every other tenant's id
// and for the plaintext secrets the product was given.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as wellKnownKey } from "@/app/.well-known/warden-audit-key/route";
import { GET as exportRoute } from "@/app/v1/platform/tenants/[id]/export/route";
import { POST as providersRoute } from "@/app/v1/providers/route";
import { POST as suspendRoute } from "@/app/v1/platform/tenants/[id]/suspend/route";
import { issueOperatorSessionCookie } from "@/lib/auth/sso/session-cookie";
import { setDbForTests } from "@/lib/db";
import { DEMO_OPERATOR_EMAIL } from "@/lib/idp-local/accounts";
import { completePlatformSignIn, platformLogEntries } from "@/lib/platform/operators";
import { DEMO_TENANTS } from "@/lib/seed/demo-data";
import { tenantBySlug } from "@/lib/tenancy/system";
import { appendAudit } from "@/lib/audit/append";
import { EXPORT_BATCH } from "@/lib/platform/export";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { pointProcessDbAt, withApiKey } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const WARDEN = "http://127.0.0.1:3393";
const browser = (cookie: string) => ({
  cookie,
  origin: WARDEN,
  host: new URL(WARDEN).host,
  "sec-fetch-site": "same-origin",
});
const PROVIDER_SECRET = "sk-export-plaintext-4f1c9e";
const REASON = "offboarding: the customer asked for its data";

let t: TestDatabase;
let op: Record<string, string>;
let id: string;
let others: string[];
let apiKeySecret: string;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, { AUTH_URL: WARDEN, WARDEN_PLATFORM_OPERATORS: DEMO_OPERATOR_EMAIL });
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  const slugs = DEMO_TENANTS.map((d) => d.slug);
  expect(slugs.length).toBeGreaterThan(1);
  id = (await tenantBySlug("globex", t.db))!.id;
  others = (await Promise.all(slugs.filter((s) => s !== "globex").map((s) => tenantBySlug(s, t.db)))).map((r) => r!.id);
  // Secrets given to the product in plaintext: an API key (stored hashed) and a provider key (sealed).
  apiKeySecret = (
    await withApiKey(t.db, "globex", "hank.scorpio@globex.test", { role: "admin" })
  ).credentials.authorization.replace(/^Bearer /, "");
  const who = await withApiKey(t.db, "globex", "hank.scorpio@globex.test", { role: "admin" });
  const created = await call(providersRoute, "POST", "/v1/providers", {
    headers: who.credentials,
    body: {
      name: "exported",
      base_url: "https://api.exported.test",
      api_key: PROVIDER_SECRET,
      region: "eu",
      hipaa_covered: false,
      prices: [{ model: "m", input_per_1m_usd: 1, output_per_1m_usd: 1 }],
    },
  });
  if (created.status !== 201) throw new Error(`provider not created: ${JSON.stringify(created.body)}`);
  const signed = await completePlatformSignIn({
    sub: "op",
    email: DEMO_OPERATOR_EMAIL,
    email_verified: true,
    amr: ["pwd", "otp"],
  });
  if (!signed.ok) throw new Error("operator sign-in refused");
  const c = await issueOperatorSessionCookie(signed.operatorId, true);
  op = browser(`${c.name}=${c.value}`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-export-"));
}, 600_000);

afterAll(async () => {
  await t?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

const url = (tenant: string, reason?: string) =>
  `/v1/platform/tenants/${tenant}/export${reason === undefined ? "" : `?reason=${encodeURIComponent(reason)}`}`;

async function download(tenant: string, reason: string): Promise<Response> {
  return exportRoute(new Request(`${WARDEN}${url(tenant, reason)}`, { headers: op }), {
    params: Promise.resolve({ id: tenant }),
  } as never);
}

function verifyFile(bundle: string, key: string): { code: number; out: Record<string, unknown> } {
  const verifier = path.resolve("scripts/verify-export.mjs");
  try {
    return { code: 0, out: JSON.parse(execFileSync("node", [verifier, bundle, key], { encoding: "utf8" })) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: JSON.parse(err.stdout) };
  }
}

describe(`tenant export on ${TEST_DB_KIND}`, () => {
  it("refuses callers that are not operators, an active tenant, a missing reason — in the one error shape", async () => {
    const admin = await withApiKey(t.db, "acme", "alice.chen@acme.test", { role: "admin" });
    const tenantAdmin = await call(exportRoute, "GET", url(id, REASON), { headers: admin.credentials, params: { id } });
    expect(tenantAdmin.status).toBe(403);
    expect(tenantAdmin.body).toEqual({
      error: { type: expect.any(String), message: expect.any(String), request_id: expect.any(String) },
    });
    const anonymous = await call(exportRoute, "GET", url(id, REASON), { params: { id } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({
      error: { type: expect.any(String), message: expect.any(String), request_id: expect.any(String) },
    });
    // Operators see no tenant data by default: an active tenant is refused.
    const active = await call(exportRoute, "GET", url(id, REASON), { headers: op, params: { id } });
    expect(active.status).toBe(409);
    expect(active.body.error).toMatchObject({
      type: "conflict",
      message: "Suspend the tenant before exporting its data",
    });
    expect(
      (
        await call(suspendRoute, "POST", `/v1/platform/tenants/${id}/suspend`, {
          headers: op,
          params: { id },
          body: { reason: "export test" },
        })
      ).status,
    ).toBe(200);
    const noReason = await call(exportRoute, "GET", url(id), { headers: op, params: { id } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.type).toBe("invalid_request");
    // A suspended tenant's own admin is refused too.
    const own = await call(exportRoute, "GET", url(id, REASON), {
      headers: { authorization: `Bearer ${apiKeySecret}` },
      params: { id },
    });
    expect(own.status).toBe(403);
    expect(
      (await call(exportRoute, "GET", url("no-such-tenant", REASON), { headers: op, params: { id: "no-such-tenant" } }))
        .status,
    ).toBe(404);
  });

  it("an operator exports a suspended tenant: every row, one file per table, sealed secrets, a signed manifest that verifies offline", async () => {
    const res = await download(id, REASON);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="warden-export-globex-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    const bundle = path.join(dir, "globex.zip");
    fs.writeFileSync(bundle, bytes);

    // Only the key the product publishes.
    const keyRes = await wellKnownKey(new Request(`${WARDEN}/.well-known/warden-audit-key`), {
      params: Promise.resolve({}),
    } as never);
    const key = path.join(dir, "key.json");
    fs.writeFileSync(key, await keyRes.text());
    const ok = verifyFile(bundle, key);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatchObject({ valid: true, tenant: { id, slug: "globex" } });

    // The manifest (the last entry; stored, so its bytes are in the file as they are).
    const text = bytes.toString("utf8");
    const start = text.lastIndexOf('{"manifest":');
    const doc = JSON.parse(text.slice(start, text.indexOf("PK\u0007\u0008", start)));
    const m = doc.manifest;
    expect(m).toMatchObject({
      format: "warden-tenant-export-v1",
      tenant: { id, slug: "globex" },
      reason: REASON,
      requested_by: { email: DEMO_OPERATOR_EMAIL },
      snapshot: { isolation: "repeatable read" },
    });
    expect(m.not_exported).toEqual([]);

    // Row counts: as the owner, every table with a tenant_id column, and the tenant's own row.
    const expected = await t.asOwner(async (tx) => {
      const tables = await tx.$queryRaw<{ s: string; tb: string }[]>`
        SELECT n.nspname AS s, c.relname AS tb FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE a.attname = 'tenant_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition
           AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'warden_platform', 'warden_keys')`;
      const out: Record<string, number> = { "public.tenants": 1 };
      for (const r of tables)
        out[`${r.s}.${r.tb}`] = (
          await tx.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM "${r.s}"."${r.tb}" WHERE tenant_id = $1`,
            id,
          )
        )[0].n;
      return out;
    });
    const counted = Object.fromEntries(m.files.map((f: { table: string; rows: number }) => [f.table, f.rows]));
    expect(counted).toEqual(expected);
    expect(m.files.every((f: { path: string; table: string }) => f.path === `tables/${f.table}.jsonl`)).toBe(true);
    // The seed fills the tenant's tables; the chain head is the snapshot's (the export's own entry included).
    expect(counted["public.audit_entries"]).toBeGreaterThan(10);
    expect(counted["public.providers"]).toBeGreaterThan(0);
    expect(m.snapshot.chain_head.seq).toBe(counted["public.audit_entries"]);
    expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBe(ok.out.rows);

    // Nothing of another tenant; no secret in plaintext, the provider key sealed as stored.
    for (const other of others) expect(bytes.includes(Buffer.from(other))).toBe(false);
    expect(bytes.includes(Buffer.from(PROVIDER_SECRET))).toBe(false);
    expect(bytes.includes(Buffer.from(apiKeySecret))).toBe(false);
    expect(text).toMatch(new RegExp(`"api_key_sealed":"v2\\.${id}\\.`));

    // Audited in the tenant's chain and in the platform log (with the reason).
    const entry = await withTenant(
      id,
      (tx) => tx.auditEntry.findFirst({ where: { action: "tenant.export" }, orderBy: { seq: "desc" } }),
      { db: t.db },
    );
    expect(entry).toMatchObject({ action: "tenant.export", outcome: "success", actorKind: "operator" });
    expect(Number(entry!.seq)).toBe(m.snapshot.chain_head.seq);
    const logged = (await platformLogEntries(20, t.db)).find((e) => e.action === "tenant.export" && e.tenantId === id);
    expect(logged?.details).toMatchObject({ reason: REASON });

    // One byte changed — in a table file, in the manifest, in the container — fails.
    const flip = (at: number, name: string) => {
      const copy = Buffer.from(bytes);
      copy[at] ^= 0x01;
      const p = path.join(dir, name);
      fs.writeFileSync(p, copy);
      return verifyFile(p, key);
    };
    const row = bytes.indexOf(Buffer.from(`"tenant_id":"${id}"`));
    expect(row).toBeGreaterThan(0);
    expect(flip(row + 2, "data.zip")).toMatchObject({ code: 1, out: { valid: false } });
    expect(flip(start + 20, "manifest.zip")).toMatchObject({ code: 1, out: { valid: false } });
    expect(flip(10, "header.zip")).toMatchObject({ code: 1, out: { valid: false } });
    expect(flip(bytes.length - 10, "end.zip")).toMatchObject({ code: 1, out: { valid: false } });
    // Another tenant's bundle key cannot stand in: a fresh PEM that is not the audit key.
    const { generateKeyPairSync } = await import("node:crypto");
    const stranger = path.join(dir, "stranger.pem");
    fs.writeFileSync(
      stranger,
      generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }) as string,
    );
    expect(verifyFile(bundle, stranger)).toMatchObject({ code: 1, out: { valid: false } });
  });

  it("a table larger than a batch is read in several FETCHes; a reader that goes away ends the snapshot transaction", async () => {
    const extra = 2 * EXPORT_BATCH + 37;
    await withTenant(
      id,
      async (tx) => {
        for (let i = 0; i < extra; i++)
          await appendAudit(tx, {
            action: "test.bulk",
            outcome: "success",
            actor: { kind: "system", subject: "system" },
            details: { i },
          });
      },
      { db: t.db, timeout: 300_000 },
    );
    const owned = await t.asOwner(
      (tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_entries WHERE tenant_id = ${id}`,
    );
    const res = await download(id, REASON);
    const bytes = Buffer.from(await res.arrayBuffer());
    const bundle = path.join(dir, "large.zip");
    fs.writeFileSync(bundle, bytes);
    const keyRes = await wellKnownKey(new Request(`${WARDEN}/.well-known/warden-audit-key`), {
      params: Promise.resolve({}),
    } as never);
    const key = path.join(dir, "key2.json");
    fs.writeFileSync(key, await keyRes.text());
    expect(verifyFile(bundle, key)).toMatchObject({ code: 0, out: { valid: true } });
    const text = bytes.toString("utf8");
    const start = text.lastIndexOf('{"manifest":');
    const m = JSON.parse(text.slice(start, text.indexOf("PK\u0007\u0008", start))).manifest;
    const audit = m.files.find((f: { table: string }) => f.table === "public.audit_entries");
    // The export's own entry is appended before the snapshot: one more than the owner counted.
    expect(audit.rows).toBe(owned[0].n + 1);
    expect(audit.rows).toBeGreaterThan(2 * EXPORT_BATCH);

    // A reader that reads one chunk and goes away: the transaction is rolled back and the
    // connection freed (on PGlite, the only one), so the next statement runs at once.
    const cut = await download(id, REASON);
    const reader = cut.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    const next = await Promise.race([
      withTenant(
        id,
        (tx) =>
          tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'tenant.export'`,
        { db: t.db },
      ),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("the export's transaction was not released")), 10_000),
      ),
    ]);
    expect(next).toEqual([{ n: 3 }]);
  }, 300_000);
});
