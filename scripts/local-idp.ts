// npx tsx --conditions react-server scripts/local-idp.ts - the local demo OIDC IdP on its own
// (`npm run demo` starts it in-process). Reads AUTH_SECRET from the environment or .env.demo.
import path from "node:path";
import { startLocalIdp } from "@/lib/idp-local/server";
import { ensureDemoEnv } from "./lib/env-file";

const envFile = path.resolve(process.env.WARDEN_ENV_FILE ?? ".env.demo");
ensureDemoEnv(envFile);
const origin = process.env.AUTH_URL ?? `http://127.0.0.1:${process.env.PORT ?? "3000"}`;
startLocalIdp({ wardenOrigins: [origin] }).then(
  (idp) => console.log(`local IdP: ${idp.issuer} (for ${origin})`),
  (e: unknown) => {
    console.error(`local IdP failed to start: ${(e as Error).message}`);
    process.exit(1);
  },
);
