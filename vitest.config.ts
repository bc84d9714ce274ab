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
// next-auth imports "next/server" without an extension, which only a bundler resolves.
const deps = { server: { deps: { inline: ["next-auth"] } } };

// Secrets for this test run only, generated fresh each run and never written anywhere: the
// audit trail fails closed without its keys, and the seed seals IdP client secrets.
const testEnv = {
  WARDEN_AUDIT_KEY: randomBytes(32).toString("base64"),
  WARDEN_AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519")
    .privateKey.export({ format: "der", type: "pkcs8" })
    .toString("base64"),
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  WARDEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};

export default defineConfig({
  ...shared,
  test: {
    // Two test files at a time, one per core, from any project (Vitest's default here is one
    // worker fewer than cores: everything in series). Each file has its own database, data
    // directory, free ports and process, so two files share nothing but the machine.
    maxWorkers: 2,
    projects: [
      {
        ...shared,
        test: {
          ...deps,
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "lib/**/*.test.ts"],
          environment: "node",
          env: testEnv,
        },
      },
      {
        ...shared,
        test: {
          ...deps,
          name: "server-pglite",
          include: ["tests/server/**/*.test.ts"],
          // Several processes on one database need a server; PGlite has exactly one owner.
          exclude: ["tests/server/gateway-multiprocess.test.ts", "tests/server/multi-process-jobs.test.ts"],
          env: { WARDEN_TEST_DB: "pglite", ...testEnv },
          globalSetup: ["tests/setup/template-pglite.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          ...deps,
          name: "server-postgresql",
          include: ["tests/server/**/*.test.ts"],
          exclude: ["tests/server/pglite-lock.test.ts"],
          env: { WARDEN_TEST_DB: "postgresql", ...testEnv },
          globalSetup: ["tests/setup/template-postgresql.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
