// GET,PATCH,DELETE /v1/providers/{id} - one provider; change its URL, key, region or prices; delete it
// (409 while the allow-lists of usable virtual keys or active users name it or its models).
import { route } from "@/lib/http/route";
import {
  deleteLlmProvider,
  getLlmProvider,
  providerPatchSchema,
  providerViewSchema,
  updateLlmProvider,
} from "@/lib/governance/providers";

const params = { id: "prv_0123456789abcdef" };

export const GET = route(
  {
    permission: "governance.read",
    summary: "Get a provider",
    response: providerViewSchema,
    errors: ["not_found"],
    example: { params },
  },
  async ({ tx, params }) => getLlmProvider(tx, params.id),
);

export const PATCH = route(
  {
    permission: "governance.write",
    summary: "Update a provider",
    description:
      "Absent fields stay; an absent `api_key` keeps the stored one; a present `prices` list replaces the price table. The name cannot change.",
    body: providerPatchSchema,
    response: providerViewSchema,
    errors: ["not_found"],
    example: { params, body: { region: "us", hipaa_covered: false } },
  },
  async ({ tx, actor, params, body }) => updateLlmProvider(tx, actor, params.id, body),
);

export const DELETE = route(
  {
    permission: "governance.write",
    summary: "Delete a provider",
    description:
      "Deletes the provider and its price table. While the allow-lists of usable virtual keys or active users name it (or `provider/model`, or a model only it prices) the answer is 409 `conflict`, naming them with counts; the refusal is audited too (ADR 0022).",
    status: 204,
    errors: ["not_found", "conflict"],
    example: { params },
  },
  async ({ tx, actor, params }) => {
    await deleteLlmProvider(tx, actor, params.id);
    return new Response(null, { status: 204 });
  },
);
