// Token estimates and costs. Reservations must never be smaller than the real cost, or
// concurrent requests could overspend a budget. boundChatCost() bounds everything a chat
// completion request can be billed for (ADR 0015): the prompt (a BPE token is at least one byte,
// so bytes bound text; images have a fixed bound), and the completion: the per-choice cap
// (max_tokens / max_completion_tokens, or DEFAULT_MAX_TOKENS when absent) times the number of
// choices (n, best_of), plus a predicted output. The cap reserved is the cap the upstream gets.
// What cannot be bounded from the price table is refused with 400 naming the field.
import { WardenError } from "@/lib/errors";

/** Completion cap per choice, reserved and sent upstream, when a request names none. */
export const DEFAULT_MAX_TOKENS = 4096;
/** The most choices (`n`, `best_of`) one request may ask for (the OpenAI API's own maximum). */
export const MAX_CHOICES = 128;
/**
 * Prompt tokens one image part may cost at most: gpt-4o-mini bills a high-detail image at up to
 * 2,833 + 8 x 5,667 = 48,169 tokens, the most of the OpenAI models; others bill fewer.
 */
export const IMAGE_TOKENS_MAX = 50_000;

export interface Price {
  inputPer1m: number;
  outputPer1m: number;
}

interface ChatMessage {
  content?: unknown;
  name?: unknown;
  [k: string]: unknown;
}

const bytes = (v: unknown) =>
  v === undefined || v === null ? 0 : Buffer.byteLength(typeof v === "string" ? v : JSON.stringify(v), "utf8");

const refuse = (path: string, message: string): never => {
  throw new WardenError("invalid_request", `${path}: ${message}`, { issues: [{ path, message }] });
};

// Content parts whose cost their bytes bound (text, base64 audio) or a constant bounds (images).
const PART_TYPES = new Set(["text", "image_url", "input_audio", "refusal"]);
// Message fields that are not prompt text: role is covered by the per-message overhead.
const MESSAGE_META = new Set(["role", "content", "name"]);

/**
 * Upper bound of prompt tokens: UTF-8 bytes of every message's text and of its other fields
 * (tool calls, tool_call_id), a per-message overhead, IMAGE_TOKENS_MAX per image, and `extra`
 * (the bytes of the request's non-message fields that reach the prompt: tools, response_format...).
 */
export function promptTokenUpperBound(messages: unknown, extra = 0): number {
  if (!Array.isArray(messages)) return extra;
  let total = 3 + extra;
  messages.forEach((m: ChatMessage, i) => {
    total += 4;
    const c = m?.content;
    total += Buffer.byteLength(typeof c === "string" ? c : JSON.stringify(c ?? ""), "utf8");
    if (Array.isArray(c)) {
      c.forEach((part: { type?: unknown }, j) => {
        const type = part && typeof part === "object" ? part.type : undefined;
        // A file (PDF by id or inline) costs text AND page images that its bytes do not bound.
        if (type === "file")
          refuse(`messages[${i}].content[${j}]`, "file parts cannot be bounded in cost; send the text instead");
        if (typeof type !== "string" || !PART_TYPES.has(type))
          refuse(`messages[${i}].content[${j}]`, `unsupported content part type ${JSON.stringify(type ?? null)}`);
        if (type === "image_url") total += IMAGE_TOKENS_MAX;
      });
    }
    if (typeof m?.name === "string") total += bytes(m.name);
    if (m && typeof m === "object") {
      // A reference to an earlier audio answer is billed for audio this request does not carry.
      if (m.audio !== undefined && m.audio !== null)
        refuse(`messages[${i}].audio`, "audio references cannot be bounded in cost");
      for (const k of Object.keys(m)) if (!MESSAGE_META.has(k)) total += bytes(m[k]);
    }
  });
  return total;
}

// Top-level fields that never reach the prompt. Every other field (tools, functions, tool_choice,
// response_format, and anything unknown a provider might read) counts with its JSON bytes.
const NOT_PROMPT = new Set([
  "model",
  "messages",
  "stream",
  "stream_options",
  "max_tokens",
  "max_completion_tokens",
  "n",
  "best_of",
  "temperature",
  "top_p",
  "presence_penalty",
  "frequency_penalty",
  "logit_bias",
  "logprobs",
  "top_logprobs",
  "seed",
  "stop",
  "user",
  "store",
  "metadata",
  "service_tier",
  "parallel_tool_calls",
  "modalities",
  "audio",
  "reasoning_effort",
  "verbosity",
  "prediction",
  "safety_identifier",
  "prompt_cache_key",
]);
// Service tiers billed at (or below) the price table; "priority" and the like cost more.
const TIERS = new Set(["auto", "default", "flex"]);

export interface CostBound {
  promptTokensMax: number;
  /** Per choice: what the upstream is told it may generate. */
  maxTokens: number;
  /** All choices together, plus a predicted output: what the reservation covers. */
  completionTokensMax: number;
  /** Fields to set on the upstream body so it cannot generate more than reserved. */
  caps: Record<string, number>;
}

function count(body: Record<string, unknown>, field: string, max: number): number | null {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (!Number.isSafeInteger(v) || (v as number) < 1 || (v as number) > max)
    refuse(field, `Expected an integer from 1 to ${max}`);
  return v as number;
}

/**
 * The most a chat completion request can cost, in tokens, or a 400 naming the field that makes
 * it unbounded. Logprobs and streaming do not change what is billed; tools are prompt text.
 */
export function boundChatCost(body: Record<string, unknown>): CostBound {
  const maxTokens = count(body, "max_tokens", Number.MAX_SAFE_INTEGER);
  const maxCompletion = count(body, "max_completion_tokens", Number.MAX_SAFE_INTEGER);
  const n = count(body, "n", MAX_CHOICES) ?? 1;
  const bestOf = count(body, "best_of", MAX_CHOICES);
  if (bestOf !== null && bestOf < n) refuse("best_of", "Must be at least n");
  if (body.web_search_options !== undefined && body.web_search_options !== null) {
    refuse(
      "web_search_options",
      "web search is billed per search, outside the price table; the cost cannot be bounded",
    );
  }
  const tier = body.service_tier;
  if (tier !== undefined && tier !== null && !(typeof tier === "string" && TIERS.has(tier))) {
    refuse("service_tier", `Only ${[...TIERS].join(", ")}: other tiers are billed above the price table`);
  }
  // Both caps given: an upstream may honour either, so both are set to the smaller one.
  const cap =
    maxTokens !== null && maxCompletion !== null
      ? Math.min(maxTokens, maxCompletion)
      : (maxCompletion ?? maxTokens ?? DEFAULT_MAX_TOKENS);
  const caps: Record<string, number> = {};
  if (maxCompletion !== null) caps.max_completion_tokens = cap;
  if (maxTokens !== null || maxCompletion === null) caps.max_tokens = cap;
  let extra = 0;
  for (const k of Object.keys(body)) if (!NOT_PROMPT.has(k)) extra += bytes(body[k]);
  // Predicted output: tokens of the prediction that are not used are billed as completion tokens.
  const predicted = bytes(body.prediction);
  return {
    promptTokensMax: promptTokenUpperBound(body.messages, extra),
    maxTokens: cap,
    completionTokensMax: Math.max(n, bestOf ?? 1) * cap + predicted,
    caps,
  };
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
