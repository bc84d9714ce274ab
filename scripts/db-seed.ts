// npm run db:seed - loads the demo tenants (idempotent).
import { ConfigError } from "@/lib/db/config";
import { describeConnectError, openDatabase } from "@/lib/db/runtime";
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
