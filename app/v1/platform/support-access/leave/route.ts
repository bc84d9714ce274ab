// POST /v1/platform/support-access/leave - leave the tenant entered under support access (ADR 0037)
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    permission: "platform.operate",
    surface: "platform",
    tenantTx: false,
    summary: "Leave support access",
    description:
      "Platform operators only. Clears the warden-support cookie; the operator's session is back in Platform only.",
    status: 204,
  },
  async () =>
    new Response(null, {
      status: 204,
      headers: { "set-cookie": "warden-support=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" },
    }),
);
