// Token estimates and costs. Reservations must never be smaller than the real cost, or
// concurrent requests could overspend a budget: the prompt estimate is an upper bound
// (a BPE token is at least one byte) and completions are capped by max_tokens.

/** Completion cap reserved when a request sends no max_tokens. */
export const DEFAULT_MAX_TOKENS = 4096;

export interface Price {
  inputPer1m: number;
  outputPer1m: number;
}

interface ChatMessage {
  content?: unknown;
  name?: unknown;
}

/** Upper bound of prompt tokens: UTF-8 bytes of every message's text plus per-message overhead. */
export function promptTokenUpperBound(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let total = 3;
  for (const m of messages as ChatMessage[]) {
    total += 4;
    const c = m?.content;
    const text = typeof c === "string" ? c : JSON.stringify(c ?? "");
    total += Buffer.byteLength(text, "utf8");
    if (typeof m?.name === "string") total += Buffer.byteLength(m.name, "utf8");
  }
  return total;
}

export function costUsd(price: Price, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.inputPer1m + completionTokens * price.outputPer1m) / 1_000_000;
}

/** A numeric(20,10) literal; rounded up so a reservation is never below the cost it covers. */
export function usdString(v: number, roundUp = false): string {
  const scaled = v * 1e10;
  const n = roundUp ? Math.ceil(scaled - 1e-6) : Math.round(scaled);
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(11, "0");
  return `${neg ? "-" : ""}${s.slice(0, -10)}.${s.slice(-10)}`;
}
