// The monitoring condition language: a small strict tokenizer and grammar. Pure (no server
// imports), so the console can show the same metric list; validation runs on the server.
//
//   condition := metric [ op value ] [ "in" window ]
//   value     := number [ size-unit ]            data_export_size > 1GB
//              | number "%" "of" "budget"        usage > 80% of budget
//              | number                           failed_logins > 10 in 1h
//   op        := > | >= | < | <= | == | !=
//   window    := integer ( m | h | d )            5m, 1h, 24h, 7d (1 minute .. 30 days)
// A bare flag metric (audit_chain_broken) means "> 0". Errors name the position and what was expected.

export type Op = ">" | ">=" | "<" | "<=" | "==" | "!=";
export type MetricKind = "count" | "bytes" | "percent" | "flag";

export interface MetricDef {
  kind: MetricKind;
  description: string;
  /** count and flag metrics need a window (flags default to 24h); percent takes none. */
  window: "required" | "optional" | "none" | "default_24h";
}

export const METRICS = {
  failed_logins: { kind: "count", window: "required", description: "Failed sign-ins (audit auth.login_failed)" },
  data_export_size: {
    kind: "bytes",
    window: "optional",
    description:
      "Export size: each export on its own, or the sum over a window (audit.export, data.export, report.generate)",
  },
  usage: {
    kind: "percent",
    window: "none",
    description: "Highest spend of any budget in its current window, as % of its limit",
  },
  rate_limit_violations: {
    kind: "count",
    window: "required",
    description: "Gateway requests refused by a rate limit (usage records rate_limited)",
  },
  budget_exceeded: {
    kind: "count",
    window: "required",
    description: "Gateway requests refused by a budget (usage records budget_exceeded)",
  },
  privilege_escalations: {
    kind: "count",
    window: "required",
    description: "Privilege escalations (audit privilege_escalation)",
  },
  new_admins: {
    kind: "count",
    window: "required",
    description: "Audit entries that made someone an admin (details.after.role = admin)",
  },
  authz_denials: { kind: "count", window: "required", description: "Requests denied by RBAC (audit authz.denied)" },
  break_glass_logins: {
    kind: "count",
    window: "required",
    description: "Break-glass sign-ins (audit auth.break_glass_login)",
  },
  audit_chain_broken: {
    kind: "flag",
    window: "default_24h",
    description: "Failed audit-chain verifications (audit.chain_broken or a failed verification)",
  },
  admin_grant: {
    kind: "flag",
    window: "none",
    description:
      "A change about to grant admin-level permissions (a user made admin, or given users/roles/identity/SCIM/settings/audit/monitoring write through a role); with require_approval only",
  },
  idp_change: {
    kind: "flag",
    window: "none",
    description: "An identity provider about to be created, changed or deleted; with require_approval only",
  },
} as const satisfies Record<string, MetricDef>;

export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

export interface Condition {
  metric: Metric;
  op: Op;
  /** Bytes for data_export_size, percent for usage, a count otherwise. */
  threshold: number;
  /** Window in milliseconds, or null (per event / current state). */
  windowMs: number | null;
  /** The window as written, e.g. "1h". */
  window: string | null;
  /** Normalized text, e.g. "failed_logins > 10 in 1h". */
  text: string;
}

export class ConditionError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly source: string,
  ) {
    super(`${message} (at column ${position + 1})`);
    this.name = "ConditionError";
  }
  /** The source with a caret under the offending column. */
  get pointer(): string {
    return `${this.source}\n${" ".repeat(this.position)}^`;
  }
}

type TokKind = "ident" | "number" | "op" | "percent" | "end";
interface Tok {
  kind: TokKind;
  text: string;
  pos: number;
}

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ kind: "number", text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ kind: "ident", text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if ([">=", "<=", "==", "!="].includes(two)) {
      out.push({ kind: "op", text: two, pos: i });
      i += 2;
      continue;
    }
    if (c === ">" || c === "<") {
      out.push({ kind: "op", text: c, pos: i });
      i++;
      continue;
    }
    if (c === "%") {
      out.push({ kind: "percent", text: c, pos: i });
      i++;
      continue;
    }
    throw new ConditionError(`Unexpected character '${c}'`, i, src);
  }
  out.push({ kind: "end", text: "", pos: src.length });
  return out;
}

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const WINDOW_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_WINDOW = 30 * 86_400_000;

