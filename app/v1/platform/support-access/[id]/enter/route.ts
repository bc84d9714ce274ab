// POST /v1/platform/support-access/{id}/enter - enter a tenant under a live grant (ADR 0037)
import { json, route } from "@/lib/http/route";
import { enterSupport, SUPPORT_COOKIE } from "@/lib/support/grants";
import { operatorGrantView } from "@/lib/support/views";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "Enter a tenant under support access",
    description:
      "Platform operators only. Sets the warden-support cookie naming the grant; the operator's console and /v1 requests then act in that tenant with the granted role until the grant expires or is revoked. Audited as support.enter in the tenant's chain and in the platform log.",
    response: operatorGrantView,
    errors: ["not_found"],
    example: { params: { id: "sup_0000" } },
  },
  async ({ actor, params, req }) => {
    const { grant, cookie } = await enterSupport(actor, params.id);
    const secure = new URL(req.url).protocol === "https:" || (process.env.AUTH_URL ?? "").startsWith("https://");
    const maxAge = Math.max(1, Math.floor((new Date(grant.expires_at).getTime() - Date.now()) / 1000));
    const res = json(grant);
    res.headers.append(
      "set-cookie",
      `${SUPPORT_COOKIE}=${encodeURIComponent(cookie)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`,
    );
    return res;
  },
);
