// POST /v1/scim/tokens/{id}/rotate - replace a SCIM token (old one revoked, new secret shown once)
import { route } from "@/lib/http/route";
import { rotateScimToken } from "@/lib/scim/tokens";

export const POST = route({ permission: "scim.write" }, async ({ tx, actor, params }) => Response.json(await rotateScimToken(tx, actor, params.id), { status: 201 }));
