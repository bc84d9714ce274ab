// Upstream providers per tenant: OpenAI-compatible base URL, sealed API key (never returned),
// and the price table per model. The base URL passes the outbound guard (lib/net/outbound.ts)
// here and again whenever the gateway opens a connection to it (lib/gateway/upstream.ts).
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit, auditActor } from "@/lib/audit/append";
import { sealSecret } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { WardenError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { pageArgs, pageOf, type Page } from "@/lib/paging";
import { assertOutboundUrl } from "@/lib/net/outbound";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";
import { refuseWhileDependents } from "./dependents";

const usdPer1m = z.number({ error: "Enter a price in USD" }).nonnegative("Must be 0 or more").max(1e6);
const priceSchema = z.object({
  model: z
    .string()
    .min(1, "Name the model")
    .max(120)
    .describe("The upstream model name; requests name it bare or as provider/model"),
  input_per_1m_usd: usdPer1m.describe("USD per 1M prompt tokens"),
  output_per_1m_usd: usdPer1m.describe("USD per 1M completion tokens"),
});
export const providerCreateSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "lowercase letters, digits, - and _")
    .describe("Used in allow-lists and as provider/model in requests; cannot change"),
  base_url: z.url({ protocol: /^https?$/ }).describe("OpenAI-compatible base URL; passes the outbound guard"),
  api_key: z.string().min(1).max(4096).optional().describe("Write-only: stored sealed (AES-256-GCM), never returned"),
  region: z.string().min(2).max(32).default("us"),
  hipaa_covered: z
    .boolean()
    .default(false)
    .describe("A BAA covers this provider (HIPAA mode sends possible PHI only here)"),
  prices: z.array(priceSchema).max(500).optional().describe("The price table; present replaces it"),
});
export const providerPatchSchema = providerCreateSchema.partial().omit({ name: true });

/** A provider as /v1 sends it: never its API key, only whether one is set. */
export const providerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  base_url: z.string(),
  region: z.string(),
  hipaa_covered: z.boolean(),
  has_api_key: z.boolean().describe("Whether an API key is stored (it is never returned)"),
  created_at: z.iso.datetime(),
  prices: z.array(priceSchema).describe("The price table, by model"),
});
export type ProviderView = z.infer<typeof providerViewSchema>;

type Row = {
  id: string;
  name: string;
  baseUrl: string;
  apiKeySealed: string | null;
  region: string;
  hipaaCovered: boolean;
  createdAt: Date;
  prices: { model: string; inputPer1mUsd: unknown; outputPer1mUsd: unknown }[];
};

function shape(p: Row): ProviderView {
  return {
    id: p.id,
    name: p.name,
    base_url: p.baseUrl,
    region: p.region,
    hipaa_covered: p.hipaaCovered,
    has_api_key: p.apiKeySealed !== null,
    created_at: p.createdAt.toISOString(),
    prices: p.prices.map((x) => ({
      model: x.model,
      input_per_1m_usd: Number(x.inputPer1mUsd),
      output_per_1m_usd: Number(x.outputPer1mUsd),
    })),
  };
}

export async function listLlmProviders(tx: TenantTx, page: Page) {
  const rows = await tx.provider.findMany({ include: { prices: { orderBy: { model: "asc" } } }, ...pageArgs(page) });
  const out = pageOf(rows, page);
  return { ...out, data: out.data.map(shape) };
}

export async function getLlmProvider(tx: TenantTx, id: string) {
  const p = await tx.provider.findUnique({ where: { id }, include: { prices: { orderBy: { model: "asc" } } } });
  if (!p) throw new WardenError("not_found", "Provider not found");
  return shape(p);
}

async function replacePrices(tx: TenantTx, providerId: string, prices?: z.infer<typeof priceSchema>[]) {
  const tenantId = await tenantIdOf(tx);
  if (!prices) return;
  await tx.modelPrice.deleteMany({ where: { providerId } });
  if (prices.length)
    await tx.modelPrice.createMany({
      data: prices.map((p) => ({
        tenantId,
        providerId,
        model: p.model,
        inputPer1mUsd: p.input_per_1m_usd,
        outputPer1mUsd: p.output_per_1m_usd,
      })),
    });
}

