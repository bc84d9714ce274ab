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
          // Several processes on one database need a server; PGlite has exactly one owner.
          exclude: ["tests/server/gateway-multiprocess.test.ts"],
          env: { WARDEN_TEST_DB: "pglite" },
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
          env: { WARDEN_TEST_DB: "postgresql" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
