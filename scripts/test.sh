#!/usr/bin/env bash
# Runs every Callstar test on a fresh machine: formatting, lints (server and wasm), unit
# tests, the API suite on SQLite and on a throwaway PostgreSQL cluster started (and removed)
# here, schemathesis against the real server from the committed OpenAPI document, and the
# browser suite in headless Chromium against the real server and the built app.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

step "Checking tools"
ensure_rust rustfmt clippy
ensure_postgres
note "PostgreSQL binaries: $PG_BIN"
ensure_web_toolchain
ensure_schemathesis
apt_install chromium
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --exclude callstar-frontend --all-targets --locked -- -D warnings
cargo clippy -p callstar-frontend --target wasm32-unknown-unknown --locked -- -D warnings

step "Starting a throwaway PostgreSQL cluster"
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
note "PostgreSQL on port $PG_PORT ($PG_DIR)"

step "cargo test (unit tests; API suite on SQLite and PostgreSQL)"
log="$(mktemp /tmp/callstar-test.XXXXXX.log)"
TEST_DATABASE_URL="$PG_URL" CALLSTAR_REQUIRE_POSTGRES=1 RUST_BACKTRACE=1 \
  cargo test --workspace --exclude callstar-frontend --locked --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

step "API fuzzing (schemathesis as a fan, a creator and an admin; scripts/fuzz.sh)"
fuzz_status=0
./scripts/fuzz.sh target/debug/callstar 2>&1 | tee -a "$log" || fuzz_status=$?

step "Browser suite (headless Chromium against the real server and the built web app)"
build_frontend
./scripts/size.sh
browser_status=0
./tests/browser/run.sh target/debug/callstar 2>&1 | tee -a "$log" || browser_status=$?

sqlite=$(grep -cE '^test .*::sqlite \.\.\. ok$' "$log" || true)
postgres=$(grep -cE '^test .*::postgres \.\.\. ok$' "$log" || true)
browser=$(grep -cE '^✔ ' "$log" || true)
step "Summary"
note "API suite on SQLite:     $sqlite tests passed"
note "API suite on PostgreSQL: $postgres tests passed"
note "Browser suite (Chromium): $browser tests passed"
if [ "$fuzz_status" -eq 0 ]; then note "API fuzzing: 0 failures"; else note "API fuzzing: FAILED"; fi
rm -f "$log"
if [ "$status" -ne 0 ] || [ "$browser_status" -ne 0 ] || [ "$fuzz_status" -ne 0 ]; then
  echo "Some tests failed." >&2
  exit 1
fi
if [ "$sqlite" -eq 0 ] || [ "$postgres" -eq 0 ] || [ "$browser" -eq 0 ]; then
  echo "A suite did not run (API on SQLite, API on PostgreSQL, or the browser suite)." >&2
  exit 1
fi
