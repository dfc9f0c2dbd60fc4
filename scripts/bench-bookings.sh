#!/usr/bin/env bash
# Booking benchmark on a throwaway PostgreSQL cluster with its default, durable settings
# (fsync and synchronous commit on), release build, server and load on loopback:
# `pgbench -N` on the same cluster first (what the database can commit), then distinct
# offers of one creator and of many creators (as a ratio of pgbench's tps), the 1,000-request
# race on one offer, and a drop of 1,000 fans over one creator's 50 offers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_postgres
trap stop_throwaway_postgres EXIT
start_throwaway_postgres durable
note "PostgreSQL on port $PG_PORT, durable: $("${PG_RUN[@]}" "$PG_BIN/postgres" --version 2>/dev/null | head -1)"
cargo build --release --locked -p callstar-tests --example bench_bookings

step "pgbench -N (simple update), 32 clients, 15 s"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench_db
pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -i -s 10 -q pgbench_db >/dev/null 2>&1
pgbench_out=$(pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -N -c 32 -j 2 -T 15 pgbench_db 2>/dev/null)
tps=$(echo "$pgbench_out" | awk '/^tps/ {print int($3); exit}')
note "pgbench -N: $tps tps"

step "Bookings over HTTP"
out=$(TEST_DATABASE_URL="$PG_URL" ./target/release/examples/bench_bookings | tee /dev/stderr)
for label in "distinct offers of one creator" "distinct offers of"; do
  rate=$(echo "$out" | grep -m1 "^$label" | sed -E 's/.* ([0-9]+) bookings\/s.*/\1/')
  [ -n "$rate" ] && note "$label…: $rate bookings/s = $(( rate * 100 / tps )) % of pgbench -N"
done
