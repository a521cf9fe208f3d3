#!/usr/bin/env bash
# Release build of the app into dist/ (or $1): Trunk offline with npm binaryen's wasm-opt builds
# the catalogue bundle and everything else (CSS, boot.js, config.json, index.html); then the
# other bundles (src/bin/*.rs, see lisa_console::sections) go through the same steps by hand:
# cargo → wasm-bindgen → wasm-opt (the flags in index.html) → hashed names → one
# <meta name="lisa-bundle"> each in index.html, which public/boot.js reads. Last,
# scripts/minify-dist.mjs minifies and renames every hashed file by the SHA-256 of the bytes
# it ships, so the names given before (Trunk's and the ones here) only have to be unique.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
PUBLIC_URL=${PUBLIC_URL:-/admin/}
export PATH="$PWD/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true
TARGET_DIR=${CARGO_TARGET_DIR:-target}

trunk build --release --dist "$DIST" --public-url "$PUBLIC_URL"

# One source for wasm-opt's flags: the Trunk link in index.html.
WASM_OPT_FLAGS=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html | head -n 1)
if [ -z "$WASM_OPT_FLAGS" ]; then
  echo "build-dist: cannot find data-wasm-opt-params in index.html" >&2
  exit 1
fi
STAGE="$TARGET_DIR/bundles"
mkdir -p "$STAGE"
BASE="${PUBLIC_URL%/}/"
for source in src/bin/lisa-admin-*.rs; do
  bin=$(basename "$source" .rs)
  section=${bin#lisa-admin-}
  cargo build --quiet --release --target wasm32-unknown-unknown --bin "$bin"
  wasm-bindgen --target web --no-typescript --out-dir "$STAGE" --out-name "$bin" \
    "$TARGET_DIR/wasm32-unknown-unknown/release/$bin.wasm"
  # shellcheck disable=SC2086 # the flags are a word list
  wasm-opt $WASM_OPT_FLAGS -Oz "$STAGE/${bin}_bg.wasm" -o "$STAGE/${bin}_bg.opt.wasm"
  # Provisional: minify-dist.mjs renames both files by their final bytes.
  hash=$(cat "$STAGE/$bin.js" "$STAGE/${bin}_bg.opt.wasm" | sha256sum | cut -c1-16)
  cp "$STAGE/$bin.js" "$DIST/$bin-$hash.js"
  cp "$STAGE/${bin}_bg.opt.wasm" "$DIST/$bin-${hash}_bg.wasm"
  meta="<meta name=\"lisa-bundle\" data-section=\"$section\" data-js=\"$BASE$bin-$hash.js\" data-wasm=\"$BASE$bin-${hash}_bg.wasm\" />"
  # Next to the catalogue bundle's <meta>, which Trunk wrote.
  sed -i "s#\(<meta name=\"lisa-bundle\" data-section=\"catalogue\"[^>]*>\)#\1$meta#" "$DIST/index.html"
done
count=$(grep -o 'name="lisa-bundle"' "$DIST/index.html" | wc -l)
expected=$(( $(ls src/bin/lisa-admin-*.rs | wc -l) + 1 ))
[ "$count" -eq "$expected" ] || { echo "build-dist: index.html names $count bundles, not $expected" >&2; exit 1; }
# Glue, boot.js, CSS and index.html minified; every hashed file named by its final bytes, the
# references and SRI attributes rewritten (and checked).
node scripts/minify-dist.mjs "$DIST"
