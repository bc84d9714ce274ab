// The budget reservation bounds a request's whole possible cost (ADR 0015): every choice (`n`,
// `best_of`) at its cap, the default cap when none is given, tools as prompt text. The fixture
// upstream bills the worst case each request allows (every choice runs to its cap), so whatever
// the gateway admits is charged in full: spend stays within the budget, also under concurrency.
// What cannot be bounded is refused with 400 naming the field, before any upstream call.
import { describe, expect, it } from "vitest";
import { settled } from "@/lib/gateway/core";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { CHAT_PROMPT_MAX, chat, gatewayForFile, mintKey, post, PRICE, setLimits } from "../helpers/gateway-setup";
import { TEST_DB_KIND } from "../helpers/test-db";

const h = gatewayForFile("bound", { promptTokens: CHAT_PROMPT_MAX, fullCompletion: true });

/** USD of a request: prompt and completion tokens at the fixture's prices ($1 / $2 per 1M). */
const usd = (prompt: number, completion: number) => (prompt * PRICE.input + completion * PRICE.output) / 1e6;
const budgetOf = async (ownerId: string) =>
  (await withTenant(h.g.tenantId, (tx) => tx.budget.findMany({ where: { ownerId } }), { db: h.t.db }))[0];

async function keyWithBudget(limitUsd: number) {
  const k = await mintKey(h.t.db, h.g);
  await setLimits(h.t.db, h.g, "virtual_key", k.id, {
    budgets: [{ limit_usd: limitUsd, window: "1d", mode: "calendar" }],
  });
  return k;
}

describe(`budget reservations bound the whole request (${TEST_DB_KIND})`, () => {
  it("n: 128 cannot spend past the budget: 20 concurrent requests against $0.05 stay within budget + one request's maximum", async () => {
    const limit = 0.05;
    // One request's maximum: the prompt bound and 128 choices of 100 tokens each.
    const maxCost = usd(CHAT_PROMPT_MAX, 128 * 100);
    expect(maxCost).toBeCloseTo(0.025609, 9);
    const k = await keyWithBudget(limit);
    const seen = h.up.requests.length;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => post(h.url, chat({ n: 128, max_tokens: 100 }), { "x-bf-vk": k.secret })),
    );
    await settled();
    const statuses = replies.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 402)).toBe(true);
    const admitted = statuses.filter((s) => s === 200).length;
    expect(admitted).toBe(1); // $0.05 fits one request whose maximum is $0.0256, not two
    expect(h.up.requests.length - seen).toBe(1);
    const b = await budgetOf(k.id);
    expect(Number(b.spentUsd)).toBeCloseTo(maxCost, 9); // the fixture billed the worst case in full
    expect(Number(b.spentUsd)).toBeLessThanOrEqual(limit + maxCost);
    expect(Number(b.spentUsd)).toBeLessThanOrEqual(limit);
    expect(Number(b.reservedUsd)).toBe(0);
    const refused = replies.find((r) => r.status === 402)!.json();
    expect(refused.error).toMatchObject({ type: "budget_exceeded" });
  });

  it("mixed n under concurrency: 40 requests against $0.02 never spend past the budget", async () => {
    const limit = 0.02;
    const k = await keyWithBudget(limit);
    const ns = Array.from({ length: 40 }, (_, i) => [1, 2, 4, 8][i % 4]);
    const replies = await Promise.all(
      ns.map((n) => post(h.url, chat({ n, max_tokens: 200 }), { "x-bf-vk": k.secret })),
    );
    await settled();
    const charged = replies.reduce((sum, r, i) => sum + (r.status === 200 ? usd(CHAT_PROMPT_MAX, ns[i] * 200) : 0), 0);
    expect(replies.some((r) => r.status === 200)).toBe(true);
    expect(replies.some((r) => r.status === 402)).toBe(true);
    const b = await budgetOf(k.id);
    expect(Number(b.spentUsd)).toBeCloseTo(charged, 9);
    expect(Number(b.spentUsd)).toBeLessThanOrEqual(limit);
    expect(Number(b.reservedUsd)).toBe(0);
  });

  it("without max_tokens the default cap (4096) is reserved and sent upstream; both caps given: both get the smaller", async () => {
    // 4096 x $2 / 1M = $0.008192 per choice: a $0.01 budget admits n: 1 and refuses n: 2.
    const k = await keyWithBudget(0.01);
    const bare = { model: "gpt-test", messages: [{ role: "user", content: "hi" }] };
    expect((await post(h.url, { ...bare, n: 2 }, { "x-bf-vk": k.secret })).status).toBe(402);
    const one = await post(h.url, bare, { "x-bf-vk": k.secret });
    expect(one.status).toBe(200);
    expect(h.up.requests.at(-1)).toMatchObject({ maxTokens: 4096 });
    const both = await post(h.url, chat({ max_tokens: 300, max_completion_tokens: 50 }), {
      "x-bf-vk": (await keyWithBudget(1)).secret,
    });
    expect(both.status).toBe(200);
    expect(h.up.requests.at(-1)).toMatchObject({ maxTokens: 50, maxCompletionTokens: 50 });
    await settled();
    expect(Number((await budgetOf(k.id)).spentUsd)).toBeCloseTo(usd(CHAT_PROMPT_MAX, 4096), 9);
  });

  it("tool definitions are prompt: a request whose tools alone exceed the budget is refused", async () => {
    const k = await keyWithBudget(0.01);
    // ~20 KB of tool schema: at least 20,000 prompt tokens, $0.02 at $1 / 1M.
    const tools = [
      {
        type: "function",
        function: { name: "lookup", description: "x".repeat(20_000), parameters: { type: "object", properties: {} } },
      },
    ];
    const seen = h.up.requests.length;
    const r = await post(h.url, chat({ tools, max_tokens: 10 }), { "x-bf-vk": k.secret });
    expect([r.status, r.json().error?.type]).toEqual([402, "budget_exceeded"]);
    expect(h.up.requests.length).toBe(seen);
  });

  it("what cannot be bounded is refused with 400 naming the field, before any upstream call", async () => {
    const k = await keyWithBudget(10);
    const seen = h.up.requests.length;
    const cases: [Record<string, unknown>, string][] = [
      [chat({ n: 129 }), "n"],
      [chat({ n: 0 }), "n"],
      [chat({ n: 1.5 }), "n"],
      [chat({ n: 4, best_of: 2 }), "best_of"],
      [chat({ web_search_options: {} }), "web_search_options"],
      [chat({ service_tier: "priority" }), "service_tier"],
      [
        chat({ messages: [{ role: "user", content: [{ type: "file", file: { file_id: "file-abc" } }] }] }),
        "messages[0].content[0]",
      ],
      [
        chat({
          messages: [{ role: "user", content: [{ type: "video_url", video_url: { url: "https://x.example/v.mp4" } }] }],
        }),
        "messages[0].content[0]",
      ],
      [
        chat({
          messages: [
            { role: "assistant", content: null, audio: { id: "audio_abc" } },
            { role: "user", content: "hi" },
          ],
        }),
        "messages[0].audio",
      ],
    ];
    for (const [body, field] of cases) {
      const r = await post(h.url, body, { "x-bf-vk": k.secret });
      const e = r.json().error as { type: string; message: string; issues?: { path: string }[] };
      expect([field, r.status, e?.type, e?.issues?.[0]?.path]).toEqual([field, 400, "invalid_request", field]);
      expect(e.message.startsWith(`${field}: `)).toBe(true);
    }
    expect(h.up.requests.length).toBe(seen);
  });
});
