// POST /v1/chat/completions - the governed gateway (OpenAI-compatible), mounted in the console
// for single-port setups. Declared publicRoute because the handler authenticates itself
// through the one resolver (surface "gateway": x-bf-vk or a user's bearer token) and then
// applies governance; the lean `npm run gateway` server runs the same core.
import { chatCompletion, chatCompletionRequest } from "@/lib/gateway/chat-schema";
import { publicRoute } from "@/lib/http/route";
import { handleWebChatCompletion } from "@/lib/gateway/web-handler";

export const POST = publicRoute(({ req, ids, observed }) => handleWebChatCompletion(req, ids.requestId, {}, observed), {
  authenticatesWith: "gateway",
  summary: "Create a chat completion through the governed gateway (OpenAI-compatible)",
  description:
    "The OpenAI Chat Completions API, governed: the caller's budgets and rate limits are checked and the request's whole possible cost reserved before it goes upstream, the compliance policy applies (block, redact, record; provider regions; HIPAA mode), and usage is settled from the provider's answer. The provider's answer is passed back as it came: a chat.completion object, or with `stream: true` a `text/event-stream` of `data: {chat.completion.chunk}` events ending with `data: [DONE]` (Warden asks the provider for a final usage chunk). file parts, audio references, web_search_options and service tiers other than auto, default and flex are refused with 400 naming the field. A provider's own error answer is passed back with its status.",
  body: chatCompletionRequest,
  response: chatCompletion,
  errors: [
    "budget_exceeded",
    "rate_limited",
    "compliance_violation",
    "virtual_key_blocked",
    "model_blocked",
    "provider_blocked",
    "upstream_error",
    "service_unavailable",
  ],
  example: { body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }], max_tokens: 16 } },
});
