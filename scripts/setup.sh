#!/usr/bin/env bash
# Install whatever is missing to build and test LISA Admin. Idempotent: each step checks first.
# Every version comes from a project file (scripts/tool-versions, Cargo.lock, package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tool-versions

say() { printf 'setup: %s\n' "$*"; }

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. Trunk (0.22 needs a newer Rust than these machines have).
if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}\$"; then
  say "installing trunk ${TRUNK_VERSION} (takes about 6 minutes)"
  cargo install trunk --version "${TRUNK_VERSION}" --locked
fi

# 3. wasm-bindgen-cli at exactly the version in Cargo.lock (Trunk only uses it when they match).
#    Not --locked: one of its pinned dependencies is missing from the registry.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "${WASM_BINDGEN_VERSION}" ]; then
  echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2; exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$"; then
  say "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}"
fi

# 4. npm tools (binaryen's wasm-opt 132, terser and csso for minify-dist.mjs, axe-core, oidc-provider)
#    exactly as package-lock.json says.
#    Never Debian's binaryen: its wasm-opt 108 silently corrupts current wasm-bindgen output.
if [ ! -x node_modules/.bin/wasm-opt ] || ! cmp -s package-lock.json node_modules/.package-lock.json.copy 2>/dev/null; then
  say "installing npm tools from package-lock.json"
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.package-lock.json.copy
fi

# 5. Chromium and ChromeDriver from Debian, for the browser tests.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian chromium and chromium-driver"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 6. Every crate, so builds can run offline.
cargo fetch --quiet

# 7. cfn-lint for deploy/cloudformation.yaml, in a project venv, exactly as deploy/requirements.txt says.
if [ ! -x .tools/venv/bin/cfn-lint ] || ! cmp -s deploy/requirements.txt .tools/venv/requirements.txt.copy 2>/dev/null; then
  say "installing cfn-lint from deploy/requirements.txt into .tools/venv"
  python3 -m venv .tools/venv
  .tools/venv/bin/pip install --quiet --disable-pip-version-check -r deploy/requirements.txt
  cp deploy/requirements.txt .tools/venv/requirements.txt.copy
fi
say "ready"
