// What POST /v1/chat/completions accepts and answers, for the API document (lib/api/openapi.ts).
// The gateway is OpenAI-compatible and reads its body itself (lib/gateway/core.ts parseBody, the
// cost bound in lib/gateway/pricing.ts): these schemas describe that contract, they do not
// parse it. Fields Warden does not look at are passed to the provider as sent, and the provider's
// answer is passed back as it came, so both objects stay open to fields not listed here.
import { z } from "zod";

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z
    .union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()])
    .optional()
    .describe("Text, or content parts (text, image_url)"),
});

export const chatCompletionRequest = z
  .looseObject({
    model: z
      .string()
      .min(1)
      .describe("A model the provider serves, optionally prefixed with the provider's name (openai/gpt-4o-mini)"),
    messages: z.array(message).min(1),
    stream: z
      .boolean()
      .optional()
      .describe("true: the answer is text/event-stream (chat.completion.chunk events, then data: [DONE])"),
    max_tokens: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Caps the completion; the budget reserves this (4096 when neither cap is given)"),
    max_completion_tokens: z.number().int().min(1).optional(),
    n: z.number().int().min(1).max(128).optional(),
    temperature: z.number().optional(),
  })
  .meta({ id: "ChatCompletionRequest" });

const usage = z.looseObject({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

export const chatCompletion = z
  .looseObject({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.looseObject({
        index: z.number().int(),
        message: z.looseObject({ role: z.literal("assistant"), content: z.string().nullable() }),
        finish_reason: z.string().nullable(),
      }),
    ),
    usage: usage.optional().describe("What the request is charged by (the reservation's bound when absent)"),
  })
  .meta({ id: "ChatCompletion" });
