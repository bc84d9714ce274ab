// GET, PUT /v1/compliance/frameworks - which frameworks apply to this tenant (PUT {"framework", "applicable"}; audited)
import { z } from "zod";
import { auditActor } from "@/lib/audit/append";
import { FRAMEWORKS } from "@/lib/compliance/catalog";
import { frameworkApplicability, setFrameworkApplicability } from "@/lib/compliance/dashboard";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const body = z.object({ framework: z.enum(FRAMEWORKS), applicable: z.boolean() });

export const GET = route({ permission: "dashboards.read" }, async ({ tx }) => ({ frameworks: await frameworkApplicability(tx) }));

export const PUT = route({ permission: "settings.write", body }, async ({ tx, actor, body, ids }) => ({
  frameworks: await setFrameworkApplicability(tx, actor.tenantId, auditActor(actor), body.framework, body.applicable, ids.requestId),
}));
