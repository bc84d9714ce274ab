// The one place the ACS learns how to turn a valid login into credentials: the API flow mints a
// short-lived key through the one API-key mint; the browser flow needs a console session helper
// from the SSO work and answers 503 until one is wired here.
import "server-only";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { apiKeyOutcome, unwiredOutcomes, type SamlOutcomes } from "./outcomes";

export const samlOutcomes: SamlOutcomes = { api: apiKeyOutcome(mintApiKey), browser: unwiredOutcomes.browser };
