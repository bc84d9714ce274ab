// What a seeded template depends on besides its code: the app's settings in the environment
// (WARDEN_* and AUTH_*: the keys that seal and sign, the local IdP's port and secret, the demo
// upstream ...). A test file may copy the run's seeded template only when its own settings at
// seeding time hash the same; otherwise it seeds its database itself (tests/helpers/test-db.ts).
// Where the database lives and the test harness's own settings are not part of it.
import { createHash } from "node:crypto";

const IGNORED = new Set(["WARDEN_DATA_DIR", "WARDEN_DB_OWNER_URL"]);

export function seedFingerprint(env: Record<string, string | undefined>): string {
  const entries = Object.entries(env)
    .filter(
      ([k, v]) => v !== undefined && /^(WARDEN_|AUTH_)/.test(k) && !k.startsWith("WARDEN_TEST_") && !IGNORED.has(k),
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(entries)).digest("hex");
}
