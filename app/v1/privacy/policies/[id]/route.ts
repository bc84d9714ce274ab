// GET,PATCH,DELETE /v1/privacy/policies/{id} - one compliance policy.
import { route } from "@/lib/http/route";
import { deletePolicy, getPolicy, patchPolicy, policyPatchSchema } from "@/lib/privacy/policies";

export const GET = route({ permission: "privacy.read" }, async ({ tx, params }) => getPolicy(tx, params.id));

export const PATCH = route({ permission: "privacy.write", body: policyPatchSchema }, async ({ tx, actor, params, body }) => patchPolicy(tx, actor, params.id, body));

export const DELETE = route({ permission: "privacy.write" }, async ({ tx, actor, params }) => deletePolicy(tx, actor, params.id));
