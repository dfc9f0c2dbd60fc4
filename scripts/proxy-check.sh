#!/usr/bin/env bash
# Checks the entry point of docker-compose.yml (deploy/nginx.conf) without Docker: two
# release servers on one throwaway PostgreSQL, nginx in front with the compose file's
# configuration (container names replaced by loopback ports), then a browser-like
# WebSocket opened through nginx rings for a call placed through nginx, whichever instance
# each request lands on (nginx alternates between them).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_postgres
command -v nginx >/dev/null 2>&1 || apt_install nginx-light
bin="${CALLSTAR_BIN:-target/release/callstar}"
[ -x "$bin" ] || cargo build --release --locked -p callstar
dir="$(mktemp -d /tmp/callstar-proxy.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  stop_throwaway_postgres
  rm -rf "$dir"
}
trap cleanup EXIT
start_throwaway_postgres
secret="proxy-check-secret-proxy-check-secret-0123"
pa="$(free_port)"; pb="$(free_port)"; px="$(free_port)"

serve() { # serve NAME PORT [--demo]
  mkdir -p "$dir/$1"
  env -i PATH="$PATH" HOST=127.0.0.1 PORT="$2" DATABASE_URL="$PG_URL" DATA_DIR="$dir/$1" JWT_SECRET="$secret" \
    CALLSTAR_INSTANCE="$1" JOB_SCHEDULER=false AUTH_RATE_LIMIT=0 BOOKING_RATE_LIMIT=0 TRUST_PROXY_HEADERS=true RUST_LOG=warn \
    "$bin" serve "${@:3}" >"$dir/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$2/readyz" >/dev/null && return 0; sleep 0.2; done
  cat "$dir/$1.log" >&2; return 1
}
step "two instances on one PostgreSQL"
serve server-a "$pa" --demo
serve server-b "$pb"

step "nginx in front (deploy/nginx.conf)"
sed -e "s/server-a:8080/127.0.0.1:$pa/" -e "s/server-b:8080/127.0.0.1:$pb/" -e "s/listen 80;/listen 127.0.0.1:$px;/" \
  deploy/nginx.conf >"$dir/default.conf"
printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n  access_log off;\n  include %s/default.conf;\n}\n' \
  "$dir" "$dir" "$dir" >"$dir/nginx.conf"
nginx -t -q -c "$dir/nginx.conf" -p "$dir"
nginx -c "$dir/nginx.conf" -p "$dir"
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$px/healthz" >/dev/null && break; sleep 0.1; done

api="http://127.0.0.1:$px/api"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
login() { curl -fs -X POST "$api/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$1\",\"password\":\"callstar-demo-1\"}" | json "['accessToken']"; }
client="$(login client@callstar.test)"
staff="$(login staff@callstar.test)"
client_id="$(curl -fs "$api/me" -H "authorization: Bearer $client" | json "['id']")"

step "a WebSocket through nginx rings for a call placed through nginx"
for attempt in 1 2 3 4; do
  # Each request may land on either instance: the ticket on one, the socket on the other.
  ticket="$(curl -fs -X POST "$api/ws/ticket" -H "authorization: Bearer $client" | json "['ticket']")"
  python3 scripts/ws_client.py 127.0.0.1 "$px" "/api/ws?ticket=$ticket" incoming-call 10 >"$dir/ws.out" &
  listener=$!
  for _ in $(seq 50); do grep -q READY "$dir/ws.out" 2>/dev/null && break; sleep 0.1; done
  head -1 "$dir/ws.out"
  call="$(curl -fs -X POST "$api/daily/create-room" -H "authorization: Bearer $staff" \
    -H 'content-type: application/json' -d "{\"clientId\":\"$client_id\"}" | json "['callId']")"
  wait "$listener"
  grep -q "\"callId\": \"$call\"" "$dir/ws.out"
  note "attempt $attempt: incoming-call $call received"
  curl -fs -X PATCH "$api/video-calls/$call/status" -H "authorization: Bearer $staff" \
    -H 'content-type: application/json' -d '{"status":"ENDED"}' >/dev/null
done
note "ok: WebSocket upgrades pass through nginx, with requests spread over both instances"
