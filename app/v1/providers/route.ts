// GET,POST /v1/providers - upstream providers (base URL, sealed key, price table).
import { json, route } from "@/lib/http/route";
import { listOf, pageQuery } from "@/lib/paging";
import {
  createLlmProvider,
  listLlmProviders,
  providerCreateSchema,
  providerViewSchema,
} from "@/lib/governance/providers";

export const GET = route(
  {
    permission: "governance.read",
    summary: "List providers",
    description: "The tenant's OpenAI-compatible upstreams with their price tables. API keys are never returned.",
    query: pageQuery,
    response: listOf(providerViewSchema),
    example: { query: { limit: "20" } },
  },
  async ({ tx, query }) => listLlmProviders(tx, query),
);

export const POST = route(
  {
    permission: "governance.write",
    summary: "Create a provider",
    description:
      "The base URL passes the outbound guard (https, no private address) here and on every connection; the API key is sealed at rest.",
    body: providerCreateSchema,
    response: providerViewSchema,
    status: 201,
    errors: ["conflict"],
    example: {
      body: {
        name: "azure-openai",
        base_url: "https://example.openai.azure.com/openai/v1",
        api_key: "sk-example",
        region: "eu",
        hipaa_covered: false,
        prices: [{ model: "gpt-4o-mini", input_per_1m_usd: 0.15, output_per_1m_usd: 0.6 }],
      },
    },
  },
  async ({ tx, actor, body }) => json(await createLlmProvider(tx, actor, body), { status: 201 }),
);
