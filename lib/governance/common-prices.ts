// Common OpenAI-compatible models and their list prices (USD per 1M input / output tokens):
// the demo seed's price table and the console's "add common models" starting point.
export const COMMON_PRICES: [model: string, inputPer1m: number, outputPer1m: number][] = [
  ["gpt-4o", 2.5, 10],
  ["gpt-4o-mini", 0.15, 0.6],
  ["gpt-4.1", 2, 8],
  ["gpt-4.1-mini", 0.4, 1.6],
  ["o3-mini", 1.1, 4.4],
  ["text-embedding-3-small", 0.02, 0],
];
