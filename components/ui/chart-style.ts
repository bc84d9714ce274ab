// The look every recharts chart shares, in the theme's colours (light and dark follow the CSS
// variables): grid, axis ticks and lines, and the tooltip box and hover cursor.
export const CHART_GRID = { strokeDasharray: "3 3", stroke: "var(--color-border)", vertical: false } as const;
export const AXIS = { tick: { fontSize: 11, fill: "var(--color-muted)" }, stroke: "var(--color-border)" } as const;
export const TOOLTIP = {
  cursor: { fill: "var(--color-surface-2)" },
  contentStyle: {
    background: "var(--color-surface)",
    border: "1px solid var(--color-border)",
    borderRadius: 6,
    fontSize: 12,
    color: "var(--color-fg)",
  },
} as const;
