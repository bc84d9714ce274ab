// npm-less CLI: `tsx --conditions react-server scripts/audit-verify.ts [--prune]` verifies every
// tenant's audit chain, records each result (audit_verifications), signs a checkpoint into the
// sink when intact, and with --prune applies each tenant's retention. Exit 1 if any chain is broken.
// Run it from cron (e.g. hourly); the console server does not run a timer of its own.
import { pruneTenant } from "@/lib/audit/retention";
import { runScheduledVerification } from "@/lib/audit/verification";
import { getDb } from "@/lib/db";
import { allTenantIds } from "@/lib/tenancy/system";

async function main(): Promise<number> {
  const db = await getDb(); // the runtime role, checked like the console's (ADR 0014)
  try {
    if (process.argv.includes("--prune")) {
      for (const id of await allTenantIds(db))
        console.log(JSON.stringify({ tenant: id, prune: await pruneTenant(id, { db }) }));
    }
    const results = await runScheduledVerification({ db, trigger: "cli" });
    for (const r of results) console.log(JSON.stringify({ tenant: r.tenantId, ...r.result }));
    return results.every((r) => r.result.verified) ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`audit-verify failed: ${(e as Error).message}`);
    process.exit(2);
  },
);