export function parseCondition(input: string): Condition {
  const src = input.trim();
  if (!src) throw new ConditionError("The condition is empty; expected a metric such as failed_logins", 0, src);
  if (src.length > 200) throw new ConditionError("The condition is longer than 200 characters", 200, src);
  const toks = tokenize(src);
  let k = 0;
  const peek = () => toks[k];
  const next = () => toks[k++];

  const m = next();
  if (m.kind !== "ident") throw new ConditionError(`Expected a metric name (${METRIC_NAMES.join(", ")})`, m.pos, src);
  if (!(m.text in METRICS))
    throw new ConditionError(`Unknown metric '${m.text}'; known metrics: ${METRIC_NAMES.join(", ")}`, m.pos, src);
  const metric = m.text as Metric;
  const def: MetricDef = METRICS[metric];

  let op: Op = ">";
  let threshold = 0;
  let valueText = "";
  if (peek().kind === "op") {
    op = next().text as Op;
    const n = next();
    if (n.kind !== "number") throw new ConditionError(`Expected a number after '${op}'`, n.pos, src);
    threshold = Number(n.text);
    valueText = n.text;
    if (def.kind === "bytes") {
      const u = next();
      if (u.kind !== "ident" || !(u.text.toUpperCase() in SIZE_UNITS))
        throw new ConditionError(`Expected a size unit after ${n.text} (B, KB, MB, GB or TB)`, u.pos, src);
      const unit = u.text.toUpperCase();
      threshold *= SIZE_UNITS[unit];
      valueText += unit;
    } else if (def.kind === "percent") {
      const p = next();
      if (p.kind !== "percent")
        throw new ConditionError(`Expected '%' after ${n.text} (e.g. usage > 80% of budget)`, p.pos, src);
      const of = next();
      if (of.kind !== "ident" || of.text !== "of")
        throw new ConditionError("Expected 'of budget' after the percentage", of.pos, src);
      const b = next();
      if (b.kind !== "ident" || b.text !== "budget")
        throw new ConditionError("Expected 'budget' after 'of'", b.pos, src);
      if (threshold > 1000) throw new ConditionError("A budget percentage above 1000% is not meaningful", n.pos, src);
      valueText += "% of budget";
    } else {
      if (!/^[0-9]+$/.test(n.text))
        throw new ConditionError(`${metric} counts events: the threshold must be a whole number`, n.pos, src);
      if (peek().kind === "ident" && peek().text !== "in")
        throw new ConditionError(
          `Unexpected '${peek().text}': ${metric} takes a plain count (expected 'in <window>' or the end)`,
          peek().pos,
          src,
        );
      if (peek().kind === "percent")
        throw new ConditionError(`'%' only applies to usage (${metric} takes a plain count)`, peek().pos, src);
    }
  } else if (def.kind !== "flag") {
    const t = peek();
    throw new ConditionError(`Expected a comparison (>, >=, <, <=, ==, !=) after '${metric}'`, t.pos, src);
  }

  let windowMs: number | null = null;
  let window: string | null = null;
  const w = peek();
  if (w.kind === "ident" && w.text === "in") {
    next();
    if (def.window === "none") throw new ConditionError(`${metric} is a current state and takes no window`, w.pos, src);
    const n = next();
    if (n.kind !== "number" || !/^[0-9]+$/.test(n.text))
      throw new ConditionError("Expected a window such as 5m, 1h, 24h or 7d after 'in'", n.pos, src);
    const u = next();
    // "1h" tokenizes as number "1" then ident "h"; they must touch.
    if (u.kind !== "ident" || !(u.text in WINDOW_UNITS) || u.pos !== n.pos + n.text.length) {
      throw new ConditionError(
        "Expected a window unit right after the number: m (minutes), h (hours) or d (days)",
        u.pos,
        src,
      );
    }
    windowMs = Number(n.text) * WINDOW_UNITS[u.text];
    if (windowMs < 60_000 || windowMs > MAX_WINDOW)
      throw new ConditionError("The window must be between 1m and 30d", n.pos, src);
    window = `${n.text}${u.text}`;
  } else if (def.window === "required") {
    throw new ConditionError(
      `${metric} counts events over time: add a window, e.g. '${metric} > 10 in 1h'`,
      w.pos,
      src,
    );
  } else if (def.window === "default_24h") {
    windowMs = 86_400_000;
    window = "24h";
  }
  const end = next();
  if (end.kind !== "end") throw new ConditionError(`Unexpected '${end.text}' after the condition`, end.pos, src);
  if (!Number.isFinite(threshold) || threshold < 0)
    throw new ConditionError("The threshold must be a non-negative number", 0, src);

  const text =
    def.kind === "flag" && valueText === ""
      ? `${metric}${window ? ` in ${window}` : ""}`
      : `${metric} ${op} ${valueText}${window ? ` in ${window}` : ""}`;
  return { metric, op, threshold, windowMs, window, text };
}

export function compare(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case "==":
      return value === threshold;
    case "!=":
      return value !== threshold;
  }
}

/** Result of validating a condition for the console: never throws. */
export function checkCondition(
  input: string,
): { ok: true; condition: Condition } | { ok: false; message: string; position: number; pointer: string } {
  try {
    return { ok: true, condition: parseCondition(input) };
  } catch (e) {
    if (e instanceof ConditionError) return { ok: false, message: e.message, position: e.position, pointer: e.pointer };
    throw e;
  }
}

export function formatBytes(n: number): string {
  for (const [u, f] of [
    ["TB", 1024 ** 4],
    ["GB", 1024 ** 3],
    ["MB", 1024 ** 2],
    ["KB", 1024],
  ] as const)
    if (n >= f) return `${(n / f).toFixed(2).replace(/\.?0+$/, "")} ${u}`;
  return `${n} B`;
}
