"use client";
// 30-day trends on the dashboard: daily failed sign-ins, privilege escalations and gateway spend.
// Fed plain data by the server page; no server code here.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, CHART_GRID, TOOLTIP } from "@/components/ui/chart-style";

export interface TrendPoint {
  day: string;
  failed_logins: number;
  escalations: number;
  spend_usd: number;
}

const SERIES = [
  { key: "failed_logins", title: "Failed sign-ins per day", fmt: (v: number) => String(v) },
  { key: "escalations", title: "Privilege escalations per day", fmt: (v: number) => String(v) },
  { key: "spend_usd", title: "Gateway spend per day (USD)", fmt: (v: number) => `$${v.toFixed(2)}` },
] as const;

export function TrendCharts({ data }: { data: TrendPoint[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {SERIES.map((s) => (
        <figure key={s.key} className="min-w-0">
          <figcaption className="mb-1 text-xs font-medium text-muted">{s.title}</figcaption>
          <div className="h-40 w-full" role="img" aria-label={`${s.title}, last 30 days`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
                <CartesianGrid {...CHART_GRID} />
                <XAxis dataKey="day" {...AXIS} tickFormatter={(d: string) => d.slice(5)} minTickGap={16} />
                <YAxis
                  {...AXIS}
                  width={40}
                  allowDecimals={s.key === "spend_usd"}
                  tickFormatter={(v: number) => s.fmt(v)}
                />
                <Tooltip {...TOOLTIP} formatter={(v) => [s.fmt(Number(v)), s.title]} />
                <Bar dataKey={s.key} fill="var(--color-accent, #4f46e5)" radius={[2, 2, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      ))}
    </div>
  );
}
