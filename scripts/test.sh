#!/usr/bin/env bash
# `make test`: every check, in order, with one summary line at the end.
# Runs against PostgreSQL too when BC_TEST_POSTGRES_URL is set.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

scripts/ensure-tools.sh --browser || { echo "summary: 0 passed, 1 failed (tool installation)"; exit 1; }

passed=0; failed=0; failures=()
step() {
  local name=$1; shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); printf '==> %s: ok (%ss)\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1)); failures+=("$name"); printf '==> %s: FAILED (%ss)\n' "$name" $((SECONDS - start))
  fi
}
plain() { CARGO_TARGET_DIR="$BC_PLAIN_TARGET_DIR" cargo "$@"; }

step "format" cargo fmt --all --check
step "clippy (server side)" plain clippy -p domain -p backend -p app -p server -p benchmarks --all-targets --features app/ssr -- -D warnings
step "clippy (browser side)" plain clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
step "rules crate tests" plain test -p domain
step "app tests" plain test -p app --features ssr
if [ -n "${BC_TEST_POSTGRES_URL:-}" ]; then
  step "backend tests (SQLite and PostgreSQL)" plain test -p backend
else
  echo "(BC_TEST_POSTGRES_URL is not set: the backend tests run on SQLite only)"
  step "backend tests (SQLite)" plain test -p backend
fi
step "server HTTP tests" plain test -p server
if step "release build" cargo leptos build --release; then
  step "end-to-end tests (Chromium)" bash -c 'cd end2end && npx playwright test'
else
  failed=$((failed + 1)); failures+=("end-to-end tests (not run: no release build)")
fi

echo
[ $failed -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "summary: $passed passed, $failed failed"
[ $failed -eq 0 ]
