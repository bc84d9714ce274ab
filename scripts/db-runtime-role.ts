// `npm run db:runtime-role`: lets the runtime role warden_runtime log in (ADR 0014), connected as
// the owner (WARDEN_DB_OWNER_URL, else DATABASE_URL; a role that may alter roles). Sets its
// password when WARDEN_DB_RUNTIME_PASSWORD is given. Prints the DATABASE_URL the app should use,
// password redacted. Run `npm run db:migrate` first (the migrations create the role).
import { ConfigError, readOwnerDbConfig, redactUrl, RUNTIME_ROLE, urlAsRole } from "@/lib/db/config";
import { describeConnectError } from "@/lib/db/runtime";
import { enableRuntimeLogin } from "@/lib/db/roles";

async function main(): Promise<void> {
  const config = readOwnerDbConfig();
  if (config.kind !== "postgresql")
    throw new ConfigError("set DATABASE_URL (or WARDEN_DB_OWNER_URL) to the PostgreSQL owner's URL");
  const password = process.env.WARDEN_DB_RUNTIME_PASSWORD || undefined;
  await enableRuntimeLogin(config.url!, password).catch((e: unknown) => {
    throw e instanceof ConfigError ? e : new ConfigError(describeConnectError(config, e));
  });
  console.log(
    `${RUNTIME_ROLE} may log in${password ? " (password set)" : ""}; the app's DATABASE_URL: ${redactUrl(urlAsRole(config.url!, RUNTIME_ROLE, password))}`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`db:runtime-role failed: ${String((e as Error)?.message ?? e).split("\n")[0]}`);
    process.exit(1);
  },
);
