#!/usr/bin/env bash
# The release build: the server binary and the site it serves (target/site),
# the same steps and file names as `cargo leptos build --release` with the
# [[workspace.metadata.leptos]] settings in Cargo.toml — without cargo-leptos,
# whose own compilation cost a fresh machine about 22 minutes. Anyone who has
# cargo-leptos can still use `cargo leptos watch`.
#
#   server   cargo build -p server --release
#   wasm     cargo build -p frontend --profile wasm-release (wasm32), then
#            wasm-bindgen --target web and wasm-opt -Oz, as cargo-leptos does
#   js       minified (terser; cargo-leptos uses swc)
#   css      style/main.css minified for the "defaults" browsers (lightningcss)
#   assets   public/ copied into the site root
#
# The server and the wasm build side by side (their own target directories):
# the wasm's single-unit LTO then runs beside the server's compilation.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

name=$LEPTOS_OUTPUT_NAME
site=$LEPTOS_SITE_ROOT
pkg=$site/$LEPTOS_SITE_PKG_DIR
wasm=$BC_WASM_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm

cargo build -p frontend --lib --target wasm32-unknown-unknown --no-default-features \
  --profile wasm-release --target-dir "$BC_WASM_TARGET_DIR" &
front=$!
trap 'kill $front 2>/dev/null || true' EXIT
cargo build -p server --bin server --no-default-features --release
wait $front
trap - EXIT

next=$site.next
rm -rf "$next"
mkdir -p "$next/${LEPTOS_SITE_PKG_DIR}"
cp -R public/. "$next/"
wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$next/$LEPTOS_SITE_PKG_DIR" "$wasm"
mv "$next/$LEPTOS_SITE_PKG_DIR/${name}_bg.wasm" "$next/$LEPTOS_SITE_PKG_DIR/$name.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$next/$LEPTOS_SITE_PKG_DIR/$name.wasm" -o "$next/$LEPTOS_SITE_PKG_DIR/$name.wasm"
terser --module --compress --mangle -o "$next/$LEPTOS_SITE_PKG_DIR/$name.js" "$next/$LEPTOS_SITE_PKG_DIR/$name.js"
lightningcss --minify --targets defaults -o "$next/$LEPTOS_SITE_PKG_DIR/$name.css" style/main.css
# Content-hashed names (the server reads them from hash.txt beside its
# binary, as with cargo-leptos's hash-files), then a Brotli and a gzip copy
# of each for the server to send as they are.
hashes=$next/hash.txt
: > "$hashes"
for ext in js wasm css; do
  file=$next/$LEPTOS_SITE_PKG_DIR/$name.$ext
  hash=$(sha256sum "$file" | cut -c1-20)
  mv "$file" "$next/$LEPTOS_SITE_PKG_DIR/$name.$hash.$ext"
  file=$next/$LEPTOS_SITE_PKG_DIR/$name.$hash.$ext
  printf '%s: %s\n' "$ext" "$hash" >> "$hashes"
  gzip -9 -k -n "$file"
  brotli -q 11 -k "$file"  # scripts/ensure-tools.sh installs it
done
# Built beside the old site, then moved into its place.
rm -rf "$site"
mv "$next/hash.txt" "$CARGO_TARGET_DIR/release/hash.txt"
mv "$next" "$site"
wasm_file=$(ls "$pkg"/"$name".*.wasm)
printf 'site: %s (wasm %s bytes, %s gzip, %s brotli)\n' "$pkg" "$(stat -c %s "$wasm_file")" \
  "$(stat -c %s "$wasm_file.gz")" "$(stat -c %s "$wasm_file.br")"
