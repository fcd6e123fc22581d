#!/usr/bin/env bash
# Reruns every figure in BENCHMARKS.md: the rules (criterion), committed seat
# changes per second (SQLite, and PostgreSQL when BC_BENCH_POSTGRES_URL is
# set), SSR of a 200-subscription page and the same list over the REST API
# against a bare JSON handler (wrk),
# the release bundle's size, and the first load in Chromium on a slow network.
# Needs `make test`'s tools plus wrk. BC_BENCH_ONLY=ssr runs the SSR part only
# (the page, the API, the bare handler and the raw queries under them).
# BC_BENCH_BEFORE=<an older server binary, with its hash.txt beside it> also
# measures that build's page in the same rounds, on the same database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
dir="$BC_CACHE_DIR/bench"
mkdir -p "$dir"

only=${BC_BENCH_ONLY:-}

if [ -z "$only" ]; then
echo "== rules (criterion)"
cargo bench -p benchmarks --bench rules -- --noplot 2>&1 | grep -E '^[a-zA-Z].*|time:' || true

echo "== committed seat changes per second"
cargo build --release -p benchmarks --bins
rm -f "$dir"/commits.db*
"$CARGO_TARGET_DIR/release/seat_changes" "sqlite://$dir/commits.db" 10 32
if [ -n "${BC_BENCH_POSTGRES_URL:-}" ]; then
  "$CARGO_TARGET_DIR/release/seat_changes" "$BC_BENCH_POSTGRES_URL" 10 32
fi
fi

echo "== SSR of a customer's 200 subscriptions vs a bare JSON handler"
cargo build --release -p benchmarks --bin bare_json
scripts/build-site.sh >/dev/null
rm -f "$dir"/ssr.db*
db="sqlite://$dir/ssr.db"
"$CARGO_TARGET_DIR/release/bare_json" "$db" 127.0.0.1:3301 > "$dir/bare.log" 2>&1 &
bare=$!
trap 'kill $bare ${ssr:-} 2>/dev/null || true' EXIT
until grep -q GET "$dir/bare.log" 2>/dev/null; do sleep 0.5; done
url=$(grep -o 'http://[^ ]*' "$dir/bare.log")
customer=$(echo "$url" | sed 's#.*/customers/\([0-9]*\)/.*#\1#')
BC_MODE=demo BC_DATABASE_URL="$db" BC_ADDR=127.0.0.1:3302 LEPTOS_SITE_ADDR=127.0.0.1:3302 \
  BC_API_REQUESTS_PER_MINUTE=100000000 \
  "$CARGO_TARGET_DIR/release/server" serve > "$dir/ssr.log" 2>&1 &
ssr=$!
until curl -sf http://127.0.0.1:3302/healthz >/dev/null; do sleep 0.5; done
targets="bare api ssr"
if [ -n "${BC_BENCH_BEFORE:-}" ]; then
  BC_MODE=demo BC_DATABASE_URL="$db" BC_ADDR=127.0.0.1:3304 LEPTOS_SITE_ADDR=127.0.0.1:3304 \
    "$BC_BENCH_BEFORE" serve > "$dir/before.log" 2>&1 &
  before_pid=$!
  trap 'kill $bare $ssr $before_pid 2>/dev/null || true' EXIT
  until curl -sf http://127.0.0.1:3304/healthz >/dev/null; do sleep 0.5; done
  targets="bare api ssr before"
fi
cookie=$(curl -si -X POST http://127.0.0.1:3302/api/login -H 'Origin: http://127.0.0.1:3302' \
  --data 'email=sales%40contoso-partner.example&password=BusinessCenter-2026' | grep -io 'bc_session=[^;]*')
rows=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:3302/customers/$customer/subscriptions" | grep -o 'data-subscription=' | wc -l)
echo "the page lists $rows subscriptions"
# R-API-01: the same list over the REST API, with a Global Administrator's token.
global=$(curl -si -X POST http://127.0.0.1:3302/api/login -H 'Origin: http://127.0.0.1:3302' \
  --data 'email=global%40contoso-partner.example&password=BusinessCenter-2026' | grep -io 'bc_session=[^;]*')
token=$(curl -s -X POST http://127.0.0.1:3302/api/create_api_token -H 'Origin: http://127.0.0.1:3302' \
  -H "Cookie: $global" -H 'Accept: application/json' \
  --data 'name=bench&roles%5B%5D=global_administrator&days=1' | tr -d '"')
api="http://127.0.0.1:3302/api/v1/customers/$customer/subscriptions?limit=200"
echo "the API lists $(curl -s -H "Authorization: Bearer $token" "$api" | grep -o '"partner_name"' | wc -l) subscriptions"
# The floor: the page's queries from Python's sqlite3 on one core.
python3 scripts/bench_floor.py "$dir/ssr.db" "${cookie#*=}" "$customer"
# A process's CPU time so far (user + system), in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }
# Three rounds, the three targets in turn, so that a slow moment of the
# machine does not fall on one of them only; compare the rounds' medians.
# Beside the throughput, the server's CPU per request (its CPU time over the
# run divided by the requests wrk counted), which the floor compares with.
for round in 1 2 3; do
  for which in $targets; do
    case $which in
      bare) target="$url"; header="Cookie: $cookie"; pid=$bare;;
      api) target="$api"; header="Authorization: Bearer $token"; pid=$ssr;;
      ssr) target="http://127.0.0.1:3302/customers/$customer/subscriptions"; header="Cookie: $cookie"; pid=$ssr;;
      before) target="http://127.0.0.1:3304/customers/$customer/subscriptions"; header="Cookie: $cookie"; pid=$before_pid;;
    esac
    before=$(cpu_ms $pid)
    wrk -t2 -c32 -d10s --latency -H "$header" "$target" > "$dir/wrk-$which-$round.txt"
    after=$(cpu_ms $pid)
    requests=$(awk '/requests in/ {print $1}' "$dir/wrk-$which-$round.txt")
    echo "$which round $round: $(awk '/Requests\/sec/ {print $2}' "$dir/wrk-$which-$round.txt") req/s," \
      "p50 $(awk '$1 == "50%" {print $2}' "$dir/wrk-$which-$round.txt")," \
      "p99 $(awk '$1 == "99%" {print $2}' "$dir/wrk-$which-$round.txt")," \
      "$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN {printf "%.2f", (a - b) / n}') ms CPU per request"
  done
done

[ "$only" = ssr ] && exit 0

echo "== release bundle"
for f in target/site/pkg/business-center.*.{wasm,js,css}; do
  printf '%s: %s bytes, %s gzip -9, %s brotli\n' "$f" "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
done

echo "== first load on a slow network (Chromium: 1.6 Mbit/s, 150 ms RTT)"
(cd end2end && BC_E2E_PORT=3303 npx playwright test --config measure.config.ts) | sed -n '/^| /p'
