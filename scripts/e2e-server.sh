#!/usr/bin/env bash
# The server the Playwright suite runs against: the release build, demo mode,
# a database made fresh for this run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
dir="$BC_CACHE_DIR/e2e"
mkdir -p "$dir"
rm -f "$dir"/bc.db*
export BC_MODE=demo
export BC_DATABASE_URL="sqlite://$dir/bc.db"
export BC_ADDR="127.0.0.1:${BC_E2E_PORT:-3100}"
export LEPTOS_SITE_ADDR="$BC_ADDR"
exec "$CARGO_TARGET_DIR/release/server" serve
