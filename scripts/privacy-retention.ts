// `npm run privacy:retention [-- --dry-run]`: applies every tenant's retention per data class
// (audit entries through the audit pruning with its signed anchor, usage records, stored request
// bodies) and prints one JSON report per tenant. Run it from cron (e.g. daily).
import { getDb } from "@/lib/db";
import { runRetention } from "@/lib/privacy/retention";
import { allTenantIds } from "@/lib/tenancy/system";

async function main(): Promise<number> {
  const db = await getDb(); // the runtime role, checked like the console's (ADR 0014)
  try {
    const dryRun = process.argv.includes("--dry-run");
    for (const id of await allTenantIds(db)) console.log(JSON.stringify(await runRetention(id, { db, dryRun })));
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`privacy-retention failed: ${(e as Error).message}`);
    process.exit(2);
  },
);
