// GET,PATCH,DELETE /v1/privacy/policies/{id} - one compliance policy.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { deletePolicy, getPolicy, patchPolicy, policyPatchSchema, policyView } from "@/lib/privacy/policies";

const example = { params: { id: "pol_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10" } };

export const GET = route(
  {
    permission: "privacy.read",
    summary: "Read a compliance policy",
    response: policyView,
    errors: ["not_found"],
    example,
  },
  async ({ tx, params }) => getPolicy(tx, params.id),
);

export const PATCH = route(
  {
    permission: "privacy.write",
    summary: "Change a compliance policy",
    description: "Fields left out are kept. Audited with the policy before and after.",
    body: policyPatchSchema,
    response: policyView,
    errors: ["not_found"],
    example: { ...example, body: { store_bodies: false } },
  },
  async ({ tx, actor, params, body }) => patchPolicy(tx, actor, params.id, body),
);

export const DELETE = route(
  {
    permission: "privacy.write",
    summary: "Delete a compliance policy",
    response: z.object({ deleted: z.literal(true) }),
    errors: ["not_found"],
    example,
  },
  async ({ tx, actor, params }) => deletePolicy(tx, actor, params.id),
);
