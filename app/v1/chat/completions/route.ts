// POST /v1/chat/completions - the governed gateway (OpenAI-compatible), mounted in the console
// for single-port setups. Declared publicRoute because the handler authenticates itself
// through the one resolver (surface "gateway": x-bf-vk or a user's bearer token) and then
// applies governance; the lean `npm run gateway` server runs the same core.
import { publicRoute } from "@/lib/http/route";
import { handleWebChatCompletion } from "@/lib/gateway/web-handler";

export const POST = publicRoute(({ req, ids }) => handleWebChatCompletion(req, ids.requestId), { authenticatesWith: "gateway" });
