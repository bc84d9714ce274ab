// Admission: the gateway's checks, in the order admit() applies them, and the reservation of the request's
// maximum cost at every level. The key's configuration comes from a ~1 s cache (key-cache.ts),
// budgets are reserved against in-memory leases (leases.ts), so a virtual key without rate
// limits is admitted without any database round trip. Rate-limit counters stay exact in
// PostgreSQL (one round trip, only for owners that have rate limits). A rejection throws,
// giving back what was taken so far.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import {
  LEVEL_ORDER,
  loadKeyBundle,
  loadLimits,
  loadProvider,
  loadUserLevels,
  type AllowLists,
  type LimitRow,
  type Levels,
  type OwnerType,
  type ProviderRow,
} from "./loaders";
import { costUsd, usdString, type Price } from "./pricing";
import type { Database } from "@/lib/db/runtime";
import { cachedKeyBundle } from "./key-cache";
import { addToCounters, counterKey, rateRedis, takeRates } from "./rate-redis";
import { leaseFor, toUnits } from "./leases";
import { literal, withTenantSql, withTenantSqlOnce, type Sql } from "@/lib/tenancy/with-tenant-sql";
import {
  calendarStart,
  currentWindowStart,
  secondsUntilNextBucket,
  type BudgetWindow,
  type WindowMode,
} from "./windows";
import { log } from "@/lib/observability/log";

export interface AdmissionRequest {
  actor: Actor;
  /** As sent by the client: `model` or `provider/model`. */
  model: string;
  promptTokensMax: number;
  /** Every choice's cap together (pricing.ts boundChatCost). */
  completionTokensMax: number;
  now: Date;
}

export interface HeldBudget {
  id: string;
  /** Level rank (virtual key 0 ... customer 3): settlement locks rows in the same global order. */
  rank: number;
  window: BudgetWindow;
  mode: WindowMode;
  windowStart: Date;
  /** Units (1e-10 USD) taken from this process's lease on the budget. */
  need: bigint;
}

export interface Admission {
  levels: Levels;
  provider: ProviderRow;
  upstreamModel: string;
  price: Price;
  reservedUsd: string;
  budgets: HeldBudget[];
  /** Rate-limit counters this request was counted in; `redisKey` when they live in Redis (rate-redis.ts). */
  rateBuckets: { id: string; rank: number; bucketStart: Date; redisKey?: string }[];
}

/** A refusal with what the usage record and the audit entry need to say about it. */
export class Rejection extends Error {
  constructor(
    readonly error: WardenError,
    readonly levels: Levels,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(error.message);
  }
}

function allowed(list: string[], value: string): boolean {
  return list.includes("*") || list.includes(value);
}

/** One level's allow-lists. Each level restricts: the effective list is their intersection (ADR 0021). */
export interface AllowLevel extends AllowLists {
  level: OwnerType;
  id: string;
}

const LEVEL_NAME: Record<OwnerType, string> = {
  virtual_key: "virtual key",
  user: "user",
  team: "team",
  customer: "customer",
};

/**
 * The first level, from the top (customer, team, user, then the key), whose list does not allow
 * the provider / model: the narrowest list wins, and the refusal names the level that refused,
 * the outermost one when several would (a key's own list cannot widen its user's).
 */
function blockingLevel(levels: AllowLevel[], ok: (l: AllowLevel) => boolean): AllowLevel | null {
  const top = [...levels].sort((a, b) => LEVEL_ORDER.indexOf(b.level) - LEVEL_ORDER.indexOf(a.level));
  return top.find((l) => !ok(l)) ?? null;
}

interface Subject {
  levels: Levels;
  /** Every level that has allow-lists (the user's and the key's), in any order. */
  allow: AllowLevel[];
  provider: ProviderRow | null;
  limits: LimitRow[] | null;
}

type Run = <T>(fn: (sql: Sql) => Promise<T>) => Promise<T>;

