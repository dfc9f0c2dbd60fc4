# Shared helpers of scripts/run.sh and scripts/test.sh: install what is missing, skip
# what is there. Sourced, not executed.

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1
  fi
}

apt_updated=0
apt_install() {
  # apt_install PACKAGE... — installs Debian packages that are not installed yet.
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  note "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is missing: install Rust stable with rustup (https://rustup.rs)" >&2
    exit 1
  fi
  if command -v rustup >/dev/null 2>&1; then
    for component in "$@"; do
      rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
    done
  fi
}

# Finds PostgreSQL's server binaries (initdb, pg_ctl), installing them when missing.
ensure_postgres() {
  PG_BIN=""
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PG_BIN="$(dirname "$(command -v initdb)")"
  else
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$PG_BIN" ]; then
      apt_install postgresql
      PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
  fi
  export PG_BIN
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

# Starts a throwaway PostgreSQL cluster on 127.0.0.1 and sets PG_URL to its admin URL.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
# `start_throwaway_postgres durable` keeps PostgreSQL's default, crash-safe settings (fsync,
# synchronous commit, full page writes); by default they are off, as tests need no durability.
start_throwaway_postgres() {
  local speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${1:-}" = durable ] && speed=""
  PG_DIR="$(mktemp -d /tmp/callstar-pg.XXXXXX)"
  PG_PORT="$(free_port)"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR $speed -c max_connections=300" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_RUN=("${run[@]}")
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  export PG_URL
}

stop_throwaway_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# schemathesis (PyPI), pinned, in its own virtual environment under the user's cache (shared by
# checkouts, kept across runs). Sets SCHEMATHESIS to its command.
SCHEMATHESIS_VERSION=4.32.5
ensure_schemathesis() {
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/callstar/schemathesis-$SCHEMATHESIS_VERSION"
  SCHEMATHESIS="$venv/bin/schemathesis"
  if [ "$("$SCHEMATHESIS" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
    note "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    command -v python3 >/dev/null 2>&1 || apt_install python3
    python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  export SCHEMATHESIS
}

TRUNK_VERSION=0.21.14

# The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# Installs what building frontend/ needs: the wasm32 target, Trunk, the wasm-bindgen CLI
# at the lockfile's version, wasm-opt from npm (Debian's binaryen breaks the wasm), and
# daily-js from npm (Trunk copies its ESM build into dist/vendor/).
ensure_web_toolchain() {
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    note "installing trunk $TRUNK_VERSION (takes several minutes once)"
    cargo install trunk --locked --version "$TRUNK_VERSION"
  fi
  local wbg
  wbg="$(locked_wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]; then
    note "installing wasm-bindgen-cli $wbg"
    # Not --locked: its lockfile names a webpki-roots version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$wbg" --force
  fi
  if ! command -v npm >/dev/null 2>&1; then apt_install nodejs npm; fi
  if [ ! -x frontend/node_modules/.bin/wasm-opt ] || [ ! -f frontend/node_modules/@daily-co/daily-js/dist/daily-esm.js ]; then
    note "installing frontend npm packages (binaryen; daily-js, copied into the build)"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  fi
  PATH="$PWD/frontend/node_modules/.bin:$PATH"
  export PATH
}

# The web app's bundles besides the main one: each is a binary of frontend/ with its own HTML
# entry (frontend/<bundle>.html), built into frontend/dist/<bundle>/ and served under /<bundle>/
# (api_types::Bundle says which pages each one renders).
FRONTEND_BUNDLES=(call studio admin)

# Builds the web app into frontend/dist (release: size-optimized, wasm-opt'ed): the main bundle
# first (Trunk empties its dist directory, subdirectories included), then each other bundle
# into its own subdirectory. Trunk copies every JS snippet found in wasm-bindgen's shared output
# directory into a bundle (and preloads them all), so that directory is emptied before each
# bundle: a bundle then ships only the snippets of its own wasm.
build_frontend() {
  local snippets
  snippets="$(realpath -m "${CARGO_TARGET_DIR:-target}")/wasm-bindgen/release/snippets"
  (
    set -e
    cd frontend
    rm -rf "$snippets"
    trunk build index.html --release --offline
    for bundle in "${FRONTEND_BUNDLES[@]}"; do
      rm -rf "$snippets"
      trunk build "$bundle.html" --release --offline --dist "dist/$bundle" --public-url "/$bundle/"
    done
  )
}
