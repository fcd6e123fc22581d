#!/usr/bin/env bash
# Installs what the build and the tests need, only when missing or at the
# wrong version. Everything comes from crates.io, npm or Debian's packages.
#   --browser   also Chromium, for the end-to-end tests
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')

say() { printf '==> %s\n' "$*"; }

# Debian packages: the linker (clang driving mold) and, for the tests, Chromium.
packages=()
command -v clang >/dev/null || packages+=(clang)
command -v mold >/dev/null || packages+=(mold)
# The delivery tests: openssl makes the SMTP test server's certificate, and
# Python's venv holds its aiosmtpd (below).
command -v openssl >/dev/null || packages+=(openssl)
python3 -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
# The release build precompresses the bundle with Brotli (and gzip).
command -v brotli >/dev/null || packages+=(brotli)
if [ "${1:-}" = "--browser" ] && [ -z "${BC_CHROMIUM:-}" ] && ! command -v chromium >/dev/null; then
  packages+=(chromium)
fi
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing ${packages[*]} from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  elif [[ " ${packages[*]} " == *" chromium "* ]]; then
    echo "Chromium is missing: install Debian's 'chromium' package, or set BC_CHROMIUM to a Chromium binary." >&2
    exit 1
  else
    say "${packages[*]} missing (not root): linking with the default linker, which is slower"
  fi
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# Must equal the wasm-bindgen in Cargo.lock (the generated glue and the wasm
# must agree). No --locked: one of its locked dependency versions is not served.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  # A faster build of the tool itself; it does not change what it produces.
  CARGO_TARGET_DIR="$BC_CACHE_DIR/tools" CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm packages: Playwright (without its browser download), and the release
# build's binaryen wasm-opt, terser and lightningcss.
if [ ! -x end2end/node_modules/.bin/lightningcss ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing npm packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# PyPI: aiosmtpd, the real SMTP server the backend's delivery tests talk to,
# in a venv under the cache directory (BC_TEST_PYTHON in scripts/env.sh).
AIOSMTPD_VERSION=1.4.6
if ! "$BC_TEST_PYTHON" -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
  say "installing aiosmtpd $AIOSMTPD_VERSION into $BC_CACHE_DIR/venv"
  python3 -m venv "$BC_CACHE_DIR/venv"
  "$BC_CACHE_DIR/venv/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
fi
