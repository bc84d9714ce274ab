// Data subject requests through /v1/privacy: the export bundle holds exactly the person's data
// (two tenants, look-alike names), and after erasure the person cannot sign in, their keys fail,
// their name, e-mail and IP are gone from every text column of every table, and the audit chain
// still verifies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { loadSession } from "@/lib/auth/methods/session";
import { resolveActor } from "@/lib/auth/resolver";
import { completeSsoSignIn } from "@/lib/auth/sso/sign-in";
import { appendAudit } from "@/lib/audit/append";
import { verifyChain } from "@/lib/audit/verify";
import { sealSecret } from "@/lib/crypto/secret-box";
import { settled } from "@/lib/gateway/core";
import { requestIds } from "@/lib/http/request-context";
import type { DeclaredHandler } from "@/lib/http/route";
import { recordConsent } from "@/lib/privacy/consent";
import { recordSignInAttempt } from "@/lib/tenancy/system";
import { withTenant } from "@/lib/tenancy/with-tenant";
import * as list from "@/app/v1/privacy/requests/route";
import * as approve from "@/app/v1/privacy/requests/[id]/approve/route";
import * as complete from "@/app/v1/privacy/requests/[id]/complete/route";
import * as exportRoute from "@/app/v1/privacy/requests/[id]/export/route";
import * as reject from "@/app/v1/privacy/requests/[id]/reject/route";
import {
  createGovTenant,
  mintKey,
  post,
  startGateway,
  pointProcessDbAt,
  type GovTenant,
} from "../helpers/gateway-setup";
import { requestAs, signedIn, statusAndJson, type Caller } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let north: GovTenant;
let south: GovTenant;
let admin: Caller;
let gw: Awaited<ReturnType<typeof startGateway>>;

interface Person {
  id: string;
  email: string;
  name: string;
  ip: string;
  vkId: string;
  vkSecret: string;
  apiKeyId: string;
  apiKeySecret: string;
  usageId: string;
}

async function addPerson(g: GovTenant, name: string, email: string, ip: string): Promise<Person> {
  const [given, family] = name.split(" ");
  const u = await withTenant(
    g.tenantId,
    (tx) =>
      tx.user.create({
        data: {
          tenantId: g.tenantId,
          email,
          name,
          givenName: given,
          familyName: family,
          role: "developer",
          externalId: `okta|${email}`,
        },
      }),
    { db: t.db },
  );
  // Keys are named for their purpose: resource names are sealed into audit details (ADR 0008).
  const vk = await mintKey(t.db, g, { user_id: u.id, name: "support-bot" });
  const officer = await (await adminOf(g)).actor();
  return withTenant(
    g.tenantId,
    async (tx) => {
      await tx.teamMembership.create({ data: { tenantId: g.tenantId, teamId: g.teamId, userId: u.id } });
      const key = await mintApiKey(tx, {
        tenantId: g.tenantId,
        role: "developer",
        ttlSeconds: 86_400,
        name: "ci",
        createdBy: { kind: "user", subject: u.id },
        source: "api",
      });
      const usage = await tx.usageRecord.create({
        data: {
          tenantId: g.tenantId,
          requestId: `req_${u.id}`,
          userId: u.id,
          virtualKeyId: vk.id,
          model: "gpt-test",
          status: "ok",
          httpStatus: 200,
        },
      });
      const who = {
        kind: "user",
        subject: u.id,
        userId: u.id,
        authMethod: "session" as const,
        displayName: name,
        email,
      };
      await appendAudit(tx, { action: "auth.login", outcome: "success", actor: who, ip, details: { mfa: true } });
      // A failed sign-in typed with the e-mail: audited under a keyed pseudonym, the address kept outside the chain.
      await appendAudit(tx, {
        action: "auth.login_failed",
        outcome: "failure",
        actor: { kind: "user", subject: email },
        ip,
        details: { reason: "invalid_grant" },
      });
      await tx.gatewayBody.create({
        data: {
          tenantId: g.tenantId,
          requestId: `req_${u.id}`,
          userId: u.id,
          virtualKeyId: vk.id,
          model: "gpt-test",
          promptSealed: sealSecret(JSON.stringify([{ role: "user", content: `I am ${name}` }])),
        },
      });
      await recordConsent(tx, officer, {
        user_id: u.id,
        purpose: "prompt_logging",
        status: "granted",
        source: "console",
      });
      return {
        id: u.id,
        email,
        name,
        ip,
        vkId: vk.id,
        vkSecret: vk.secret,
        apiKeyId: key.id,
        apiKeySecret: key.secret,
        usageId: usage.id,
      };
    },
    { db: t.db },
  );
}

