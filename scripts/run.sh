#!/usr/bin/env bash
# Builds and runs Callstar on a fresh machine: SQLite under ./data, http://127.0.0.1:8080.
# With no arguments it serves with demonstration accounts (printed at start-up);
# any arguments are passed to the `callstar` binary instead (e.g. `serve`, `--help`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

step "Checking tools"
ensure_rust
ensure_web_toolchain

step "Building the web app (frontend/dist)"
build_frontend

step "Building the server (release)"
cargo build --release --locked -p callstar

if [ $# -eq 0 ]; then set -- serve --demo; fi
step "callstar $*"
exec ./target/release/callstar "$@"
