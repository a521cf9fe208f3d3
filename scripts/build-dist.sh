#!/usr/bin/env bash
# Release build of the app into dist/ (or $1), with npm binaryen's wasm-opt and Trunk offline.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
PUBLIC_URL=${PUBLIC_URL:-/admin/}
export PATH="$PWD/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true
trunk build --release --dist "$DIST" --public-url "$PUBLIC_URL"