async function subjectOf(
  run: Run,
  actor: Actor,
  now: Date,
  providerName: string | null,
  model: string,
): Promise<Subject> {
  if (actor.kind === "virtual_key") {
    const {
      key: k,
      provider,
      limits,
    } = await cachedKeyBundle(actor.tenantId, actor.subject, providerName, model, () =>
      run((sql) => loadKeyBundle(sql, actor.subject, providerName, model)),
    );
    if (!k) throw new Rejection(new WardenError("virtual_key_not_found", "The virtual key is not valid"), {});
    const levels: Levels = {
      virtualKeyId: k.id,
      userId: k.user_id ?? undefined,
      teamId: k.eff_team ?? undefined,
      customerId: k.eff_customer ?? undefined,
    };
    const t = now.getTime();
    const why =
      k.revoked_at && k.revoked_at.getTime() <= t
        ? "revoked"
        : k.expires_at && k.expires_at.getTime() <= t
          ? "expired"
          : k.overlap_until && k.overlap_until.getTime() <= t
            ? "rotated"
            : k.user_active === false
              ? "owner deactivated"
              : null;
    if (why)
      throw new Rejection(new WardenError("virtual_key_blocked", `The virtual key is ${why}`), levels, { reason: why });
    const allow: AllowLevel[] = [
      { level: "virtual_key", id: k.id, providers: k.allowed_providers, models: k.allowed_models },
    ];
    if (k.user_id && k.user_allowed_providers && k.user_allowed_models)
      allow.push({ level: "user", id: k.user_id, providers: k.user_allowed_providers, models: k.user_allowed_models });
    return { levels, allow, provider, limits };
  }
  // Every caller but a virtual key spends as a person: it needs gateway.use (admin and developer by
  // default, custom roles may grant it) and a person to charge (an unknown OIDC subject has none).
  const self: Levels = actor.userId ? { userId: actor.userId } : {};
  if (!actor.permissions.has("gateway.use")) {
    throw new Rejection(
      new WardenError("user_not_authorized", "Using the gateway requires the permission gateway.use"),
      self,
      { permission: "gateway.use" },
    );
  }
  if (!actor.userId)
    throw new Rejection(
      new WardenError("user_not_authorized", "The gateway serves virtual keys and users of the tenant only"),
      {},
    );
  const userId = actor.userId;
  return run(async (sql) => {
    const u = await loadUserLevels(sql, userId);
    if (!u?.active) throw new Rejection(new WardenError("user_not_authorized", "The user is not active"), {});
    // User-level governance: the tenant's providers and priced models, under the user's own
    // allow-lists and the limits of the user, its team and customer.
    return {
      levels: u.levels,
      allow: [{ level: "user", id: userId, ...u.allow }],
      provider: await loadProvider(sql, providerName, model),
      limits: await loadLimits(sql, u.levels),
    };
  });
}

function rateRejection(r: LimitRow, now: Date, levels: Levels): Rejection {
  const retry = secondsUntilNextBucket(now, r.window);
  return new Rejection(
    new WardenError("rate_limited", `Rate limit of ${r.owner_type} ${r.owner_id} reached (${r.window} window)`, {
      headers: { "retry-after": String(retry) },
    }),
    levels,
    {
      level: r.owner_type as OwnerType,
      owner_id: r.owner_id,
      rate_limit_id: r.id,
      window: r.window,
      retry_after: retry,
    },
  );
}

/** Request counters taken by a request that is refused after all go back (never below zero). */
async function giveBackRates(run: Run, buckets: Admission["rateBuckets"]): Promise<void> {
  if (!buckets.length) return;
  const inRedis = buckets.filter((b) => b.redisKey);
  if (inRedis.length) {
    await addToCounters(
      await rateRedis()!,
      "r",
      inRedis.map((b) => ({ key: b.redisKey!, n: -1 })),
    ).catch((e) => log.error({ err: e }, "gateway: could not give back a rate-limit slot"));
    return;
  }
  await run(async (sql) => {
    for (const r of buckets)
      await sql.query(
        "UPDATE rate_limit_counters SET requests = GREATEST(requests - 1, 0) WHERE rate_limit_id = $1 AND bucket_start = $2",
        [r.id, r.bucketStart],
      );
  }).catch((e) => log.error({ err: e }, "gateway: could not give back a rate-limit slot"));
}

