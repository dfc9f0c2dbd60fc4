#!/usr/bin/env bash
# Runs the browser suite: starts the real server (binary $1, default the debug build) over a
# fresh SQLite database, serving the built app from frontend/dist, then drives it with
# headless Chromium. The server stops when the suite ends.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
binary="${1:-target/debug/callstar}"
[ -f frontend/dist/index.html ] || { echo "frontend/dist is missing: build the web app first" >&2; exit 1; }
dir="$(mktemp -d /tmp/callstar-browser.XXXXXX)"
port="$(free_port)"
DATA_DIR="$dir" PORT="$port" FRONTEND_DIR="$PWD/frontend/dist" AUTH_RATE_LIMIT=0 RUST_LOG=warn \
  "$binary" serve --demo >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
rm -rf test-results
cd tests/browser
BASE_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs || {
  status=$?
  echo "server log:" >&2; tail -n 50 "$dir/server.log" >&2
  exit $status
}
