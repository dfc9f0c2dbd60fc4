#!/usr/bin/env bash
# Fuzzes the real server from the committed OpenAPI document with schemathesis: the debug
# build (or the binary given as $1) over a fresh SQLite database with the demo data, three
# runs signed in as a fan, a creator and an admin, each with a fixed seed and a bounded number
# of examples per operation. Every response must be a documented status with a documented
# content type and schema, no 5xx, and every request that breaks the schema must be refused.
#
# Then a self-check proves the run can fail: the same fuzzer against a copy of the document
# without the 404 of `GET /api/bookings/{id}` must report an undocumented status.
#
#   scripts/fuzz.sh [binary]        FUZZ_EXAMPLES (default 50) and FUZZ_SEED change the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
binary="${1:-target/debug/callstar}"
[ -x "$binary" ] || { echo "$binary is missing: cargo build -p callstar first" >&2; exit 1; }
ensure_schemathesis
examples="${FUZZ_EXAMPLES:-50}"
seed="${FUZZ_SEED:-20261205}"
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection

dir="$(mktemp -d /tmp/callstar-fuzz.XXXXXX)"
port="$(free_port)"
server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  if [ -n "${FUZZ_KEEP:-}" ]; then echo "logs kept in $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT

# Every feature on (webhook secrets, cron) so the fuzzer reaches its refusals rather than a
# "not configured" 503; no rate limit, so the runs are not cut short by 429s; no background
# jobs, so nothing changes behind the fuzzer's back.
DATA_DIR="$dir" PORT="$port" RUST_LOG=warn AUTH_RATE_LIMIT=0 BOOKING_RATE_LIMIT=0 JOB_SCHEDULER=false \
  STRIPE_WEBHOOK_SECRET=whsec_fuzz_0123456789abcdef STRIPE_CONNECT_WEBHOOK_SECRET=whsec_fuzz_connect_0123456789 DAILY_WEBHOOK_SECRET="$(printf 'fuzz-daily-secret' | base64)" \
  CRON_SECRET=fuzz-cron-secret-0123456789 \
  "$binary" serve --demo >"$dir/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "$base/readyz" >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

token_of() {
  curl -fs -X POST "$base/api/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"callstar-demo-1\"}" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'
}

step "Seeding data for the fuzzer"
python3 scripts/fuzz-seed.py "$base" "$dir/schemathesis.toml"

fuzz() {
  # fuzz LABEL TOKEN DOCUMENT [schemathesis options…]
  local label="$1" token="$2" document="$3"
  shift 3
  # From the scratch directory: schemathesis keeps a crash cache in its working directory.
  (cd "$dir" && "$SCHEMATHESIS" --config-file "$dir/schemathesis.toml" run "$document" --url "$base" -H "Authorization: Bearer $token" \
    --checks "$checks" --seed "$seed" --max-examples "$examples" --phases examples,coverage,fuzzing \
    --workers 1 --no-color --suppress-health-check all --generation-database none "$@" \
    >"$dir/$label.log" 2>&1)
}

status=0
# The self-check first, on the seeded data as it is: the runs below may change the accounts
# the fuzzer signs in with.
step "Self-check: the fuzzer fails when a documented response is removed"
python3 - openapi/openapi.json "$dir/broken.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
del doc["paths"]["/api/bookings/{id}"]["get"]["responses"]["404"]
json.dump(doc, open(sys.argv[2], "w"))
EOF
fan_token="$(token_of fan@callstar.test)"
[ -n "$fan_token" ] || { echo "cannot sign in as fan" >&2; exit 1; }
if fuzz self-check "$fan_token" "$dir/broken.json" \
  --include-path '/api/bookings/{id}' --include-method GET; then
  echo "the fuzzer passed on a document without GET /api/bookings/{id} 404: it checks nothing" >&2
  status=1
elif grep -q 'Undocumented status code' "$dir/self-check.log"; then
  note "GET /api/bookings/{id} without its 404: failed with an undocumented status code, as it must"
else
  echo "the self-check failed for another reason:" >&2
  cat "$dir/self-check.log" >&2
  status=1
fi

for who in fan creator admin; do
  step "schemathesis as the $who ($examples examples per operation, seed $seed)"
  token="$(token_of "$who@callstar.test")"
  [ -n "$token" ] || { echo "cannot sign in as $who" >&2; exit 1; }
  if fuzz "$who" "$token" "$PWD/openapi/openapi.json"; then
    note "$(grep -E '^=+ .* in [0-9.]+s =+$' "$dir/$who.log" | tr -d '=' | sed 's/^ *//')"
  else
    status=1
    sed -n '/^=* FAILURES =*$/,$p' "$dir/$who.log" >&2
  fi
done

if [ "$status" -ne 0 ]; then
  echo "server log (last lines):" >&2
  tail -n 30 "$dir/server.log" >&2
fi
exit "$status"
