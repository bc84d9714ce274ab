// GET,POST /v1/privacy/consents - consent per person and purpose (current state + history, paged by pair); record a grant or withdrawal.
import { route } from "@/lib/http/route";
import { consentListQuery, consentSchema, listConsents, recordConsent } from "@/lib/privacy/consent";

export const GET = route({ permission: "privacy.read", query: consentListQuery }, async ({ tx, query }) => listConsents(tx, query));

export const POST = route({ permission: "privacy.write", body: consentSchema }, async ({ tx, actor, body }) =>
  Response.json(await recordConsent(tx, actor, body), { status: 201 }),
);