// Each tenant's privacy officer: a seeded admin, signed in with a real session cookie.
async function adminOf(g: GovTenant): Promise<Caller> {
  const slug = g.actor.tenantSlug;
  const email = `privacy.admin@${slug}.test`;
  await withTenant(
    g.tenantId,
    (tx) =>
      tx.user.upsert({
        where: { tenantId_email: { tenantId: g.tenantId, email } },
        create: { tenantId: g.tenantId, email, name: "Privacy Admin", role: "admin" },
        update: {},
      }),
    { db: t.db },
  );
  return signedIn(t.db, slug, email);
}
/** requestAs, answering the route's status and JSON body with its headers (the export's content-disposition). */
async function invoke(
  h: DeclaredHandler,
  method: string,
  path: string,
  opts: { body?: unknown; params?: Record<string, string> },
  as: Caller,
) {
  const res = await requestAs(h, as, method, path, opts.body, opts.params);
  return { ...(await statusAndJson(res)), headers: res.headers };
}

let dana: Person;
let danaLookalike: Person;
let danaSouth: Person;
let quill: Person;

beforeAll(async () => {
  t = await createTestDatabase();
  pointProcessDbAt(t.db);
  // Nothing here reaches an upstream: only blocked requests are sent.
  north = await createGovTenant(t.db, "north", "http://127.0.0.1:9");
  south = await createGovTenant(t.db, "south", "http://127.0.0.1:9");
  admin = await adminOf(north);
  dana = await addPerson(north, "Dana Whitfield", "dana.whitfield@north.test", "198.51.100.11");
  danaLookalike = await addPerson(north, "Dana Whitfield-Ames", "dana.whitfield-ames@north.test", "198.51.100.12");
  quill = await addPerson(north, "Quillon Marsh-Verity", "quillon.marsh@north.test", "198.51.100.77");
  admin = await adminOf(south);
  danaSouth = await addPerson(south, "Dana Whitfield", "dana.whitfield@south.test", "198.51.100.13");
  admin = await adminOf(north);
  gw = await startGateway({ db: t.db });
});

afterAll(async () => {
  await settled();
  await gw?.close();
  await t?.drop();
});

