#!/usr/bin/env bash
# The README's test command: typecheck, lint, unit tests, server tests on PGlite AND
# PostgreSQL, then e2e in Chromium against the production build.
set -euo pipefail
cd "$(dirname "$0")/.."
export WARDEN_TEST_PG_URL="${WARDEN_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step() { printf '\n== %s\n' "$*"; }
step "prisma generate"; node scripts/prisma-generate.mjs >/dev/null
step "typecheck"; npx tsc --noEmit
step "lint"; npx eslint . --max-warnings=0
step "unit + server tests (PGlite and PostgreSQL)"; npx vitest run
step "production build"; npx next build
step "e2e (Chromium)"; WARDEN_SKIP_BUILD=1 npx playwright test
