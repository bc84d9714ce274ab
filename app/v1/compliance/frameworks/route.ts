// GET, PUT /v1/compliance/frameworks - which frameworks apply to this tenant (PUT {"framework", "applicable"}; audited)
import { z } from "zod";
import { auditActor } from "@/lib/audit/append";
import { FRAMEWORKS } from "@/lib/compliance/catalog";
import { frameworkApplicability, setFrameworkApplicability } from "@/lib/compliance/dashboard";
import { frameworkApplicabilityView } from "@/lib/compliance/views";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const body = z.object({ framework: z.enum(FRAMEWORKS), applicable: z.boolean() });

export const GET = route(
  {
    permission: "dashboards.read",
    summary: "Which compliance frameworks apply to this tenant",
    response: frameworkApplicabilityView,
    example: {},
  },
  async ({ tx }) => ({ frameworks: await frameworkApplicability(tx) }),
);

export const PUT = route(
  {
    permission: "settings.write",
    summary: "Mark a framework applicable or not (audited with before and after)",
    body,
    response: frameworkApplicabilityView,
    example: { body: { framework: "hipaa", applicable: false } },
  },
  async ({ tx, actor, body, ids }) => ({
    frameworks: await setFrameworkApplicability(tx, auditActor(actor), body.framework, body.applicable, ids.requestId),
  }),
);
