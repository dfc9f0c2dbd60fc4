#!/usr/bin/env bash
# Prints what the web app's bundles weigh (gzip -9) and fails over either budget:
#   first load  what a visitor downloads before the home page is interactive: the main bundle's
#               wasm, JS glue and the JS snippets its index.html loads eagerly;
#   whole app   the same eager bytes of every bundle (main, call, studio, admin) added up.
# A bundle's eager files are read from its built index.html (the wasm it preloads and the JS
# modules it preloads), so this counts what a browser fetches. CSS and the favicon are not
# counted. Files fetched only when needed (call/vendor/daily-esm.js, when a call starts) are
# printed, not counted. Figures and the reasons for the budgets: README, "Performance".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

first_load_budget=$((350 * 1024))
# The whole app was 1,600 KB with room for the three products to come; they came (coach
# planning and earnings in the studio bundle, payouts and payments in the admin bundle, the fan's
# pages and instant calls in the call bundle, the live connection in every shell) and used it
# up. 1,900 KB keeps about 80 KB of room, for the fans' and creators' pages still to come; the
# lever beyond that is the shared base every bundle repeats (README, "Performance").
whole_app_budget=$((1900 * 1024))

dist=frontend/dist
gz_size() { gzip -9 -c "$1" | wc -c; }
kb() { echo $(($1 / 1024)); }

# The files a bundle's index.html makes the browser fetch at once (wasm, JS glue, snippets).
eager_files() {
  grep -oE '<link rel="(modulepreload|preload)" href="[^"]+"' "$1" | sed -E 's/.*href="([^"]+)"/\1/' | sort -u
}

whole=0
first_load=0
for bundle in main "${FRONTEND_BUNDLES[@]}"; do
  if [ "$bundle" = main ]; then dir="$dist"; else dir="$dist/$bundle"; fi
  [ -f "$dir/index.html" ] || { echo "$dir/index.html is missing: build the web app first" >&2; exit 1; }
  printf '%s bundle (%s/index.html)\n' "$bundle" "$dir"
  total=0
  while IFS= read -r href; do
    file="$dist$href"
    [ -f "$file" ] || { echo "$dir/index.html preloads $href, which is missing" >&2; exit 1; }
    raw=$(stat -c %s "$file")
    gz=$(gz_size "$file")
    total=$((total + gz))
    printf '    %-70s %8d bytes raw %8d bytes gzip\n' "${href#/}" "$raw" "$gz"
  done < <(eager_files "$dir/index.html")
  printf '    loaded at once: %d bytes gzip (%d KB)\n' "$total" "$(kb "$total")"
  whole=$((whole + total))
  [ "$bundle" = main ] && first_load=$total
done
while IFS= read -r file; do
  printf 'fetched only when needed, not counted: %-40s %8d bytes raw %8d bytes gzip\n' \
    "${file#"$dist"/}" "$(stat -c %s "$file")" "$(gz_size "$file")"
done < <(find "$dist" -path '*/vendor/*' -type f | sort)
printf 'first load (main bundle): %d bytes gzip (%d KB); budget %d KB\n' "$first_load" "$(kb "$first_load")" "$(kb "$first_load_budget")"
printf 'whole app (%d bundles):   %d bytes gzip (%d KB); budget %d KB\n' $((1 + ${#FRONTEND_BUNDLES[@]})) "$whole" "$(kb "$whole")" "$(kb "$whole_app_budget")"
status=0
[ "$first_load" -le "$first_load_budget" ] || { echo "the first load is over its budget" >&2; status=1; }
[ "$whole" -le "$whole_app_budget" ] || { echo "the whole app is over its budget" >&2; status=1; }
exit $status
