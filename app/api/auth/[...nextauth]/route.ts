// GET/POST /api/auth/* - Auth.js (sign-in redirects, OIDC callbacks, sign-out, CSRF token).
// Public by nature: Auth.js owns these endpoints and their CSRF, state, PKCE and nonce checks.
import { authRouteHandler } from "@/lib/auth/sso";
import { publicRoute } from "@/lib/http/route";

export const GET = publicRoute(({ req }) => authRouteHandler(req));
export const POST = publicRoute(({ req }) => authRouteHandler(req));
