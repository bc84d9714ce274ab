#!/usr/bin/env bash
# The README's test command: typecheck, lint, unit tests, server tests on PGlite AND
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
step "unit + server tests (PGlite and PostgreSQL)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
step "production build"; npx next build
step "e2e (Chromium)"
WARDEN_SKIP_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" npx playwright test --reporter=list,json
node scripts/test-summary.mjs "$reports/vitest.json" "$reports/e2e.json"