async function openRequest(kind: "access" | "erasure", userId: string) {
  const c = await invoke(
    list.POST,
    "POST",
    "/v1/privacy/requests",
    { body: { kind, user_id: userId, note: "received by e-mail" } },
    admin,
  );
  expect(c.status).toBe(201);
  expect(c.body.status).toBe("requested");
  expect(new Date(c.body.due_at).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
  const a = await invoke(
    approve.POST,
    "POST",
    `/v1/privacy/requests/${c.body.id}/approve`,
    { params: { id: c.body.id } },
    admin,
  );
  expect(a.body.status).toBe("approved");
  return c.body.id as string;
}

describe(`access requests (${TEST_DB_KIND})`, () => {
  it("the export bundle contains exactly the person's data: not a namesake in the same tenant, not a namesake in another tenant", async () => {
    const id = await openRequest("access", dana.id);
    const r = await invoke(exportRoute.GET, "GET", `/v1/privacy/requests/${id}/export`, { params: { id } }, admin);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-disposition")).toContain("attachment");
    const b = r.body;
    expect(b.profile).toMatchObject({ id: dana.id, email: dana.email, name: "Dana Whitfield" });
    expect(b.memberships.map((m: { team_id: string }) => m.team_id)).toEqual([north.teamId]);
    expect(b.api_keys.map((k: { id: string }) => k.id)).toEqual([dana.apiKeyId]);
    expect(b.virtual_keys.map((k: { id: string }) => k.id)).toEqual([dana.vkId]);
    expect(b.usage.map((u: { id: string }) => u.id)).toEqual([dana.usageId]);
    expect(b.consents).toHaveLength(1);
    expect(b.stored_bodies.map((s: { prompt: unknown }) => s.prompt)).toEqual([
      [{ role: "user", content: "I am Dana Whitfield" }],
    ]);
    // Both her sign-in and the failed sign-in typed with her address, with her IP.
    expect(b.audit_entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["auth.login", "auth.login_failed", "consent.granted"]),
    );
    expect(b.audit_identities.map((s: { email: string }) => s.email)).toEqual([dana.email, dana.email]);
    for (const e of b.audit_entries)
      expect(b.subject.audit_refs.includes(e.actor_ref) || e.target_id === dana.id).toBe(true);
    const text = JSON.stringify(b);
    for (const other of [danaLookalike, danaSouth, quill]) {
      for (const v of [other.id, other.email, other.vkId, other.apiKeyId, other.usageId, other.ip])
        expect(text).not.toContain(v);
    }
    expect(text).not.toContain("Whitfield-Ames");
    expect(text).not.toContain(south.tenantId);
    const c = await invoke(complete.POST, "POST", `/v1/privacy/requests/${id}/complete`, { params: { id } }, admin);
    expect(c.body).toMatchObject({ status: "completed", result: { usage_records: 1, api_keys: 1, virtual_keys: 1 } });
  });

  it("another tenant's request id answers 404; a completed request cannot be approved again; reject needs a reason", async () => {
    const id = await openRequest("access", danaLookalike.id);
    const southAdmin = await adminOf(south);
    expect(
      (await invoke(exportRoute.GET, "GET", `/v1/privacy/requests/${id}/export`, { params: { id } }, southAdmin))
        .status,
    ).toBe(404);
    expect(
      (await invoke(reject.POST, "POST", `/v1/privacy/requests/${id}/reject`, { params: { id }, body: {} }, admin))
        .status,
    ).toBe(400);
    const rj = await invoke(
      reject.POST,
      "POST",
      `/v1/privacy/requests/${id}/reject`,
      { params: { id }, body: { reason: "identity not verified" } },
      admin,
    );
    expect(rj.body.status).toBe("rejected");
    expect(
      (await invoke(approve.POST, "POST", `/v1/privacy/requests/${id}/approve`, { params: { id } }, admin)).status,
    ).toBe(409);
    const steps = await withTenant(
      north.tenantId,
      (tx) => tx.auditEntry.findMany({ where: { targetId: id }, orderBy: { seq: "asc" } }),
      { db: t.db },
    );
    expect(steps.map((s) => s.action)).toEqual([
      "privacy.request.created",
      "privacy.request.approved",
      "privacy.request.rejected",
    ]);
  });
});

