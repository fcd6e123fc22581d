#!/usr/bin/env bash
# `make run`: build the release and serve it with the embedded SQLite
# database under ./data (created, migrated and filled with demo data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
source scripts/env.sh  # after the tools: it picks the linker they installed
scripts/build-site.sh
export LEPTOS_SITE_ADDR=${LEPTOS_SITE_ADDR:-127.0.0.1:3000}
# The binary's default is production; `make run` is the demo.
export BC_MODE=${BC_MODE:-demo}
exec "$CARGO_TARGET_DIR/release/server" serve
