// The one tenant-transaction helper. Every tenant-scoped query runs inside it:
// BEGIN; SET LOCAL ROLE <app role>; set_config('app.tenant_id', <tenant>, true); ...; COMMIT.
// Row-level security then limits every statement to that tenant, whatever the query says.
// The role and the tenant are set by ONE statement (set_config('role', ..., true) is SET LOCAL
// ROLE, with the same membership check): each statement of an interactive transaction is a
// round trip through Prisma, and every audited change pays for them.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db";
import type { Database } from "@/lib/db/runtime";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { TENANT_ID } from "./tenant-id";

export type TenantTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface TenantTxOptions {
  /** Milliseconds the transaction may run (default 15 s). */
  timeout?: number;
  /** REPEATABLE READ: every statement sees one snapshot (a tenant export's consistent read). */
  isolationLevel?: "RepeatableRead";
  /** Use an explicit database (tests, scripts); defaults to the process database. */
  db?: Database;
}

const txTenants = new WeakMap<object, string>();

/**
 * The tenant a transaction works for: the one withTenant opened it for (a WeakMap hit, no
 * statement), else app.tenant_id as the transaction set it itself (an owner's transaction, e.g.
 * retention or erasure). Functions take the transaction alone and ask it, so no caller can pass a
 * tenant id that differs from the one RLS applies. No tenant: throws (fail closed).
 */
export async function tenantIdOf(tx: TenantTx): Promise<string> {
  const known = txTenants.get(tx);
  if (known) return known;
  const rows = await tx.$queryRaw<{ t: string | null }[]>`SELECT current_setting('app.tenant_id', true) AS t`;
  const tenantId = rows[0]?.t;
  if (!tenantId || !TENANT_ID.test(tenantId)) throw new Error("no tenant in this transaction (use withTenant)");
  return tenantId;
}

export async function withTenant<T>(
  tenant: string | Pick<Actor, "tenantId">,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TenantTxOptions = {},
): Promise<T> {
  const tenantId = typeof tenant === "string" ? tenant : tenant.tenantId;
  // Fail closed: no tenant, no transaction.
  if (!tenantId || !TENANT_ID.test(tenantId)) throw new Error("withTenant: a valid tenant id is required");
  const db = opts.db ?? (await getDb());
  const role = db.config.appRole; // validated against a strict pattern in readDbConfig
  return db.prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT set_config('role', ${role}, true), set_config('app.tenant_id', ${tenantId}, true)`;
      txTenants.set(tx, tenantId);
      return fn(tx);
    },
    {
      timeout: opts.timeout ?? 15_000,
      maxWait: 10_000,
      ...(opts.isolationLevel ? { isolationLevel: opts.isolationLevel } : {}),
    },
  );
}
