// The one list contract on /v1: `?limit=&cursor=` in, `{ data, next_cursor }` out. Every list of
// customers, teams, providers, virtual keys, custom roles, identity providers, API keys, audit
// entries and usage records is walked page by page with an admin's session cookie: every row of
// the tenant comes back exactly once, over more than one page, and the last page says null.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as audit from "@/app/v1/audit/route";
import * as apiKeys from "@/app/v1/auth/keys/route";
import * as customers from "@/app/v1/customers/route";
import * as identityProviders from "@/app/v1/identity/providers/route";
import * as providers from "@/app/v1/providers/route";
import * as roles from "@/app/v1/roles/route";
import * as teams from "@/app/v1/teams/route";
import * as usage from "@/app/v1/usage/route";
import * as keys from "@/app/v1/virtual-keys/route";
import { setDbForTests } from "@/lib/db";
import type { DeclaredHandler } from "@/lib/http/route";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { callAs, openSeededConsole, type Caller } from "../helpers/callers";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let admin: Caller;

beforeAll(async () => {
  process.env.WARDEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  ({ t, admin } = await openSeededConsole());
  // Enough rows of every kind for at least two pages (the demo seeds one provider, custom role and IdP per tenant).
  await withTenant(
    admin.tenantId,
    async (tx) => {
      await tx.provider.create({
        data: { tenantId: admin.tenantId, name: "paging-ai", baseUrl: "https://paging.test/v1" },
      });
      await tx.customRole.create({
        data: { tenantId: admin.tenantId, name: "Paging role", permissions: ["teams.read"] },
      });
      for (const n of [1, 2])
        await tx.identityProvider.create({
          data: {
            tenantId: admin.tenantId,
            type: "oidc",
            name: `Paging IdP ${n}`,
            issuer: `https://idp${n}.paging.test`,
          },
        });
      for (const n of [1, 2, 3]) {
        await tx.usageRecord.create({
          data: {
            tenantId: admin.tenantId,
            requestId: `req_paging_${n}`,
            customerId: "cus_paging",
            status: "ok",
            httpStatus: 200,
            ts: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 2)),
          },
        });
      }
    },
    { db: t.db },
  );
  // Three customers through the API: three customer.create audit entries to page through.
  for (const n of [1, 2, 3]) {
    const req = new Request("http://warden.test/v1/customers", {
      method: "POST",
      body: JSON.stringify({ name: `Paging customer ${n}` }),
      headers: { "content-type": "application/json" },
    });
    expect((await callAs(customers.POST, admin, req)).status).toBe(201);
  }
}, 300_000);
afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

/** Follows next_cursor from the first page to the last; returns the ids in order and the page count. */
async function walk(handler: DeclaredHandler, path: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await callAs(
      handler,
      admin,
      new Request(
        `http://warden.test${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      ),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string }[]; next_cursor: string | null };
    expect(Object.keys(body).sort()).toEqual(
      path.startsWith("/v1/usage") ? ["data", "next_cursor", "totals"] : ["data", "next_cursor"],
    );
    expect(body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...body.data.map((r) => r.id));
    cursor = body.next_cursor;
    pages++;
    expect(pages).toBeLessThan(1000);
  } while (cursor);
  return { ids, pages };
}

type Case = [name: string, handler: DeclaredHandler, path: string, all: (tx: TenantTx) => Promise<{ id: string }[]>];
const id = { select: { id: true } } as const;
const CASES: Case[] = [
  ["customers", customers.GET, "/v1/customers", (tx) => tx.customer.findMany(id)],
  ["teams", teams.GET, "/v1/teams", (tx) => tx.team.findMany(id)],
  ["providers", providers.GET, "/v1/providers", (tx) => tx.provider.findMany(id)],
  ["virtual keys", keys.GET, "/v1/virtual-keys", (tx) => tx.virtualKey.findMany(id)],
  ["custom roles", roles.GET, "/v1/roles", (tx) => tx.customRole.findMany(id)],
  ["identity providers", identityProviders.GET, "/v1/identity/providers", (tx) => tx.identityProvider.findMany(id)],
  ["API keys", apiKeys.GET, "/v1/auth/keys", (tx) => tx.apiKey.findMany(id)],
  [
    "audit entries",
    audit.GET,
    "/v1/audit?action=customer.create",
    (tx) => tx.auditEntry.findMany({ where: { action: "customer.create" }, ...id }),
  ],
  [
    "usage records",
    usage.GET,
    "/v1/usage?customer_id=cus_paging",
    (tx) => tx.usageRecord.findMany({ where: { customerId: "cus_paging" }, ...id }),
  ],
];

describe(`/v1 lists page with limit and cursor (${TEST_DB_KIND})`, () => {
  it.each(CASES)("%s: every row exactly once across pages", async (_name, handler, path, all) => {
    const rows = await withTenant(admin.tenantId, all, { db: t.db });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const limit = Math.max(1, Math.floor(rows.length / 2));
    const { ids, pages } = await walk(handler, path, limit);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it("a limit outside 1-200 or a malformed cursor is a 400 in the error shape", async () => {
    for (const [handler, path] of [
      [customers.GET, "/v1/customers?limit=0"],
      [teams.GET, "/v1/teams?limit=201"],
      [audit.GET, "/v1/audit?cursor=abc"],
      [apiKeys.GET, "/v1/auth/keys?limit=x"],
    ] as const) {
      const res = await callAs(handler, admin, new Request(`http://warden.test${path}`));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe("invalid_request");
    }
  });
});
