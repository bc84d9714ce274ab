// The runtime role (ADR 0014): the login the running app uses. The migrations create it NOLOGIN
// (a member of warden_app, not superuser, no BYPASSRLS, owning nothing); provisioning -- npm run
// demo, .ci/run, the test harness, or a DBA by hand -- turns on LOGIN and may set its password.
import pg from "pg";
import { ConfigError, RUNTIME_ROLE } from "./config";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Lets RUNTIME_ROLE log in (and sets its password when one is given), connected as a role that
 * may alter roles (superuser or CREATEROLE). Idempotent; roles are cluster-wide, so a concurrent
 * twin (another test run, another database on the same server) is retried, not an error.
 */
export async function enableRuntimeLogin(ownerUrl: string, password?: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await client.query<{ rolcanlogin: boolean }>(
          `SELECT rolcanlogin FROM pg_roles WHERE rolname = $1`,
          [RUNTIME_ROLE],
        );
        if (!rows[0])
          throw new ConfigError(`Database role "${RUNTIME_ROLE}" does not exist: run \`npm run db:migrate\` first.`);
        if (rows[0].rolcanlogin && !password) return;
        const secret = password ? ` PASSWORD ${client.escapeLiteral(password)}` : "";
        await client.query(`ALTER ROLE ${RUNTIME_ROLE} LOGIN${secret}`);
        return;
      } catch (e) {
        // "tuple concurrently updated" (XX000) when two processes alter the role at once.
        const code = (e as { code?: string }).code;
        if (attempt >= 5 || !(code === "XX000" || code === "40001" || code === "40P01")) throw e;
        await sleep(50 * (attempt + 1));
      }
    }
  } finally {
    await client.end();
  }
}
