"use client";
// Daily gateway cost (USD) and requests for the last 30 days, from usage records.
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, CHART_GRID, TOOLTIP } from "@/components/ui/chart-style";

export function CostChart({ data }: { data: { day: string; cost: number; requests: number }[] }) {
  return (
    <div className="h-56 w-full" role="img" aria-label="Daily cost over the last 30 days">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...CHART_GRID} vertical />
          <XAxis dataKey="day" {...AXIS} tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
          <YAxis {...AXIS} width={48} tickFormatter={(v: number) => `$${v.toFixed(2)}`} />
          <Tooltip contentStyle={TOOLTIP.contentStyle} formatter={(v) => [`$${Number(v).toFixed(4)}`, "cost"]} />
          <Area
            type="monotone"
            dataKey="cost"
            isAnimationActive={false}
            stroke="var(--color-accent, #4f46e5)"
            fill="var(--color-accent, #4f46e5)"
            fillOpacity={0.15}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
