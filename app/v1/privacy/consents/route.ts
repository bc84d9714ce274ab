// GET,POST /v1/privacy/consents - consent per person and purpose (current state + history); record a grant or withdrawal.
import { route } from "@/lib/http/route";
import { consentSchema, listConsents, recordConsent } from "@/lib/privacy/consent";

export const GET = route({ permission: "privacy.read" }, async ({ req, tx }) =>
  listConsents(tx, { userId: new URL(req.url).searchParams.get("user_id") ?? undefined }),
);

export const POST = route({ permission: "privacy.write", body: consentSchema }, async ({ tx, actor, body }) =>
  Response.json(await recordConsent(tx, actor, body), { status: 201 }),
);
