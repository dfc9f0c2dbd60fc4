#!/usr/bin/env bash
# Login flood benchmark: the release server over a fresh SQLite file with the rate limit off
# (as behind a proxy that hides client addresses), 1,000 concurrent logins of one demo account
# sent at once (tests/examples/bench_logins.rs), /healthz probed every 10 ms meanwhile. Prints
# how the logins were answered, /healthz latencies during the flood, and the server's peak
# resident memory (VmHWM). Targets: peak under 200 MB, /healthz p99 under 50 ms, every login
# answered; the script fails when one is missed.
#   ./scripts/bench-logins.sh [logins]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
logins="${1:-1000}"
step "Release build (server and load generator)"
cargo build --release --locked -p callstar -p callstar-tests --bin callstar --example bench_logins
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dir="$(mktemp -d /tmp/callstar-bench-logins.XXXXXX)"
port="$(free_port)"
server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  rm -rf "$dir"
}
trap cleanup EXIT
DATA_DIR="$dir" PORT="$port" RUST_LOG=error AUTH_RATE_LIMIT=0 JOB_SCHEDULER=false \
  ./target/release/callstar serve --demo >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
note "server pid $server, $(nproc) cores, resident before the flood: $(awk '/VmRSS/ {print int($2/1024)" MB"}' /proc/$server/status)"

step "$logins concurrent logins"
status=0
BASE_URL="http://127.0.0.1:$port" LOGINS="$logins" ./target/release/examples/bench_logins || status=1
peak_kb=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
note "server peak resident memory (VmHWM): $((peak_kb / 1024)) MB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$peak_kb" -ge $((200 * 1024)) ]; then
  echo "FAIL: peak memory must stay under 200 MB" >&2
  status=1
fi
exit "$status"
