#!/usr/bin/env bash
# WebSocket benchmark (release build, loopback): 1,000 concurrent sockets on one server
# instance, the server's memory per socket, and create-call → incoming-call latency; on a
# throwaway PostgreSQL cluster (events through LISTEN/NOTIFY), then on SQLite (in-process).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_postgres
# Two thousand sockets (both ends) and the database: more than the usual 1,024 descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cargo build --release --locked -p callstar
cargo build --release --locked -p callstar-tests --example bench_ws
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
step "PostgreSQL"
CALLSTAR_BIN=target/release/callstar TEST_DATABASE_URL="$PG_URL" ./target/release/examples/bench_ws
step "SQLite"
CALLSTAR_BIN=target/release/callstar TEST_DATABASE_URL= ./target/release/examples/bench_ws
