#!/usr/bin/env bash
# `make test`: every check, in order, with one summary line at the end.
# Runs against PostgreSQL too when BC_TEST_POSTGRES_URL is set.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-tools.sh --browser || { echo "summary: 0 passed, 1 failed (tool installation)"; exit 1; }
source scripts/env.sh  # after the tools: it picks the linker they installed

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

# The server side's tests are compiled as one selection, so that cargo
# resolves the dependencies' features once: `cargo test -p domain` alone would
# build serde, tokio and everything above them again with other features.
server_side=(-p domain -p texts -p backend -p app -p server --features app/ssr)
binaries=$(mktemp)  # this run's own list: clones may share the cache
trap 'rm -f "$binaries"' EXIT

# Every test binary of the server side, built in one cargo run; their list
# (package directory and executable) goes to $binaries.
build_tests() {
  cargo test "${server_side[@]}" --no-run --message-format=json-render-diagnostics |
    python3 scripts/test-binaries.py > "$binaries"
}

# Runs the test binaries of one package, from its directory, as cargo test
# does, with any further arguments. A package without any is a failure, not
# a pass.
run_tests() {
  local package=$1 ok=0 ran=0 dir exe
  shift
  while read -r dir exe; do
    [ "$(basename "$dir")" = "$package" ] || continue
    ran=$((ran + 1))
    (cd "$dir" && "$exe" -q "$@") || ok=1
  done < "$binaries"
  [ $ran -gt 0 ] || { echo "no test binary of $package was built" >&2; return 1; }
  return $ok
}

step "format" cargo fmt --all --check
step "clippy (server side)" cargo clippy "${server_side[@]}" -p benchmarks --all-targets -- -D warnings
step "clippy (browser side)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
if step "build the tests" build_tests; then
  step "rules crate tests" run_tests domain
  step "texts tests" run_tests texts
  step "app tests" run_tests app
  if [ -n "${BC_TEST_POSTGRES_URL:-}" ]; then
    # The PostgreSQL-only tests are ignored (shown as skipped) otherwise.
    step "backend tests (SQLite and PostgreSQL)" run_tests backend --include-ignored
  else
    echo "(BC_TEST_POSTGRES_URL is not set: the backend tests run on SQLite only)"
    step "backend tests (SQLite)" run_tests backend
  fi
  step "server HTTP tests" run_tests server
else
  failed=$((failed + 1)); failures+=("tests (not run: they do not build)")
fi
if step "release build" scripts/build-site.sh; then
  step "end-to-end tests (Chromium)" bash -c 'cd end2end && npx playwright test'
  # The reliability suite's short form (RELIABILITY.md): load with a SIGKILL,
  # two processes on PostgreSQL when it is set, hostile input.
  step "reliability (short)" scripts/reliability.sh --short
else
  failed=$((failed + 1)); failures+=("end-to-end and reliability tests (not run: no release build)")
fi

echo
[ $failed -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "summary: $passed passed, $failed failed"
[ $failed -eq 0 ]