// Every text column of every table, as the owner: the erased person must be gone everywhere,
// including tables no tenant transaction sees (the sign-in throttle, the migration history).
async function scanAllTables(needles: string[]): Promise<string[]> {
  return t.asOwner(async (tx) => {
    const cols = await tx.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
        WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
    );
    expect(cols.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const { table_name, column_name } of cols) {
      for (const n of needles) {
        const rows = await tx.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*) AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE $1`,
          `%${n}%`,
        );
        if (Number(rows[0].n) > 0) hits.push(`${table_name}.${column_name} ~ ${n}`);
      }
    }
    return hits;
  });
}

describe(`erasure (${TEST_DB_KIND})`, () => {
  it("before erasure the scan finds the person (the scan can fail)", async () => {
    await recordSignInAttempt([`email:${quill.email}`], 60_000, t.db);
    const hits = await scanAllTables([quill.name, quill.email, quill.ip]);
    expect(hits).toEqual(
      expect.arrayContaining([
        "users.name ~ Quillon Marsh-Verity",
        "users.email ~ quillon.marsh@north.test",
        "audit_subjects.email ~ quillon.marsh@north.test",
        "audit_entries.ip ~ 198.51.100.77",
        "sign_in_attempts.key ~ quillon.marsh@north.test",
      ]),
    );
  });

  it("after erasure: no sign-in, keys fail, name, e-mail and IP gone from every table, chain verifies", async () => {
    // A live console session of the person, from their address: erasure ends it and blanks it.
    const session = await signedIn(t.db, "north", quill.email, { ip: quill.ip });
    const id = await openRequest("erasure", quill.id);
    const c = await invoke(complete.POST, "POST", `/v1/privacy/requests/${id}/complete`, { params: { id } }, admin);
    expect(c.status).toBe(200);
    expect(c.body.result).toMatchObject({
      api_keys_revoked: 1,
      virtual_keys_revoked: 1,
      memberships_deleted: 1,
      bodies_deleted: 1,
      audit_identities_deleted: 2,
    });
    expect(c.body.result.audit_ips_blanked).toBeGreaterThanOrEqual(2);

    // Cannot sign in: the old session is refused, and the IdP cannot provision the address again.
    const h = new Headers(session.credentials);
    expect(await loadSession(h, requestIds(h), { db: t.db })).toEqual({ problem: "account_disabled" });
    const sso = await completeSsoSignIn(
      {
        provider: {
          id: "boot",
          tenantId: north.tenantId,
          tenantSlug: "north",
          bootstrap: true,
          roleMapping: { admin: "admin" },
        },
        claims: { email: quill.email, sub: "okta-quill", roles: ["admin"] },
      },
      { db: t.db },
    );
    expect(sso).toEqual({ ok: false, reason: "account_disabled" });

    // Their keys fail.
    const bearer = new Headers({ authorization: `Bearer ${quill.apiKeySecret}` });
    await expect(resolveActor({ headers: bearer, ids: requestIds(bearer), surface: "api" })).rejects.toMatchObject({
      type: expect.stringMatching(/invalid_credentials|authentication_required/),
    });
    const g = await post(
      `${gw.url}/v1/chat/completions`,
      { model: "gpt-test", messages: [{ role: "user", content: "hi" }] },
      { "x-bf-vk": quill.vkSecret },
    );
    expect([g.status, g.json().error?.type]).toEqual([403, "virtual_key_blocked"]);

    // Gone from every table (both databases run this), while namesakes and others stay.
    expect(await scanAllTables([quill.name, "Quillon", "Marsh-Verity", quill.email, quill.ip])).toEqual([]);
    expect(await scanAllTables([danaLookalike.email])).not.toEqual([]);

    // The chain verifies, and the erasure's own steps are in it.
    const v = await withTenant(north.tenantId, (tx) => verifyChain(tx), { db: t.db });
    expect(v.verified).toBe(true);
    const steps = await withTenant(
      north.tenantId,
      (tx) => tx.auditEntry.findMany({ where: { targetId: id }, orderBy: { seq: "asc" } }),
      { db: t.db },
    );
    expect(steps.map((s) => s.action)).toEqual([
      "privacy.request.created",
      "privacy.request.approved",
      "privacy.request.completed",
    ]);
    // A second erasure of the same person is refused.
    const again = await openRequest("erasure", quill.id);
    expect(
      (await invoke(complete.POST, "POST", `/v1/privacy/requests/${again}/complete`, { params: { id: again } }, admin))
        .status,
    ).toBe(409);
  });
});
