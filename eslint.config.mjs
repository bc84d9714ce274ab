// Lint. The import boundaries (layers, and what browser code may import) are dependency-cruiser's:
// .dependency-cruiser.mjs, run by `npm run lint:layers` inside `npm test`.
import next from "eslint-config-next/core-web-vitals";
import tseslint from "eslint-config-next/typescript";

const config = [
  ...next,
  ...tseslint,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { ignores: ["lib/generated/**", ".next/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
