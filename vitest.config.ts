// Unit tests run alone; server tests run twice, once on embedded PGlite and once on the
// PostgreSQL server named by WARDEN_TEST_PG_URL, under the same migrations and RLS.
import path from "node:path";
import { defineConfig } from "vitest/config";

// Server modules import "server-only"; under test they run as server code, as in Next.
const shared = {
  resolve: {
    tsconfigPaths: true,
    alias: { "server-only": path.resolve("node_modules/server-only/empty.js") },
  },
};

// Throwaway test-only secrets: the seed seals IdP client secrets and derives local-IdP clients.
const testSecrets = { AUTH_SECRET: "test-auth-secret-not-for-production", WARDEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") };

export default defineConfig({
  ...shared,
  test: {
    projects: [
      { ...shared, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "lib/**/*.test.ts"], environment: "node" } },
      {
        ...shared,
        test: {
          name: "server-pglite",
          include: ["tests/server/**/*.test.ts"],
          env: { WARDEN_TEST_DB: "pglite", ...testSecrets },
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
          env: { WARDEN_TEST_DB: "postgresql", ...testSecrets },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
