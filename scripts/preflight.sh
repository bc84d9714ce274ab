#!/usr/bin/env bash
# What the test command needs besides node_modules: Debian's Chromium (e2e), poppler-utils
# (the report tests read PDFs back with pdftotext), a PostgreSQL server and Redis.
#   scripts/preflight.sh            finds them, starts PostgreSQL or Redis when installed but down,
#                                   or stops at once with one line naming the command that sets up the rest
#   scripts/preflight.sh --install  also installs missing Debian packages (used by .ci/run; needs root)
set -euo pipefail
install=0
[ "${1:-}" = "--install" ] && install=1

pg_url="${WARDEN_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
pg_hostport="${pg_url#*@}"; pg_hostport="${pg_hostport%%/*}"
pg_host="${pg_hostport%%:*}"; pg_port="${pg_hostport##*:}"; [ "$pg_port" = "$pg_host" ] && pg_port=5432
redis_url="${WARDEN_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
redis_hostport="${redis_url#redis://}"; redis_hostport="${redis_hostport##*@}"; redis_hostport="${redis_hostport%%/*}"
redis_host="${redis_hostport%%:*}"; redis_port="${redis_hostport##*:}"; [ "$redis_port" = "$redis_host" ] && redis_port=6379

need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v pg_isready >/dev/null 2>&1 || need+=(postgresql-client)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
# Only CI installs servers; a developer's machine points the URLs at its own.
[ $install = 1 ] && ! command -v redis-server >/dev/null 2>&1 && need+=(redis-server)

if [ ${#need[@]} -gt 0 ]; then
  if [ $install = 1 ]; then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "npm test needs Debian packages that are missing (${need[*]}): run 'sudo apt-get install -y ${need[*]}' or 'sudo bash .ci/run', which sets up everything" >&2
    exit 1
  fi
fi

local_host() { [ "$1" = "127.0.0.1" ] || [ "$1" = "localhost" ] || [ "$1" = "::1" ]; }

if ! pg_isready -h "$pg_host" -p "$pg_port" -q; then
  if local_host "$pg_host" && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -h "$pg_host" -p "$pg_port" -q && break; sleep 1; done
  fi
  pg_isready -h "$pg_host" -p "$pg_port" -q || {
    echo "npm test needs PostgreSQL at $pg_host:$pg_port (WARDEN_TEST_PG_URL): install and start it ('sudo apt-get install -y postgresql') or point WARDEN_TEST_PG_URL at a server" >&2
    exit 1
  }
fi

if ! redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1; then
  if local_host "$redis_host" && command -v redis-server >/dev/null 2>&1; then
    echo "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >/dev/null
    for _ in $(seq 1 30); do redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 1; done
  fi
  redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1 || {
    echo "npm test needs Redis at $redis_host:$redis_port (WARDEN_TEST_REDIS_URL): install it ('sudo apt-get install -y redis-server') or 'sudo bash .ci/run', which starts it" >&2
    exit 1
  }
fi
