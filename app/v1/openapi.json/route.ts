// GET /v1/openapi.json - the OpenAPI 3.1 document of this API (public). It is generated from the
// route declarations by `npm run api:generate` and committed (lib/api/openapi.json, ADR 0020);
// this route serves that file as built, with an ETag so clients revalidate cheaply.
import { createHash } from "node:crypto";
import { z } from "zod";
import document from "@/lib/api/openapi.json";
import { publicRoute } from "@/lib/http/route";

const body = JSON.stringify(document);
const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
const CACHE = "public, max-age=300, must-revalidate";

/** The parts of the document a client relies on; the rest is OpenAPI 3.1 as specified. */
const openApiDocument = z
  .object({
    openapi: z.literal("3.1.0"),
    info: z.object({ title: z.string(), version: z.string() }).loose(),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z
      .object({ schemas: z.record(z.string(), z.unknown()), securitySchemes: z.record(z.string(), z.unknown()) })
      .loose(),
  })
  .loose()
  .describe("The OpenAPI 3.1 document");

function matches(ifNoneMatch: string | null): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

export const GET = publicRoute(
  async ({ req }) => {
    const headers = { etag, "cache-control": CACHE };
    if (matches(req.headers.get("if-none-match"))) return new Response(null, { status: 304, headers });
    return new Response(body, { headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
  },
  {
    summary: "The OpenAPI document of this API",
    description:
      "Generated from the route declarations; send If-None-Match with the last ETag to get 304 when unchanged.",
    response: openApiDocument,
  },
);