export async function admit(db: Database, req: AdmissionRequest): Promise<Admission> {
  const { now } = req;
  const tenantId = req.actor.tenantId;
  const run: Run = (fn) => withTenantSql(db, tenantId, fn);
  const slash = req.model.indexOf("/");
  const providerName = slash > 0 ? req.model.slice(0, slash) : null;
  const upstreamModel = slash > 0 ? req.model.slice(slash + 1) : req.model;
  const {
    levels,
    allow,
    provider,
    limits: preloaded,
  } = await subjectOf(run, req.actor, now, providerName, upstreamModel);
  if (!provider) {
    throw new Rejection(
      new WardenError(
        "provider_blocked",
        `Provider ${providerName ?? "(none)"} is not configured for model ${upstreamModel}`,
      ),
      levels,
      { provider: providerName },
    );
  }
  // Provider first at every level, then the model (the order the checks have always had).
  const noProvider = blockingLevel(allow, (l) => allowed(l.providers, provider.name));
  if (noProvider) {
    throw new Rejection(
      new WardenError(
        "provider_blocked",
        `Provider ${provider.name} is not allowed at the ${LEVEL_NAME[noProvider.level]} level (${noProvider.id})`,
      ),
      levels,
      { provider: provider.name, level: noProvider.level, owner_id: noProvider.id },
    );
  }
  const noModel = blockingLevel(
    allow,
    (l) => allowed(l.models, upstreamModel) || allowed(l.models, `${provider.name}/${upstreamModel}`),
  );
  if (noModel) {
    throw new Rejection(
      new WardenError(
        "model_blocked",
        `Model ${upstreamModel} is not allowed at the ${LEVEL_NAME[noModel.level]} level (${noModel.id})`,
      ),
      levels,
      { model: upstreamModel, level: noModel.level, owner_id: noModel.id },
    );
  }
  if (provider.input === null || provider.output === null) {
    throw new Rejection(new WardenError("model_blocked", `Model ${upstreamModel} has no price configured`), levels, {
      model: upstreamModel,
      reason: "unpriced",
    });
  }
  const price = { inputPer1m: Number(provider.input), outputPer1m: Number(provider.output) };
  const reservedUsd = usdString(costUsd(price, req.promptTokensMax, req.completionTokensMax), true);

  const limits = preloaded ?? [];
  const rateBuckets: Admission["rateBuckets"] = [];
  const rates = limits.filter((l) => l.kind === "rate");
  const redis = rates.length ? rateRedis() : null;
  if (redis) {
    // Exact counters in Redis: all limits checked and counted in one atomic script.
    const taken = rates.map((r) => ({ r, bucket: calendarStart(now, r.window) }));
    const keys = taken.map(({ r, bucket }) => counterKey(tenantId, r.id, bucket));
    // Fail closed: without its counter store the request is refused (503), never let through uncounted.
    const refused = await redis
      .then((c) =>
        takeRates(
          c,
          taken.map(({ r }, i) => ({
            key: keys[i],
            requests: r.requests,
            tokens: r.tokens,
            ttlMs: secondsUntilNextBucket(now, r.window) * 1000 + 60_000,
          })),
        ),
      )
      .catch((e: unknown) => {
        log.error({ err: e }, "gateway: rate-limit store unreachable");
        throw new WardenError(
          "service_unavailable",
          "The rate-limit store is unreachable; the request was not forwarded",
          { headers: { "retry-after": "5" } },
        );
      });
    if (refused >= 0) throw rateRejection(taken[refused].r, now, levels);
    taken.forEach(({ r, bucket }, i) =>
      rateBuckets.push({ id: r.id, rank: LEVEL_ORDER.indexOf(r.owner_type), bucketStart: bucket, redisKey: keys[i] }),
    );
  } else if (rates.length) {
    // Exact counters in PostgreSQL, one atomic statement per limit, all sent in ONE round trip
    // (withTenantSqlOnce). A limit that is reached returns no row; the counters the same request
    // took on other limits are then given back, as when a budget refuses below.
    // Each statement answers one row: `present` is false when the limit was removed after the
    // key's configuration was cached (it no longer applies; counting it would violate the
    // foreign key), `requests` is null when the limit is reached.
    const taken = rates.map((r) => ({ r, bucket: calendarStart(now, r.window) }));
    const statements = taken
      .filter((x) => x.r.requests !== 0)
      .map(
        ({ r, bucket }) =>
          `WITH l AS (SELECT id FROM rate_limits WHERE id = ${literal(r.id)}),
       c AS (INSERT INTO rate_limit_counters (tenant_id, rate_limit_id, bucket_start, requests, tokens)
       SELECT ${literal(tenantId)}, l.id, ${literal(bucket)}, 1, 0 FROM l
       ON CONFLICT (rate_limit_id, bucket_start) DO UPDATE SET requests = rate_limit_counters.requests + 1
        WHERE (${literal(r.requests)}::int IS NULL OR rate_limit_counters.requests + 1 <= ${literal(r.requests)}::int)
          AND (${literal(r.tokens)}::bigint IS NULL OR rate_limit_counters.tokens < ${literal(r.tokens)}::bigint)
       RETURNING requests)
       SELECT EXISTS (SELECT 1 FROM l) AS present, (SELECT requests FROM c) AS requests`,
      );
    const results = statements.length ? await withTenantSqlOnce(db, tenantId, statements) : [];
    let i = 0;
    let refused: (typeof taken)[number] | null = null;
    for (const x of taken) {
      const row =
        x.r.requests !== 0 ? (results[i++][0] as { present: boolean; requests: number | null } | undefined) : undefined;
      if (row && !row.present) continue;
      if (row && row.requests !== null)
        rateBuckets.push({ id: x.r.id, rank: LEVEL_ORDER.indexOf(x.r.owner_type), bucketStart: x.bucket });
      else refused ??= x;
    }
    if (refused) {
      await giveBackRates(run, rateBuckets);
      throw rateRejection(refused.r, now, levels);
    }
  }

  const budgets: HeldBudget[] = [];
  const need = toUnits(reservedUsd);
  for (const b of limits.filter((l) => l.kind === "budget")) {
    const ws = currentWindowStart(b.window_start!, now, b.window, b.mode!);
    const lease = leaseFor(db, tenantId, b.id);
    if (!(await lease.take(need, ws))) {
      // Give back what this request took: leases locally, request counters in PostgreSQL.
      for (const h of budgets) leaseFor(db, tenantId, h.id).finish(h.need, 0n);
      await giveBackRates(run, rateBuckets);
      throw new Rejection(
        new WardenError("budget_exceeded", `Budget of ${b.owner_type} ${b.owner_id} exceeded (${b.window} window)`),
        levels,
        {
          level: b.owner_type,
          owner_id: b.owner_id,
          budget_id: b.id,
          window: b.window,
          max_cost_usd: reservedUsd,
        },
      );
    }
    budgets.push({
      id: b.id,
      rank: LEVEL_ORDER.indexOf(b.owner_type),
      window: b.window,
      mode: b.mode!,
      windowStart: ws,
      need,
    });
  }
  return { levels, provider, upstreamModel, price, reservedUsd, budgets, rateBuckets };
}
