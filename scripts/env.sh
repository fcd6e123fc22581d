# Shared settings for the scripts; sourced, not run.
# Build output goes to a cache directory outside the clone (kept between
# clones on the same machine); a fresh machine simply starts it empty.
BC_CACHE_DIR=${BC_CACHE_DIR:-$HOME/.cache/business-center}
mkdir -p "$BC_CACHE_DIR"
# One target directory for every cargo command of the scripts: clippy, the
# tests and the release build all compile with the flags below, so nothing is
# built twice for a difference in flags.
export CARGO_TARGET_DIR="$BC_CACHE_DIR/target"
# The wasm release has its own, so that it can build beside the server (the
# two share no artifact: different targets, and the build host's units get no
# flags when --target is given).
export BC_WASM_TARGET_DIR="$BC_CACHE_DIR/wasm"
# The Python with aiosmtpd that the delivery tests run their SMTP server on
# (scripts/ensure-tools.sh installs it).
export BC_TEST_PYTHON="$BC_CACHE_DIR/venv/bin/python3"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
# What cargo-leptos would set (the server bakes the output name in) ...
export LEPTOS_OUTPUT_NAME=business-center
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_SITE_PKG_DIR=pkg
# The bundle's names carry their hash (scripts/build-site.sh writes hash.txt).
export LEPTOS_HASH_FILES=true
# ... and its always-erase-components, on both sides: the tests and clippy
# see the same code as the release.
rustflags="--cfg erase_components"
# The bundle names the crates' source files (panic locations) relative to the
# registry, not to this machine's cargo home: the same bytes on every machine,
# and a little smaller.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$rustflags --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/="
# mold links the test binaries and the server several times faster than the
# default linker (scripts/ensure-tools.sh installs it with clang).
if command -v mold >/dev/null && command -v clang >/dev/null; then
  export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=clang
  rustflags="$rustflags -C link-arg=-fuse-ld=mold"
fi
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="$rustflags"
unset rustflags
