# Shared settings for the scripts; sourced, not run.
# Build output goes to a cache directory outside the clone (kept between
# clones on the same machine); a fresh machine simply starts it empty.
BC_CACHE_DIR=${BC_CACHE_DIR:-$HOME/.cache/business-center}
mkdir -p "$BC_CACHE_DIR"
export CARGO_TARGET_DIR="$BC_CACHE_DIR/target"
# Plain cargo (tests, clippy) gets its own directory: cargo-leptos builds with
# other flags, and sharing one would rebuild everything each time.
export BC_PLAIN_TARGET_DIR="$BC_CACHE_DIR/plain"
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
export LEPTOS_OUTPUT_NAME=business-center
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_SITE_PKG_DIR=pkg
