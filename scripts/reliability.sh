#!/usr/bin/env bash
# The reliability suite (RELIABILITY.md) on the release build:
#   scripts/reliability.sh [--short] [--only kill|pair|fuzz] [--seed N]
# kill: 32 clients for 60 s with 3 SIGKILLs, on SQLite and (with
# BC_TEST_POSTGRES_URL) PostgreSQL; pair: two server processes on one
# PostgreSQL database; fuzz: 1,000 hostile bodies for every server function.
# --short (run by `make test`): 8 clients for 12 s with one kill on SQLite,
# 25 bodies a function, and the pair test when PostgreSQL is there.
# Figures go to $BC_CACHE_DIR/reliability/figures.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
binary="$CARGO_TARGET_DIR/release/server"
[ -x "$binary" ] || { echo "no release build: run scripts/build-site.sh first" >&2; exit 1; }
[ -f target/site/hash.txt ] || [ -f "$CARGO_TARGET_DIR/release/hash.txt" ] || { echo "no site: run scripts/build-site.sh first" >&2; exit 1; }
exec python3 scripts/reliability/harness.py --binary "$binary" --work "$BC_CACHE_DIR/reliability" \
  --python "$BC_TEST_PYTHON" --postgres "${BC_TEST_POSTGRES_URL:-}" "$@"
