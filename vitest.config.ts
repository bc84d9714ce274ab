// Unit tests run alone; server tests run twice, once on embedded PGlite and once on the
// PostgreSQL server named by WARDEN_TEST_PG_URL, under the same migrations and RLS.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Server modules import "server-only"; under test they run as server code, as in Next.
const shared = {
  resolve: {
    tsconfigPaths: true,
    alias: { "server-only": path.resolve("node_modules/server-only/empty.js") },
  },
};

// Audit keys for this test run only (the trail fails closed without them): generated fresh
// each run, never written anywhere.
const auditEnv = {
  WARDEN_AUDIT_KEY: randomBytes(32).toString("base64"),
  WARDEN_AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
};

export default defineConfig({
  ...shared,
  test: {
    projects: [
      { ...shared, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "lib/**/*.test.ts"], environment: "node", env: auditEnv } },
      {
        ...shared,
        test: {
          name: "server-pglite",
          include: ["tests/server/**/*.test.ts"],
          env: { WARDEN_TEST_DB: "pglite", ...auditEnv },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: {
          name: "server-postgresql",
          include: ["tests/server/**/*.test.ts"],
          exclude: ["tests/server/pglite-lock.test.ts"],
          env: { WARDEN_TEST_DB: "postgresql", ...auditEnv },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
