// GET,POST /v1/privacy/consents - consent per person and purpose (current state + history, paged by pair); record a grant or withdrawal.
import { listOf } from "@/lib/paging";
import { route } from "@/lib/http/route";
import {
  consentListQuery,
  consentRecordView,
  consentSchema,
  consentStateView,
  listConsents,
  recordConsent,
} from "@/lib/privacy/consent";

export const GET = route(
  {
    permission: "privacy.read",
    summary: "List consent per person and purpose: the current state and its history",
    description: "One item per (person, purpose) pair, ordered by user id then purpose.",
    query: consentListQuery,
    response: listOf(consentStateView),
    example: { query: { limit: "50" } },
  },
  async ({ tx, query }) => listConsents(tx, query),
);

export const POST = route(
  {
    permission: "privacy.write",
    summary: "Record a consent grant or withdrawal",
    description:
      "A new history row; the newest row per person and purpose is the current state. Audited as consent.granted or consent.withdrawn. The gateway applies a prompt_logging change within its cache interval.",
    body: consentSchema,
    response: consentRecordView,
    status: 201,
    errors: ["not_found"],
    example: {
      body: {
        user_id: "usr_5b0c1e6f2d8a4c0e9f7a6b5c4d3e2f10",
        purpose: "usage_analytics",
        status: "granted",
        source: "api",
      },
    },
  },
  async ({ tx, actor, body }) => Response.json(await recordConsent(tx, actor, body), { status: 201 }),
);
