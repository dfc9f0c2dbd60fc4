#!/usr/bin/env bash
# Load-tests the release server on loopback with wrk (bounded: 10 s per endpoint) and
# prints requests/s and latency for the endpoints listed in the README's performance table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
apt_install wrk
cargo build --release --locked -p callstar
dir="$(mktemp -d /tmp/callstar-bench.XXXXXX)"
port="$(free_port)"
DATA_DIR="$dir" PORT="$port" RUST_LOG=warn AUTH_RATE_LIMIT=0 ./target/release/callstar serve --demo >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
login='{"email":"fan@callstar.test","password":"callstar-demo-1"}'
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/auth/login" -H 'content-type: application/json' -d "$login" \
  | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'$login'" >"$dir/login.lua"

step "GET /healthz (32 connections)"
wrk -t2 -c32 -d10s "http://127.0.0.1:$port/healthz" | grep -E 'Latency|Requests/sec|Non-2xx'
step "GET /api/me with a bearer token (32 connections)"
wrk -t2 -c32 -d10s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/me" | grep -E 'Latency|Requests/sec|Non-2xx'
step "POST /api/auth/login (8 connections)"
wrk -t2 -c8 -d10s -s "$dir/login.lua" "http://127.0.0.1:$port/api/auth/login" | grep -E 'Latency|Requests/sec|Non-2xx'
