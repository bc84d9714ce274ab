// GET/POST /api/auth/* - Auth.js (sign-in redirects, OIDC callbacks, sign-out, CSRF token).
// Auth.js owns these endpoints and their CSRF protection; they carry no Warden permission.
import { handlers } from "@/lib/auth/sso";

export const { GET, POST } = handlers;
