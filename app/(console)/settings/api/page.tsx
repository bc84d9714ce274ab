// /settings/api - the API reference, read from the committed OpenAPI document (lib/api/openapi.json,
// the same file GET /v1/openapi.json serves), grouped by tag and searchable, with "Copy as curl".
import type { Metadata } from "next";
import { ApiReference } from "@/components/api-reference/api-reference";
import { PageHeader } from "@/components/ui/page-header";
import document from "@/lib/api/openapi.json";
import { buildReference, type OpenApiDoc } from "@/lib/api/reference";
import { page } from "@/lib/http/page";

export const metadata: Metadata = { title: "API reference" };

// The document is fixed at build time: build its view once.
const REFERENCE = buildReference(document as unknown as OpenApiDoc);

// Anyone signed in may read the reference (the document itself is public at /v1/openapi.json);
// each operation names the permission it needs and whether the reader holds it. No tenant data.
export default page({ permission: "authenticated", tenantTx: false }, async ({ actor }) => (
  <>
    <PageHeader
      title="API reference"
      description="Every /v1 operation: the permission it checks, its parameters, request and response fields, errors and an example you can copy as curl."
    />
    <ApiReference reference={REFERENCE} granted={[...actor.permissions]} />
  </>
));
