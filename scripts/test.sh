#!/usr/bin/env bash
# Runs every Callstar test on a fresh machine: formatting, lints, unit tests, and the API
# suite on SQLite and on a throwaway PostgreSQL cluster started (and removed) here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

step "Checking tools"
ensure_rust rustfmt clippy
ensure_postgres
note "PostgreSQL binaries: $PG_BIN"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Starting a throwaway PostgreSQL cluster"
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
note "PostgreSQL on port $PG_PORT ($PG_DIR)"

step "cargo test (unit tests; API suite on SQLite and PostgreSQL)"
log="$(mktemp /tmp/callstar-test.XXXXXX.log)"
TEST_DATABASE_URL="$PG_URL" CALLSTAR_REQUIRE_POSTGRES=1 RUST_BACKTRACE=1 \
  cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sqlite=$(grep -cE '^test .*::sqlite \.\.\. ok$' "$log" || true)
postgres=$(grep -cE '^test .*::postgres \.\.\. ok$' "$log" || true)
step "Summary"
note "API suite on SQLite:     $sqlite tests passed"
note "API suite on PostgreSQL: $postgres tests passed"
rm -f "$log"
if [ "$status" -ne 0 ]; then
  echo "Some tests failed." >&2
  exit "$status"
fi
if [ "$sqlite" -eq 0 ] || [ "$postgres" -eq 0 ]; then
  echo "The API suite did not run on both databases." >&2
  exit 1
fi
