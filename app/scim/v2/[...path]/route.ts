// Any /scim/v2 path no SCIM resource serves: 404 in SCIM's error schema (RFC 7644 §3.12).
import { publicRoute } from "@/lib/http/route";
import { scimErrorBody, scimJson, ScimError } from "@/lib/scim/errors";

const notFound = publicRoute(async ({ req, ids }) => {
  const err = new ScimError(404, `No SCIM endpoint at ${new URL(req.url).pathname}`);
  return scimJson(scimErrorBody(err), 404, { "x-request-id": ids.requestId });
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
