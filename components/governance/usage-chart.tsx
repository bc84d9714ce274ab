"use client";
// Requests, tokens or cost per UTC day for one key, user, team or customer (from usage records).
// No entry animation: the chart is drawn complete on first paint.
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, CHART_GRID, TOOLTIP } from "@/components/ui/chart-style";

type Point = { day: string; requests: number; tokens: number; cost: number };
const METRICS = { cost: "Cost (USD)", requests: "Requests", tokens: "Tokens" } as const;
type Metric = keyof typeof METRICS;

const fmt = (m: Metric, v: number) => (m === "cost" ? `$${v.toFixed(v < 1 ? 4 : 2)}` : v.toLocaleString("en-US"));
const short = (m: Metric, v: number) =>
  m === "cost" ? `$${v < 10 ? v.toFixed(2) : Math.round(v)}` : v >= 1000 ? `${Math.round(v / 100) / 10}k` : String(v);

export function UsageChart({ data, label }: { data: Point[]; label: string }) {
  const [metric, setMetric] = useState<Metric>("cost");
  return (
    <div>
      <div role="group" aria-label="Chart metric" className="mb-2 inline-flex rounded-md border border-border p-0.5">
        {(Object.keys(METRICS) as Metric[]).map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={metric === m}
            onClick={() => setMetric(m)}
            className={`rounded px-2.5 py-1 text-xs ${metric === m ? "bg-accent-soft font-medium text-accent-text" : "text-muted hover:text-fg"}`}
          >
            {METRICS[m]}
          </button>
        ))}
      </div>
      <div
        className="h-48 w-full"
        role="img"
        aria-label={`${METRICS[metric]} per day over the last 30 days for ${label}`}
        data-testid="usage-chart"
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid {...CHART_GRID} />
            <XAxis dataKey="day" {...AXIS} tickFormatter={(d: string) => d.slice(5)} minTickGap={16} />
            <YAxis
              {...AXIS}
              width={48}
              tickFormatter={(v: number) => short(metric, v)}
              allowDecimals={metric === "cost"}
            />
            <Tooltip {...TOOLTIP} formatter={(v) => [fmt(metric, Number(v)), METRICS[metric]]} />
            <Bar dataKey={metric} fill="var(--color-accent)" radius={[2, 2, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
