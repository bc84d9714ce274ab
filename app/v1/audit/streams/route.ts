// GET /v1/audit/streams - the tenant's audit streams with their lag; POST - add one (audited).
import { pageStreams, createStream } from "@/lib/audit/streaming/service";
import { createStreamSchema, streamView } from "@/lib/audit/streaming/schemas";
import { listOf, pageQuery } from "@/lib/paging";
import { route } from "@/lib/http/route";
import { kickStream } from "@/lib/audit/streaming/jobs";

export const GET = route(
  {
    permission: "audit.read",
    summary:
      "List the tenant's audit streams (Splunk HEC, signed webhook, syslog over TLS) with cursor, lag and last error",
    query: pageQuery,
    response: listOf(streamView),
    example: { query: { limit: "20" } },
  },
  async ({ tx, query }) => pageStreams(tx, query),
);

export const POST = route(
  {
    permission: "audit.manage",
    summary: "Add an audit stream; its token or signing secret is sealed at rest and never returned (audited)",
    description:
      "Delivery is at least once, in seq order, with the seq as each entry's idempotency key (ADR 0030). The destination passes the outbound guard now and at every connection. `start`: `beginning` (default) delivers the whole trail from seq 1, `now` only what is written from now on.",
    body: createStreamSchema,
    response: streamView,
    status: 201,
    errors: ["conflict"],
    example: {
      body: {
        name: "Splunk (SOC)",
        kind: "splunk_hec",
        url: "https://splunk.example.com:8088",
        index: "warden",
        sourcetype: "warden:audit",
        secret: "00000000-0000-0000-0000-000000000000",
        start: "beginning",
      },
    },
  },
  async ({ tx, actor, body }) => {
    const created = await createStream(tx, actor, body);
    kickStream(actor.tenantId, created.id);
    return Response.json(created, { status: 201 });
  },
);
