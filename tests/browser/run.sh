#!/usr/bin/env bash
# Runs the browser suite: starts a fake Daily REST API (fake-daily.mjs) and the real server
# (binary $1, default the debug build) over a fresh SQLite database, serving the built app
# from frontend/dist, then drives it with headless Chromium. Both stop when the suite ends.
# Further arguments pick test files (e.g. `run.sh target/debug/callstar call.test.mjs`).
# PAYOUT_HOLDING_SECONDS=30: a paid call's share is pending for 30 seconds instead of days, so
# earnings.test.mjs sees it pending, then available, within the test (no other browser test
# depends on the holding period).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
binary="${1:-target/debug/callstar}"
shift || true
files=("$@")
[ -f frontend/dist/index.html ] || { echo "frontend/dist is missing: build the web app first" >&2; exit 1; }
dir="$(mktemp -d /tmp/callstar-browser.XXXXXX)"
port="$(free_port)"
daily_port="$(free_port)"
server=""
daily=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  [ -n "$daily" ] && { kill "$daily" 2>/dev/null || true; wait "$daily" 2>/dev/null || true; }
  rm -rf "$dir"
}
trap cleanup EXIT
PORT="$daily_port" DAILY_KEY=test-key DAILY_DOMAIN=callstar-test.daily.co \
  node tests/browser/fake-daily.mjs >"$dir/fake-daily.log" 2>&1 &
daily=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$daily_port/__health" >/dev/null && break; sleep 0.1; done
DATA_DIR="$dir" PORT="$port" FRONTEND_DIR="$PWD/frontend/dist" AUTH_RATE_LIMIT=0 RUST_LOG=warn PAYOUT_HOLDING_SECONDS=30 \
  DAILY_API_KEY=test-key DAILY_API_BASE="http://127.0.0.1:$daily_port/v1" DAILY_DOMAIN=callstar-test.daily.co \
  "$binary" serve --demo >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
rm -rf test-results
cd tests/browser
[ ${#files[@]} -gt 0 ] || files=(./*.test.mjs)
BASE_URL="http://127.0.0.1:$port" FAKE_DAILY_URL="http://127.0.0.1:$daily_port" \
  node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || {
  status=$?
  echo "server log:" >&2; tail -n 50 "$dir/server.log" >&2
  echo "fake Daily log:" >&2; tail -n 20 "$dir/fake-daily.log" >&2
  exit $status
}
