#!/usr/bin/env bash
# `make run`: build the release and serve it with the embedded SQLite
# database under ./data (created, migrated and filled with demo data).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/ensure-tools.sh
cargo leptos build --release
export LEPTOS_SITE_ADDR=${LEPTOS_SITE_ADDR:-127.0.0.1:3000}
exec "$CARGO_TARGET_DIR/release/server" serve
