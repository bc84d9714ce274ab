// Prisma CLI configuration. Warden applies migrations through its own runner
// (scripts/db-migrate.ts, no downloaded engine), so the CLI is only used for `generate`.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
