#!/usr/bin/env bash
# The README's test command: typecheck, lint, the import layers, unit tests, server tests on PGlite AND
# PostgreSQL, then e2e in Chromium against the production build. Ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
# The superuser only creates, migrates and drops each test database; the tests themselves connect
# as the runtime role warden_runtime (tests/helpers/test-db.ts, ADR 0014).
export WARDEN_TEST_PG_URL="${WARDEN_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
reports="$(mktemp -d)"

step() { printf '\n== %s\n' "$*"; }
# Chromium, poppler-utils, PostgreSQL and Redis: found, started, or one line naming the fix.
step "preflight"; bash scripts/preflight.sh
step "prisma generate"; node scripts/prisma-generate.mjs >/dev/null
step "typecheck"; npx tsc --noEmit
step "lint"; npx eslint . --max-warnings=0
step "format (Prettier: .prettierrc.json)"; npm run --silent format:check
step "layers (dependency-cruiser: .dependency-cruiser.mjs)"; npm run --silent lint:layers
step "unit + server tests (PGlite and PostgreSQL)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
step "production build"; npx next build
step "e2e (Chromium)"
# The server's whole output goes to a file, and its data directory (with the demo's generated
# secrets in .env.e2e) is known, so the log can be searched afterwards.
export E2E_DATA_DIR="$reports/e2e-data" E2E_SERVER_LOG="$reports/e2e-server.log"
WARDEN_SKIP_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" npx playwright test --reporter=list,json
step "log hygiene (the e2e server's output: no demo secret, no e-mail address)"
node scripts/check-log-hygiene.mjs "$E2E_SERVER_LOG" "$E2E_DATA_DIR/.env.e2e"
node scripts/test-summary.mjs "$reports/vitest.json" "$reports/e2e.json"
