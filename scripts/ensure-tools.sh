#!/usr/bin/env bash
# Installs what the build and the tests need, only when missing or at the
# wrong version. Everything comes from crates.io, npm or Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11+ needs a newer rustc
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')

say() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# A faster build of the tool itself; it does not change what it produces.
fast_install() {
  CARGO_TARGET_DIR="$BC_CACHE_DIR/tools" CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes, once)"
  fast_install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

# Must equal the wasm-bindgen in Cargo.lock, or cargo-leptos downloads one.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm packages: Playwright (without its browser download) and binaryen's
# wasm-opt, which cargo-leptos --release needs.
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing npm packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

if [ "${1:-}" = "--browser" ] && [ -z "${BC_CHROMIUM:-}" ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Chromium from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install Debian's 'chromium' package, or set BC_CHROMIUM to a Chromium binary." >&2
    exit 1
  fi
fi
