// Lint, including the import boundary: client code never imports server code.
import next from "eslint-config-next/core-web-vitals";
import tseslint from "eslint-config-next/typescript";

const serverOnly = ["@/lib/db", "@/lib/db/*", "@/lib/tenancy/*", "@/lib/auth/*", "@/lib/audit/*", "@/lib/http/*", "@/lib/seed/*", "@/lib/generated/*", "@/lib/governance/*", "@/lib/monitoring/*", "@/lib/notifications/*", "@/lib/privacy/*", "@/lib/reports/*", "!@/lib/reports/spec", "!@/lib/privacy/detectors", "!@/lib/privacy/evaluate", "!@/lib/governance/windows", "!@/lib/governance/common-prices", "!@/lib/monitoring/condition", "!@/lib/auth/actor", "!@/lib/auth/session-views", "!@/lib/http/action-result", "@/lib/gateway/*", "@/lib/cache/*", "@/lib/crypto/*", "@/lib/users/*", "@/lib/scim/*", "@/lib/compliance/*", "!@/lib/compliance/catalog", "!@/lib/compliance/posture", "!@/lib/compliance/privacy-checks", "@/lib/identity/*", "!@/lib/identity/role-mapping", "!@/lib/identity/schemas", "@/lib/rbac/*", "!@/lib/rbac/permissions", "!@/lib/rbac/schemas", "!@/lib/rbac/scope", "@/lib/api/*", "!@/lib/api/client", "!@/lib/api/reference"];

const config = [
  ...next,
  ...tseslint,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { ignores: ["lib/generated/**", ".next/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    // components/ is rendered in the browser: it may use pure data (lib/rbac/permissions), the
    // Actor type and the typed /v1 client (lib/api/client, typed by lib/api/v1.d.ts) with the API
    // reference's builders, never the database, the resolver or other server modules. The
    // browser-safe lib/api modules are held to the same rule.
    files: ["components/**/*.{ts,tsx}", "lib/api/client.ts", "lib/api/reference.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: serverOnly, allowTypeImports: true, message: "Client components must not import server code (pass data from a server component or action instead)." }],
        },
      ],
    },
  },
];

export default config;
