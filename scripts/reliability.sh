#!/usr/bin/env bash
# The reliability suite (RELIABILITY.md) on the release build:
#   scripts/reliability.sh [--short] [--only kill|pair|fuzz] [--seed N]
# kill: 32 clients for 60 s with 3 SIGKILLs, on SQLite and (with
# BC_TEST_POSTGRES_URL) PostgreSQL; pair: two server processes on one
# PostgreSQL database; fuzz: 1,000 hostile bodies for every server function.
# --short (run by `make test`): 8 clients for 12 s with one kill on SQLite,
# 25 bodies a function, and the pair test when PostgreSQL is there.
# Each run works in a directory of its own (clones may share the cache):
# $BC_CACHE_DIR/reliability-runs/<pid>, with its logs and figures.json,
# removed when the run passes; the last run's figures are also copied to
# $BC_CACHE_DIR/reliability-figures.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
binary="$CARGO_TARGET_DIR/release/server"
[ -x "$binary" ] || { echo "no release build: run scripts/build-site.sh first" >&2; exit 1; }
[ -f target/site/hash.txt ] || [ -f "$CARGO_TARGET_DIR/release/hash.txt" ] || { echo "no site: run scripts/build-site.sh first" >&2; exit 1; }
work="$BC_CACHE_DIR/reliability-runs/$$"
status=0
python3 scripts/reliability/harness.py --binary "$binary" --work "$work" \
  --python "$BC_TEST_PYTHON" --postgres "${BC_TEST_POSTGRES_URL:-}" "$@" || status=$?
[ -f "$work/figures.json" ] && cp "$work/figures.json" "$BC_CACHE_DIR/reliability-figures.json"
if [ $status -eq 0 ]; then rm -rf "$work"; else echo "logs and figures kept in $work" >&2; fi
exit $status
