// A small tenant for report and job tests: one admin and `rows` usage records (one a second from
// 2026-01-01), inserted in SQL so a multi-MiB report needs no seed run.
import type { TestDatabase } from "./test-db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { signedIn, type Caller } from "./callers";

export const USAGE_FROM = "2026-01-01T00:00:00.000Z";

export async function createReportTenant(
  t: TestDatabase,
  slug: string,
  rows: number,
  email = `admin@${slug}.test`,
): Promise<{ tenantId: string; admin: Caller }> {
  const tenant = await t.asOwner((tx) => tx.tenant.create({ data: { slug, name: `${slug} Corp` } }));
  await withTenant(
    tenant.id,
    (tx) => tx.user.create({ data: { tenantId: tenant.id, email, name: "Report Admin", role: "admin" } }),
    { db: t.db },
  );
  const start = Date.parse(USAGE_FROM) / 1000;
  if (rows > 0) {
    await withTenant(
      tenant.id,
      (tx) => tx.$executeRaw`
      INSERT INTO usage_records (id, tenant_id, request_id, provider, model, prompt_tokens, completion_tokens, cost_usd, latency_ms, status, http_status, ts)
      SELECT 'usg_' || ${slug} || g, ${tenant.id}, 'req_' || g, 'openai', (ARRAY['gpt-4o', 'gpt-4o-mini', 'o3-mini'])[1 + g % 3], 100 + g % 900, 20 + g % 300,
        (g % 1000) / 100000.0, 50 + g % 700, CASE WHEN g % 97 = 0 THEN 'rate_limited' ELSE 'ok' END, CASE WHEN g % 97 = 0 THEN 429 ELSE 200 END,
        to_timestamp(${start}::double precision + g)
      FROM generate_series(0, ${rows - 1}::int) g`,
      { db: t.db, timeout: 300_000 },
    );
  }
  return { tenantId: tenant.id, admin: await signedIn(t.db, slug, email) };
}
