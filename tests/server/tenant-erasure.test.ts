// Tenant keys, deletion after a grace period and the erasure certificate (ADR 0035), on the
// production path: the operator's session is minted by the product after its MFA sign-in check,
// the doomed tenant gets its data through the product's own functions and the lean gateway (a
// virtual key's request: usage, a stored body sealed under the tenant key), and the purge runs as
// the tenant.purge job's handler. Then, as the owner, every table of every schema is scanned for
// the tenant id (tenant_id columns, and any text / json column).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as certificateRoute } from "@/app/v1/platform/tenants/[id]/certificate/route";
import { POST as cancelRoute } from "@/app/v1/platform/tenants/[id]/delete/cancel/route";
import { POST as deleteRoute } from "@/app/v1/platform/tenants/[id]/delete/route";
import { POST as resumeRoute } from "@/app/v1/platform/tenants/[id]/resume/route";
import { POST as suspendRoute } from "@/app/v1/platform/tenants/[id]/suspend/route";
import { GET as tenantsRoute, POST as createRoute } from "@/app/v1/platform/tenants/route";
import { appendAudit } from "@/lib/audit/append";
import { publicKeyDocument } from "@/lib/audit/public-key";
import { verifyChainFast } from "@/lib/audit/verify";
import { issueOperatorSessionCookie } from "@/lib/auth/sso/session-cookie";
import { setDbForTests } from "@/lib/db";
import { settled } from "@/lib/gateway/core";
import { createLlmProvider } from "@/lib/governance/providers";
import { DEMO_OPERATOR_EMAIL } from "@/lib/idp-local/accounts";
import { completePlatformSignIn } from "@/lib/platform/operators";
import { bodiesStored } from "@/lib/privacy/gateway";
import { purgeDueTenants } from "@/lib/platform/erasure";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { startUpstream, type FixtureUpstream } from "../fixtures/upstream";
import { call } from "../helpers/call-route";
import { pointProcessDbAt, withApiKey } from "../helpers/callers";
import { chat, createGovTenant, mintKey, post, startGateway, type GovTenant } from "../helpers/gateway-setup";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const WARDEN = "http://127.0.0.1:3392";
const browser = (cookie: string) => ({
  cookie,
  origin: WARDEN,
  host: new URL(WARDEN).host,
  "sec-fetch-site": "same-origin",
});

let t: TestDatabase;
let up: FixtureUpstream;
let gw: Awaited<ReturnType<typeof startGateway>>;
let doomed: GovTenant;
let other: GovTenant;
let op: Record<string, string>;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, {
    AUTH_URL: WARDEN,
    WARDEN_PLATFORM_OPERATORS: DEMO_OPERATOR_EMAIL,
    WARDEN_TENANT_DELETE_GRACE_DAYS: "0",
  });
  t = await createTestDatabase();
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  up = await startUpstream({ promptTokens: 5, completionTokens: 7 });
  doomed = await createGovTenant(t.db, "doomed", up.url);
  other = await createGovTenant(t.db, "keeper", up.url);
  gw = await startGateway({ db: t.db });
  const signed = await completePlatformSignIn({
    sub: "op",
    email: DEMO_OPERATOR_EMAIL,
    email_verified: true,
    amr: ["pwd", "otp"],
  });
  if (!signed.ok) throw new Error("operator sign-in refused");
  const c = await issueOperatorSessionCookie(signed.operatorId, true);
  op = browser(`${c.name}=${c.value}`);
}, 300_000);

