// npm run db:seed - loads the demo tenants (idempotent), as the runtime role (ADR 0014): on
// PostgreSQL DATABASE_URL names it; PGlite switches its session to it.
import { ConfigError } from "@/lib/db/config";
import { describeConnectError, openDatabase, switchToRuntimeRole } from "@/lib/db/runtime";
import { readDbConfig } from "@/lib/db/config";
import { seedDemo } from "@/lib/seed/seed-demo";

async function main() {
  let config;
  try {
    config = readDbConfig();
  } catch (e) {
    console.error(`warden: ${(e as Error).message}`);
    process.exit(2);
  }
  let db;
  try {
    db = await openDatabase(config);
    await switchToRuntimeRole(db);
    const s = await seedDemo(db);
    console.log(`seeded ${s.tenants} tenants, ${s.customers} customers, ${s.teams} teams, ${s.users} users`);
  } catch (e) {
    console.error(`warden: ${e instanceof ConfigError ? e.message : describeConnectError(config, e)}`);
    process.exitCode = 1;
  } finally {
    await db?.close();
  }
}

void main();
