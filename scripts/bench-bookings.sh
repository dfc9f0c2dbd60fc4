#!/usr/bin/env bash
# Booking benchmark against a throwaway PostgreSQL cluster (release build, loopback):
# distinct-offer throughput and the 1,000-request single-offer race.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_postgres
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
TEST_DATABASE_URL="$PG_URL" cargo run --release --locked -p callstar-tests --example bench_bookings
