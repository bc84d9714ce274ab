// The usage report type: usage_records and budgets, through the usage rollups.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { usageRelation } from "@/lib/rollups/read";
import type { Figure } from "../spec";
import { fillDays, n, type Row, type Source } from "./common";
import { usageAfter, usageFilter, usageWhere } from "./where";

const USAGE_COLUMNS = [
  "ts",
  "id",
  "request_id",
  "user_id",
  "team_id",
  "customer_id",
  "virtual_key_id",
  "provider",
  "model",
  "prompt_tokens",
  "completion_tokens",
  "cost_usd",
  "latency_ms",
  "status",
  "http_status",
];

export const usageSource: Source = {
  columns: USAGE_COLUMNS,
  async summary(tx, p) {
    // Whole hours from the usage rollups (per owner when filtered by people, teams or customers), edges from the rows.
    const w = usageFilter(p);
    const rel = usageRelation(
      { from: new Date(p.from), to: new Date(p.to) },
      { userIds: p.filters.users, teamIds: p.filters.teams, customerIds: p.filters.customers },
    );
    // One pass over the relation: it is first folded to (day, provider, model, status), a few
    // thousand rows even for 30 days, and the totals, the days and the models are read from that.
    const [r] = await tx.$queryRaw<
      {
        totals: {
          n: number;
          ok: number;
          tokens: number | null;
          cost: number | null;
          rl: number;
          be: number;
          models: number;
        };
        daily: { d: string; n: number }[];
        models: {
          provider: string | null;
          model: string | null;
          n: number;
          tokens: number | null;
          cost: number | null;
        }[];
      }[]
    >`
      WITH b AS MATERIALIZED (
        SELECT to_char(date_trunc('day', u.ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS d, u.provider, u.model, u.status,
               sum(u.n) AS n, sum(u.prompt_tokens + u.completion_tokens) AS tokens, sum(u.cost_usd) AS cost
          FROM ${rel} WHERE ${w} GROUP BY 1, 2, 3, 4)
      SELECT
        (SELECT json_build_object('n', coalesce(sum(n), 0), 'ok', coalesce(sum(n) FILTER (WHERE status = 'ok'), 0), 'tokens', sum(tokens), 'cost', sum(cost),
                                  'rl', coalesce(sum(n) FILTER (WHERE status = 'rate_limited'), 0), 'be', coalesce(sum(n) FILTER (WHERE status = 'budget_exceeded'), 0),
                                  'models', count(DISTINCT model)) FROM b) AS totals,
        (SELECT coalesce(json_agg(x ORDER BY x.d), '[]'::json) FROM (SELECT d, sum(n) AS n FROM b GROUP BY d) x) AS daily,
        (SELECT coalesce(json_agg(x ORDER BY x.cost DESC NULLS LAST, x.provider, x.model), '[]'::json)
           FROM (SELECT provider, model, sum(n) AS n, sum(tokens) AS tokens, sum(cost) AS cost FROM b GROUP BY 1, 2 ORDER BY 5 DESC NULLS LAST, 1, 2 LIMIT 40) x) AS models`;
    const t = r.totals;
    const figures: Figure[] = [
      { key: "requests", label: "API requests", value: n(t.n) },
      { key: "ok_requests", label: "Successful requests", value: n(t.ok) },
      { key: "tokens", label: "Tokens", value: n(t.tokens), unit: "tokens" },
      { key: "cost_usd", label: "Cost (USD)", value: Math.round(Number(t.cost ?? 0) * 100) / 100, unit: "usd" },
      { key: "rate_limited", label: "Rate-limit violations", value: n(t.rl) },
      { key: "budget_exceeded", label: "Budget refusals", value: n(t.be) },
      { key: "models", label: "Models used", value: n(t.models) },
    ];
    const { daily, models } = r;
    const budgets = await tx.$queryRaw<
      {
        owner_type: string;
        owner_id: string;
        name: string | null;
        window: string;
        limit_usd: Prisma.Decimal;
        spent_usd: Prisma.Decimal;
      }[]
    >`
      SELECT b.owner_type, b.owner_id, COALESCE(t.name, c.name, us.email, v.name) AS name, b."window", b.limit_usd, b.spent_usd
      FROM budgets b LEFT JOIN teams t ON b.owner_type = 'team' AND t.id = b.owner_id
        LEFT JOIN customers c ON b.owner_type = 'customer' AND c.id = b.owner_id
        LEFT JOIN users us ON b.owner_type = 'user' AND us.id = b.owner_id
        LEFT JOIN virtual_keys v ON b.owner_type = 'virtual_key' AND v.id = b.owner_id
      ORDER BY b.spent_usd / NULLIF(b.limit_usd, 0) DESC NULLS LAST, b.id LIMIT 40`;
    const usd = (d: Prisma.Decimal | number | null) => (Math.round(Number(d ?? 0) * 100) / 100).toFixed(2);
    return {
      figures,
      chart: { title: "Requests per day (UTC)", points: fillDays(p, new Map(daily.map((r) => [r.d, n(r.n)]))) },
      breakdowns: [
        {
          title: "Model and provider usage",
          columns: ["Provider", "Model", "Requests", "Tokens", "Cost (USD)"],
          rows: models.map((m) => [m.provider ?? "-", m.model ?? "-", n(m.n), n(m.tokens), usd(m.cost)]),
        },
        {
          title: "Budget consumption (current windows)",
          columns: ["Owner", "Name", "Window", "Limit (USD)", "Spent (USD)", "Used"],
          rows: budgets.map((b) => [
            b.owner_type,
            b.name ?? b.owner_id,
            b.window,
            usd(b.limit_usd),
            usd(b.spent_usd),
            `${Number(b.limit_usd) > 0 ? Math.round((100 * Number(b.spent_usd)) / Number(b.limit_usd)) : 0}%`,
          ]),
        },
      ],
      rows: n(t.n),
      columns: USAGE_COLUMNS,
    };
  },
  async batch(tx, p, _s, cursor, limit) {
    const rows = await tx.$queryRaw<
      {
        ts: Date;
        id: string;
        request_id: string;
        user_id: string | null;
        team_id: string | null;
        customer_id: string | null;
        virtual_key_id: string | null;
        provider: string | null;
        model: string | null;
        prompt_tokens: number;
        completion_tokens: number;
        cost_usd: Prisma.Decimal;
        latency_ms: number;
        status: string;
        http_status: number;
      }[]
    >`
      SELECT u.ts, u.id, u.request_id, u.user_id, u.team_id, u.customer_id, u.virtual_key_id, u.provider, u.model, u.prompt_tokens, u.completion_tokens, u.cost_usd, u.latency_ms, u.status, u.http_status
      FROM usage_records u WHERE ${usageWhere(p)} AND ${usageAfter(cursor)} ORDER BY u.ts, u.id LIMIT ${limit}`;
    const out: Row[] = rows.map((r) => ({
      ts: new Date(r.ts).toISOString(),
      id: r.id,
      request_id: r.request_id,
      user_id: r.user_id,
      team_id: r.team_id,
      customer_id: r.customer_id,
      virtual_key_id: r.virtual_key_id,
      provider: r.provider,
      model: r.model,
      prompt_tokens: r.prompt_tokens,
      completion_tokens: r.completion_tokens,
      cost_usd: Number(r.cost_usd).toFixed(6),
      latency_ms: r.latency_ms,
      status: r.status,
      http_status: r.http_status,
    }));
    const last = rows[rows.length - 1];
    return { rows: out, next: rows.length === limit ? `${new Date(last.ts).toISOString()}|${last.id}` : null };
  },
};