afterAll(async () => {
  await settled();
  await gw?.close();
  await up?.close();
  await t?.drop();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

/** As the owner: every (schema, table, column) whose value mentions the tenant id. */
async function rowsMentioning(tenantId: string): Promise<string[]> {
  return t.asOwner(async (tx) => {
    const cols = await tx.$queryRaw<{ s: string; tb: string; c: string; ty: string }[]>`
      SELECT n.nspname AS s, c.relname AS tb, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS ty
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
         AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
         AND (a.attname = 'tenant_id' OR format_type(a.atttypid, a.atttypmod) IN ('text', 'jsonb', 'json', 'text[]') OR format_type(a.atttypid, a.atttypmod) LIKE 'character varying%')`;
    const hits: string[] = [];
    for (const col of cols) {
      const q = `SELECT count(*)::int AS n FROM "${col.s}"."${col.tb}" WHERE strpos("${col.c}"::text, $1) > 0`;
      const n = (await tx.$queryRawUnsafe<{ n: number }[]>(q, tenantId))[0].n;
      if (n > 0) hits.push(`${col.s}.${col.tb}.${col.c}: ${n}`);
    }
    return hits;
  });
}

describe(`tenant erasure on ${TEST_DB_KIND}`, () => {
  it("a new tenant has its own wrapped key, which the runtime role reaches only through its own transaction", async () => {
    const keys = await t.asOwner(
      (tx) =>
        tx.$queryRaw<
          { tenant_id: string; legacy: boolean; wrapped: string }[]
        >`SELECT tenant_id, legacy, wrapped FROM warden_keys.tenant_keys WHERE tenant_id IN (${doomed.tenantId}, ${other.tenantId})`,
    );
    expect(keys.map((k) => k.legacy)).toEqual([false, false]);
    expect(keys.every((k) => k.wrapped.startsWith("w1."))).toBe(true);
    // The runtime role has no privilege on the table, and the function refuses another tenant.
    await expect(
      withTenant(doomed.tenantId, (tx) => tx.$queryRaw`SELECT * FROM warden_keys.tenant_keys`, { db: t.db }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(
        doomed.tenantId,
        (tx) => tx.$queryRaw`SELECT * FROM warden_keys.tenant_key(${other.tenantId}, NULL, NULL, NULL)`,
        { db: t.db },
      ),
    ).rejects.toThrow(/own transaction/);
    await expect(
      withTenant(doomed.tenantId, (tx) => tx.$queryRaw`SELECT warden_keys.shred_tenant_key(${doomed.tenantId})`, {
        db: t.db,
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(doomed.tenantId, (tx) => tx.$queryRaw`SELECT warden_platform.purge_tenant(${doomed.tenantId})`, {
        db: t.db,
      }),
    ).rejects.toThrow(/permission denied|tenant transaction/);
  });

  it("an operator deletes a suspended tenant after the grace period: no row keeps its id, its key is shredded, the certificate verifies offline", async () => {
    // Data through the product: an API key, a provider key sealed under the tenant key, a gateway request (usage, audit).
    await withApiKey(t.db, "doomed", "dev@doomed.test", { role: "admin" });
    const p = await withTenant(
      doomed.tenantId,
      (tx) =>
        createLlmProvider(tx, doomed.actor, {
          name: "sealed",
          base_url: up.url,
          api_key: "sk-doomed-secret",
          region: "eu",
          hipaa_covered: false,
          prices: [{ model: "m", input_per_1m_usd: 1, output_per_1m_usd: 1 }],
        }),
      { db: t.db },
    );
    const sealed = await withTenant(doomed.tenantId, (tx) => tx.provider.findUniqueOrThrow({ where: { id: p.id } }), {
      db: t.db,
    });
    expect(sealed.apiKeySealed).toMatch(new RegExp(`^v2\\.${doomed.tenantId}\\.`));
    const vk = await mintKey(t.db, doomed);
    expect(
      (await post(`${gw.url}/v1/chat/completions`, chat({ model: "sealed/m" }), { "x-bf-vk": vk.secret })).status,
    ).toBe(200);
    expect(up.requests.at(-1)?.authorization).toBe("Bearer sk-doomed-secret");
    await settled();
    await bodiesStored();
    for (let i = 0; i < 3; i++)
      await withTenant(
        doomed.tenantId,
        (tx) =>
          appendAudit(tx, {
            action: "test.event",
            outcome: "success",
            actor: { kind: "system", subject: "system" },
            details: { i },
          }),
        { db: t.db },
      );
    await withTenant(
      other.tenantId,
      (tx) =>
        appendAudit(tx, { action: "test.event", outcome: "success", actor: { kind: "system", subject: "system" } }),
      { db: t.db },
    );
    expect((await rowsMentioning(doomed.tenantId)).length).toBeGreaterThan(5);

    // Active: 409. A tenant person: 403 (not an operator).
    const id = doomed.tenantId;
    const active = await call(deleteRoute, "POST", `/v1/platform/tenants/${id}/delete`, {
      headers: op,
      params: { id },
    });
    expect(active.status).toBe(409);
    const admin = await withApiKey(t.db, "keeper", "dev@keeper.test", { role: "admin" });
    expect(
      (
        await call(deleteRoute, "POST", `/v1/platform/tenants/${id}/delete`, {
          headers: admin.credentials,
          params: { id },
        })
      ).status,
    ).toBe(403);

    // Suspend, schedule, cancel (explicitly and by resume), schedule again.
    expect(
      (
        await call(suspendRoute, "POST", `/v1/platform/tenants/${id}/suspend`, {
          headers: op,
          params: { id },
          body: {},
        })
      ).status,
    ).toBe(200);
    const scheduled = await call(deleteRoute, "POST", `/v1/platform/tenants/${id}/delete`, {
      headers: op,
      params: { id },
    });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ tenant_id: id, slug: "doomed", grace_days: 0 });
    expect(
      (await call(deleteRoute, "POST", `/v1/platform/tenants/${id}/delete`, { headers: op, params: { id } })).status,
    ).toBe(409);
    const list = await call(tenantsRoute, "GET", "/v1/platform/tenants", { headers: op });
    expect(list.body.data.find((r: { id: string }) => r.id === id).deletion_due_at).toBe(scheduled.body.due_at);
    expect(
      (await call(cancelRoute, "POST", `/v1/platform/tenants/${id}/delete/cancel`, { headers: op, params: { id } }))
        .body,
    ).toEqual({ cancelled: true });
    expect(
      (await call(cancelRoute, "POST", `/v1/platform/tenants/${id}/delete/cancel`, { headers: op, params: { id } }))
        .status,
    ).toBe(409);
    expect(
      (await call(deleteRoute, "POST", `/v1/platform/tenants/${id}/delete`, { headers: op, params: { id } })).status,
    ).toBe(200);
    expect(
      (await call(resumeRoute, "POST", `/v1/platform/tenants/${id}/resume`, { headers: op, params: { id } })).status,
    ).toBe(200);
    expect((await purgeDueTenants(t.db)).purged).toEqual([]);
    expect(
      (
        await call(suspendRoute, "POST", `/v1/platform/tenants/${id}/suspend`, {
          headers: op,
          params: { id },
          body: {},
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(deleteRoute, "POST", `/v1/platform/tenants/${id}/delete`, { headers: op, params: { id } })).status,
    ).toBe(200);
    expect(
      (await call(certificateRoute, "GET", `/v1/platform/tenants/${id}/certificate`, { headers: op, params: { id } }))
        .status,
    ).toBe(404);

    // The purge job.
    expect(await purgeDueTenants(t.db)).toEqual({ purged: [id], failed: [] });
    const left = await rowsMentioning(id);
    // Kept on purpose, outside the tenant: the certificate and the operators' own log (ADR 0035).
    expect(
      left.filter(
        (h) => !h.startsWith("warden_platform.erasure_certificates.") && !h.startsWith("warden_platform.log."),
      ),
    ).toEqual([]);
    expect(
      await t.asOwner(
        (tx) =>
          tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM warden_keys.tenant_keys WHERE tenant_id = ${id}`,
      ),
    ).toEqual([{ n: 0 }]);
    // The other tenant is untouched and its chain verifies.
    const v = await verifyChainFast(t.db, other.tenantId);
    expect(v).toMatchObject({ verified: true });
    expect(v.checked).toBeGreaterThan(0);

    // The certificate: offline, with only the public key.
    const res = await certificateRoute(
      new Request(`${WARDEN}/v1/platform/tenants/${id}/certificate`, { headers: op }),
      { params: Promise.resolve({ id }) } as never,
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    const cert = JSON.parse(text);
    expect(cert.certificate).toMatchObject({
      format: "warden-erasure-certificate-v1",
      tenant: { id, slug: "doomed" },
      grace_days: 0,
      keys: { shredded: [{ kind: "tenant_key", rows_destroyed: 1 }] },
    });
    expect(cert.certificate.final_chain_head.seq).toBeGreaterThan(3);
    expect(cert.certificate.deleted_rows["public.audit_entries"]).toBe(cert.certificate.final_chain_head.seq);
    expect(cert.certificate.deleted_rows["public.usage_records"]).toBeGreaterThan(0);
    expect(cert.certificate.keys.master_derived).toEqual([]); // created with its key: nothing master-derived
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-cert-"));
    fs.writeFileSync(path.join(dir, "cert.json"), text);
    fs.writeFileSync(path.join(dir, "key.json"), JSON.stringify(publicKeyDocument()));
    const verifier = path.resolve("scripts/verify-certificate.mjs");
    const ok = JSON.parse(
      execFileSync("node", [verifier, path.join(dir, "cert.json"), path.join(dir, "key.json")], { encoding: "utf8" }),
    );
    expect(ok).toMatchObject({ valid: true, tenant: { id, slug: "doomed" } });
    // One byte changed (a digit of a count): refused.
    const tampered = text.replace(
      /"public\.audit_entries":(\d)/,
      (_m, d: string) => `"public.audit_entries":${(Number(d) + 1) % 10}`,
    );
    expect(tampered).not.toBe(text);
    fs.writeFileSync(path.join(dir, "bad.json"), tampered);
    let failed = "";
    try {
      execFileSync("node", [verifier, path.join(dir, "bad.json"), path.join(dir, "key.json")], { encoding: "utf8" });
    } catch (e) {
      failed = String((e as { stdout: string }).stdout);
    }
    expect(JSON.parse(failed)).toMatchObject({ valid: false, reason: "signature does not verify" });
    // Gone from the overview; a second purge finds nothing due.
    expect(
      (await call(tenantsRoute, "GET", "/v1/platform/tenants", { headers: op })).body.data.map(
        (r: { id: string }) => r.id,
      ),
    ).not.toContain(id);
    expect(await purgeDueTenants(t.db)).toEqual({ purged: [], failed: [] });
  });

  it("an operator-created tenant seals its IdP secret under its own key", async () => {
    const created = await call(createRoute, "POST", "/v1/platform/tenants", {
      headers: op,
      body: {
        slug: "sealedco",
        name: "Sealed",
        domains: ["sealed.test"],
        first_admin_email: "a@sealed.test",
        identity_provider: { issuer: "https://idp.sealed.test", client_id: "c", client_secret: "idp-secret" },
      },
    });
    expect(created.status).toBe(201);
    const row = await withTenant(created.body.id, (tx) => tx.identityProvider.findFirstOrThrow(), { db: t.db });
    expect(row.clientSecretSealed).toMatch(new RegExp(`^v2\\.${created.body.id}\\.`));
  });
});