export async function createLlmProvider(tx: TenantTx, actor: Actor, v: z.infer<typeof providerCreateSchema>) {
  await assertOutboundUrl("base_url", v.base_url, { kind: "base" });
  if (await tx.provider.findFirst({ where: { name: v.name } }))
    throw new WardenError("conflict", "A provider with this name exists");
  const p = await tx.provider.create({
    data: {
      tenantId: actor.tenantId,
      name: v.name,
      baseUrl: v.base_url,
      apiKeySealed: v.api_key ? sealSecret(v.api_key, await tenantKeyFor(tx)) : null,
      region: v.region,
      hipaaCovered: v.hipaa_covered,
    },
  });
  await replacePrices(tx, p.id, v.prices);
  await appendAudit(tx, {
    action: "provider.create",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "provider", id: p.id },
    details: { name: v.name, base_url: v.base_url, api_key_set: Boolean(v.api_key) },
    requestId: actor.requestId,
  });
  return getLlmProvider(tx, p.id);
}

export async function updateLlmProvider(
  tx: TenantTx,
  actor: Actor,
  id: string,
  v: z.infer<typeof providerPatchSchema>,
) {
  await getLlmProvider(tx, id);
  await assertOutboundUrl("base_url", v.base_url, { kind: "base" });
  await tx.provider.update({
    where: { id },
    data: {
      baseUrl: v.base_url,
      region: v.region,
      hipaaCovered: v.hipaa_covered,
      ...(v.api_key ? { apiKeySealed: sealSecret(v.api_key, await tenantKeyFor(tx)) } : {}),
    },
  });
  await replacePrices(tx, id, v.prices);
  await appendAudit(tx, {
    action: "provider.update",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "provider", id },
    details: { fields: Object.keys(v), api_key_changed: Boolean(v.api_key) },
    requestId: actor.requestId,
  });
  return getLlmProvider(tx, id);
}

/**
 * What still relies on this provider through an allow-list: usable virtual keys and active users
 * whose lists name it (`allowed_providers`), name `name/model` (`allowed_models`), or name a bare
 * model that only this provider prices. A wildcard ("*") ties nobody to one provider.
 */
async function allowListsNaming(
  tx: TenantTx,
  p: { id: string; name: string },
  now: Date,
): Promise<{ keys: number; users: number }> {
  const own = await tx.modelPrice.findMany({ where: { providerId: p.id }, select: { model: true } });
  const elsewhere = new Set(
    (
      await tx.modelPrice.findMany({
        where: { providerId: { not: p.id }, model: { in: own.map((m) => m.model) } },
        select: { model: true },
      })
    ).map((m) => m.model),
  );
  const sole = own.map((m) => m.model).filter((m) => !elsewhere.has(m));
  const names = Prisma.sql`(${p.name} = ANY(allowed_providers)
    OR EXISTS (SELECT 1 FROM unnest(allowed_models) m WHERE left(m, ${p.name.length + 1}) = ${p.name + "/"} OR m = ANY(${sole}::text[])))`;
  const rows = await tx.$queryRaw<{ keys: bigint; users: bigint }[]>`
    SELECT (SELECT count(*) FROM virtual_keys WHERE revoked_at IS NULL AND (overlap_until IS NULL OR overlap_until > ${now}) AND ${names}) AS keys,
           (SELECT count(*) FROM users WHERE active AND ${names}) AS users`;
  return { keys: Number(rows[0]?.keys ?? 0), users: Number(rows[0]?.users ?? 0) };
}

/** Deletes a provider and its price table; refused with 409 while allow-lists of usable keys or active users name it (ADR 0022). */
export async function deleteLlmProvider(tx: TenantTx, actor: Actor, id: string, now = new Date()): Promise<void> {
  const p = await tx.provider.findUnique({
    where: { id },
    select: { id: true, name: true, _count: { select: { prices: true } } },
  });
  if (!p) throw new WardenError("not_found", "Provider not found");
  const uses = await allowListsNaming(tx, p, now);
  refuseWhileDependents(
    actor,
    "provider",
    p,
    [
      { one: "virtual key", many: "virtual keys", count: uses.keys },
      { one: "user", many: "users", count: uses.users },
    ],
    {
      still: "is still named in the allow-lists of",
      hint: "Take it and its models out of those allow-lists (or revoke the keys) first.",
    },
  );
  await tx.provider.delete({ where: { id } });
  await appendAudit(tx, {
    action: "provider.delete",
    outcome: "success",
    actor: auditActor(actor),
    target: { type: "provider", id },
    details: { name: p.name, prices: p._count.prices },
    requestId: actor.requestId,
  });
}
