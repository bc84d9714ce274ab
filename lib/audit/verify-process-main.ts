// The verification process (verify-process.ts, ADR 0048): receives one VerifyJob over IPC, joins
// the parent's snapshot in a read-only tenant transaction on its own connection, verifies each
// range it is sent with the same verifySegment as the parent, and exits when told it is done or
// when its parent goes away (the IPC channel closes). It loads no Prisma client.
import "server-only";
import type { DbConfig } from "@/lib/db/config";
import { rememberTenantKey, tenantKeyMaterial } from "@/lib/crypto/secret-box";
import { withTenantSql } from "@/lib/tenancy/with-tenant-sql";
import type { VerifyAnswer, VerifyCommand, VerifyJob } from "./verify-process";
import { verifySegment } from "./verify-segment";

async function run(job: VerifyJob, next: () => Promise<VerifyCommand>): Promise<void> {
  const config: DbConfig = { kind: "postgresql", url: job.url, dataDir: "", appRole: job.appRole };
  const db = { config, close: async () => {} };
  if (job.tenantKey)
    rememberTenantKey(tenantKeyMaterial(job.tenantId, Buffer.from(job.tenantKey.key, "base64"), job.tenantKey.legacy));
  const marks = new Map(job.marks);
  try {
    await withTenantSql(
      db,
      job.tenantId,
      async (sql) => {
        const reader = { query: <T>(text: string, params: unknown[]) => sql.query<T>(text, params) };
        for (let c = await next(); "range" in c; c = await next()) {
          let answer: VerifyAnswer;
          try {
            answer = { ok: true, segment: await verifySegment(reader, job.tenantId, c.range, marks, job.headSeq) };
          } catch (e) {
            answer = { ok: false, message: e instanceof Error ? e.message : String(e) };
          }
          process.send!(answer);
        }
      },
      { snapshot: job.snapshot },
    );
  } catch (e) {
    // Joining the snapshot or the tenant transaction failed: every range asked is answered with why.
    const message = e instanceof Error ? e.message : String(e);
    for (let c = await next(); "range" in c; c = await next())
      process.send!({ ok: false, message } satisfies VerifyAnswer);
  } finally {
    await db.close(); // ends the raw driver's pool (withTenantSql's poolFor wraps close)
  }
}

// Messages arrive before the loop asks for them: they wait in a queue.
const queue: unknown[] = [];
const waiters: ((m: unknown) => void)[] = [];
process.on("message", (m) => {
  const w = waiters.shift();
  if (w) w(m);
  else queue.push(m);
});
const nextMessage = () =>
  new Promise<unknown>((resolve) => (queue.length ? resolve(queue.shift()) : waiters.push(resolve)));

process.once("disconnect", () => process.exit(1));
void (async () => {
  const job = (await nextMessage()) as VerifyJob;
  await run(job, () => nextMessage() as Promise<VerifyCommand>);
  process.exit(0);
})();
