// POST /v1/virtual-keys/{id}/rotate - a new secret; the old one works until overlap_seconds pass.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { rotateVirtualKey } from "@/lib/governance/virtual-keys";

const body = z.object({ overlap_seconds: z.number().int().min(0).max(30 * 86400).default(3600) });

export const POST = route({ permission: "virtual_keys.write", body }, async ({ tx, actor, params, body }) =>
  Response.json(await rotateVirtualKey(tx, actor, params.id, body.overlap_seconds), { status: 201 }),
);
