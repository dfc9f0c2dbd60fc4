#!/usr/bin/env bash
# Prints the gzip size of the built web app (wasm + JS glue) and fails above the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((400 * 1024))
total=0
for file in frontend/dist/*.wasm frontend/dist/*.js; do
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total=$((total + gz))
  printf '    %-55s %8d bytes raw %8d bytes gzip\n' "$(basename "$file")" "$raw" "$gz"
done
printf '    total gzip: %d bytes (%d KB); budget %d KB\n' "$total" $((total / 1024)) $((budget / 1024))
[ "$total" -le "$budget" ] || { echo "the web app is over its size budget" >&2; exit 1; }
