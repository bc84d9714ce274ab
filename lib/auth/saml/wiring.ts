// The one place the ACS learns how to turn a valid login into credentials: the API flow mints a
// short-lived key through the one API-key mint; the browser flow signs in through the SSO
// mapping and sets the console session cookie.
import "server-only";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { samlBrowserOutcome } from "./browser";
import { apiKeyOutcome, type SamlOutcomes } from "./outcomes";

export const samlOutcomes: SamlOutcomes = { api: apiKeyOutcome(mintApiKey), browser: samlBrowserOutcome };
