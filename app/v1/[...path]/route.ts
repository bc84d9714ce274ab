// Any /v1 path no route serves: 404 not_found in the error shape (Next would answer its HTML page).
import { WardenError } from "@/lib/errors";
import { publicRoute } from "@/lib/http/route";

const notFound = publicRoute(async ({ req }) => {
  throw new WardenError("not_found", `No API route at ${new URL(req.url).pathname}`);
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
