#!/usr/bin/env bash
# Load-tests the release server on loopback with wrk (10 s per endpoint, load generator and
# server share the machine's cores) on SQLite and on a throwaway PostgreSQL, and prints
# requests/s and latency of the reads every page makes, each as a share of /healthz in the
# same run; then login (Argon2id by design).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
apt_install wrk
ensure_postgres
cargo build --release --locked -p callstar
trap 'stop_server; stop_throwaway_postgres' EXIT
server=""
stop_server() { [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }; server=""; }

# wrk_line URL [wrk args…]: "<req/s> <p99 ms>" of a 10 s run at 64 connections.
wrk_line() {
  local url="$1"; shift
  wrk -t2 -c64 -d10s --latency "$@" "$url" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    /Non-2xx/ {bad=$4}
    END {printf "%d %.1f %s\n", rps, p99, (bad==""?0:bad)}'
}

bench() {
  local label="$1" database_url="$2"
  local dir port
  dir="$(mktemp -d /tmp/callstar-bench.XXXXXX)"
  port="$(free_port)"
  DATABASE_URL="$database_url" DATA_DIR="$dir" PORT="$port" RUST_LOG=warn AUTH_RATE_LIMIT=0 BOOKING_RATE_LIMIT=0 \
    ./target/release/callstar serve --demo >"$dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  local base="http://127.0.0.1:$port" login token offer booking
  login='{"email":"fan@callstar.test","password":"callstar-demo-1"}'
  token=$(curl -fs -X POST "$base/api/auth/login" -H 'content-type: application/json' -d "$login" \
    | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
  # Data to read: the fan books (test mode) two of the demo creator's offers.
  for offer in $(curl -fs "$base/api/creators?perPage=1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4 \
                 | xargs -I{} curl -fs "$base/api/creators/{}/offers" | grep -o '"id":"[^"]*","creatorId' | cut -d'"' -f4 | head -2); do
    booking=$(curl -fs -X POST "$base/api/bookings" -H "authorization: Bearer $token" -H 'content-type: application/json' \
      -d "{\"callOfferId\":\"$offer\"}" | sed 's/^{"id":"\([^"]*\)".*/\1/')
    curl -fs -X POST "$base/api/payments/create-intent" -H "authorization: Bearer $token" -H 'content-type: application/json' \
      -d "{\"bookingId\":\"$booking\"}" >/dev/null
  done
  step "$label: reads at 64 connections (req/s, p99 ms, non-2xx; share of /healthz)"
  read -r health health_p99 _ <<<"$(wrk_line "$base/healthz")"
  note "GET /healthz: $health req/s, p99 $health_p99 ms"
  for path in /api/me /api/bookings /api/notifications /api/creators; do
    read -r rps p99 bad <<<"$(wrk_line "$base$path" -H "Authorization: Bearer $token")"
    note "GET $path: $rps req/s ($(( rps * 100 / health )) % of /healthz), p99 $p99 ms, non-2xx $bad"
  done
  # Planning: the demo creator's month of free slots, with a busy calendar (the host books
  # prospects into every other free slot of the next 30 days, up to 150), then the calendar's
  # month of appointments.
  local host_token host_id type_id from to slots_url
  host_token=$(curl -fs -X POST "$base/api/auth/login" -H 'content-type: application/json' \
    -d '{"email":"creator@callstar.test","password":"callstar-demo-1"}' | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
  host_id=$(curl -fs "$base/api/me" -H "authorization: Bearer $host_token" | sed 's/^{"id":"\([^"]*\)".*/\1/')
  type_id=$(curl -fs "$base/api/appointment-types" -H "authorization: Bearer $host_token" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  from=$(date -u +%F); to=$(date -u -d '+30 days' +%F)
  slots_url="$base/api/hosts/$host_id/slots?typeId=$type_id&from=$from&to=$to&tz=Europe/Paris"
  local i=0
  for start in $(curl -fs "$slots_url" | grep -o '"startsAt":"[^"]*"' | cut -d'"' -f4 | awk 'NR % 2 == 1' | head -150); do
    i=$((i + 1))
    curl -fs -o /dev/null -X POST "$base/api/appointments" -H "authorization: Bearer $host_token" -H 'content-type: application/json' \
      -d "{\"appointmentTypeId\":\"$type_id\",\"startsAt\":\"$start\",\"meetingType\":\"video\",\"prospect\":{\"name\":\"Prospect $i\",\"email\":\"prospect$i@example.com\"}}"
  done
  note "$i appointments booked for the slot runs"
  read -r rps p99 bad <<<"$(wrk_line "$slots_url")"
  note "GET /api/hosts/{id}/slots (30 days, Europe/Paris): $rps req/s ($(( rps * 100 / health )) % of /healthz), p99 $p99 ms, non-2xx $bad"
  read -r rps p99 bad <<<"$(wrk_line "$base/api/appointments?from=${from}T00:00:00Z&to=${to}T00:00:00Z&perPage=100" -H "Authorization: Bearer $host_token")"
  note "GET /api/appointments (a month, 100 a page): $rps req/s ($(( rps * 100 / health )) % of /healthz), p99 $p99 ms, non-2xx $bad"
  if [ "$label" = SQLite ]; then
    printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'$login'" >"$dir/login.lua"
    read -r rps p99 bad <<<"$(wrk_line "$base/api/auth/login" -s "$dir/login.lua")"
    note "POST /api/auth/login (64 connections): $rps req/s, p99 $p99 ms, non-2xx $bad"
  fi
  stop_server
  rm -rf "$dir"
}

bench SQLite "sqlite://$(mktemp -d /tmp/callstar-bench-db.XXXXXX)/bench.db?mode=rwc"
start_throwaway_postgres
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres callstar_bench
bench PostgreSQL "postgres://postgres@127.0.0.1:$PG_PORT/callstar_bench"
