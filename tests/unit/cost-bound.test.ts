// boundChatCost (lib/gateway/pricing.ts): the most a chat completion request can be billed, in
// tokens, with the expectations computed by hand here.
import { describe, expect, it } from "vitest";
import { boundChatCost, IMAGE_TOKENS_MAX } from "@/lib/gateway/pricing";

const hi = [{ role: "user", content: "hi" }]; // 3 + 4 + 2 = 9 prompt tokens at most

describe("boundChatCost", () => {
  it("multiplies the per-choice cap by the number of choices; the default cap when none is given", () => {
    expect(boundChatCost({ model: "m", messages: hi, max_tokens: 100 })).toEqual({
      promptTokensMax: 9,
      maxTokens: 100,
      completionTokensMax: 100,
      caps: { max_tokens: 100 },
    });
    expect(boundChatCost({ model: "m", messages: hi, max_tokens: 100, n: 128 }).completionTokensMax).toBe(12_800);
    expect(boundChatCost({ model: "m", messages: hi, max_tokens: 100, n: 2, best_of: 5 }).completionTokensMax).toBe(
      500,
    );
    expect(boundChatCost({ model: "m", messages: hi })).toMatchObject({
      maxTokens: 4096,
      completionTokensMax: 4096,
      caps: { max_tokens: 4096 },
    });
    expect(boundChatCost({ model: "m", messages: hi, max_completion_tokens: 64 }).caps).toEqual({
      max_completion_tokens: 64,
    });
    expect(boundChatCost({ model: "m", messages: hi, max_tokens: 300, max_completion_tokens: 50 }).caps).toEqual({
      max_tokens: 50,
      max_completion_tokens: 50,
    });
  });

  it("counts tools, response formats, tool calls and unknown fields as prompt, images at their maximum, predictions as completion", () => {
    const tools = [{ type: "function", function: { name: "f" } }];
    const toolsBytes = JSON.stringify(tools).length;
    expect(
      boundChatCost({ model: "m", messages: hi, max_tokens: 1, tools, temperature: 0.2, logprobs: true })
        .promptTokensMax,
    ).toBe(9 + toolsBytes);
    expect(boundChatCost({ model: "m", messages: hi, max_tokens: 1, vendor_documents: ["abcd"] }).promptTokensMax).toBe(
      9 + JSON.stringify(["abcd"]).length,
    );
    const calls = [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }];
    const withCalls = [{ role: "assistant", content: null, tool_calls: calls }];
    expect(boundChatCost({ model: "m", messages: withCalls, max_tokens: 1 }).promptTokensMax).toBe(
      3 + 4 + 2 + JSON.stringify(calls).length,
    );
    const image = [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x.example/a.png" } }] }];
    expect(boundChatCost({ model: "m", messages: image, max_tokens: 1 }).promptTokensMax).toBe(
      3 + 4 + JSON.stringify(image[0].content).length + IMAGE_TOKENS_MAX,
    );
    const prediction = { type: "content", content: "abc" };
    expect(boundChatCost({ model: "m", messages: hi, max_tokens: 10, n: 2, prediction }).completionTokensMax).toBe(
      20 + JSON.stringify(prediction).length,
    );
  });

  it("refuses what it cannot bound, naming the field", () => {
    const field = (body: Record<string, unknown>) => {
      try {
        boundChatCost({ model: "m", messages: hi, ...body });
        return null;
      } catch (e) {
        return (e as { issues?: { path: string }[] }).issues?.[0]?.path;
      }
    };
    expect(field({ n: 129 })).toBe("n");
    expect(field({ best_of: 1, n: 2 })).toBe("best_of");
    expect(field({ max_tokens: 2 ** 60 })).toBe("max_tokens");
    expect(field({ web_search_options: {} })).toBe("web_search_options");
    expect(field({ service_tier: "priority" })).toBe("service_tier");
    expect(field({ service_tier: "flex" })).toBeNull();
    expect(
      field({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "a" },
              { type: "file", file: { file_id: "f" } },
            ],
          },
        ],
      }),
    ).toBe("messages[0].content[1]");
  });
});
