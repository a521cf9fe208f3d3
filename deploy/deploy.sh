#!/usr/bin/env bash
# Check that the distribution's CSP lets the app call LISA and the identity provider, build LISA
# Admin, write its config.json from the arguments, upload it to the stack's S3 bucket with the
# right Cache-Control and Content-Type, then invalidate the two mutable files on CloudFront.
# See docs/deploy.md. `deploy/deploy.sh --help` lists the options.
#
# Upload order matters: hashed assets first, then config.json, then index.html LAST, so a browser
# never gets an index.html that names files not uploaded yet. Old hashed files are NOT deleted: a
# client that loaded the previous index.html a moment ago can still fetch the files it names. They
# are small; remove them by hand (or with a lifecycle rule) if the bucket ever needs tidying.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROG=deploy/deploy.sh

usage() {
  cat <<'EOF'
Usage: deploy/deploy.sh --bucket NAME --distribution-id ID --api-url URL --serve-url URL [options]

Where to deploy (the stack outputs of deploy/cloudformation.yaml):
  --bucket NAME               S3 bucket (output BucketName)                         [required]
  --distribution-id ID        CloudFront distribution (output DistributionId)       [required]
  --sub-path PATH             path the app is served under (default /admin; the stack's SubPath)
  --region REGION             passed to every aws command
  --profile NAME              passed to every aws command

What to deploy:
  --dist DIR                  build output directory (default dist-deploy; its config.json is
                              replaced by the one generated here)
  --skip-build                upload DIR as it is (it must have been built for the same sub-path)
  --dry-run                   print every aws command (prefixed "+ ") but run only the read-only
                              lookups of the CSP check (and curl for the OIDC discovery document);
                              if they fail, e.g. without credentials, the check is skipped with a
                              note. Needs neither the aws CLI nor credentials. It still builds into
                              DIR (unless --skip-build) and still writes DIR/config.json, so both
                              can be inspected.
  --skip-csp-check            do not read the distribution's Content-Security-Policy. By default
                              the deployment stops when the CSP's connect-src misses the API,
                              LISA Serve or the identity provider (needs the permissions
                              cloudfront:GetDistributionConfig and
                              cloudfront:GetResponseHeadersPolicy, and curl for the OIDC
                              discovery document)

config.json:
  --api-url URL               LISA's API Gateway URL with its stage, e.g.
                              https://abc123.execute-api.us-east-1.amazonaws.com/prod  [required]
  --serve-url URL             LISA Serve's URL (its ALB or domain)                  [required]
  --auth token|oidc           how admins sign in (default token)
  --oidc-authority URL        OIDC issuer (LISA's AUTHORITY)
  --oidc-client-id ID         OIDC client id (LISA's CLIENT_ID)
  --oidc-scopes "S1 S2"       default "openid profile email"
  --oidc-groups-claim PATH    dotted path of the groups claim (LISA's JWT_GROUPS_PROP)
  --oidc-admin-group NAME     LISA's ADMIN_GROUP
  --reuse-lisa-session        reuse the LISA UI's OIDC session (same-origin hosting only)
  --embed                     the app runs inside the LISA UI (iframe): no header of its own
  --embed-parent-origin URL   origin allowed to hand over a token by postMessage (repeatable)
  --request-timeout-ms N      1000..120000
  --read-retries N            0..3
  --poll-interval-ms N        500..600000
EOF
}

fail() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 2
}
note() { printf '%s: %s\n' "$PROG" "$*" >&2; }

# ---------------------------------------------------------------- arguments
BUCKET="" DISTRIBUTION_ID="" SUB_PATH="/admin" REGION="" PROFILE=""
DIST="dist-deploy" SKIP_BUILD=false DRY_RUN=false CHECK_CSP=true
API_URL="" SERVE_URL="" AUTH_MODE="token"
OIDC_AUTHORITY="" OIDC_CLIENT_ID="" OIDC_SCOPES="" OIDC_GROUPS_CLAIM="" OIDC_ADMIN_GROUP=""
REUSE_LISA_SESSION=false EMBED=false EMBED_PARENT_ORIGINS=()
REQUEST_TIMEOUT_MS="" READ_RETRIES="" POLL_INTERVAL_MS=""

need_value() {
  if [ "$2" -lt 2 ]; then fail "$1 needs a value"; fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --skip-build) SKIP_BUILD=true; shift; continue ;;
    --dry-run) DRY_RUN=true; shift; continue ;;
    --skip-csp-check) CHECK_CSP=false; shift; continue ;;
    --reuse-lisa-session) REUSE_LISA_SESSION=true; shift; continue ;;
    --embed) EMBED=true; shift; continue ;;
  esac
  case "$1" in
    --bucket|--distribution-id|--sub-path|--region|--profile|--dist|--api-url|--serve-url|--auth|\
    --oidc-*|--embed-parent-origin|--request-timeout-ms|--read-retries|--poll-interval-ms)
      need_value "$1" $# ;;
    *) fail "unknown option \"$1\" (see --help)" ;;
  esac
  case "$1" in
    --bucket) BUCKET=$2 ;;
    --distribution-id) DISTRIBUTION_ID=$2 ;;
    --sub-path) SUB_PATH=$2 ;;
    --region) REGION=$2 ;;
    --profile) PROFILE=$2 ;;
    --dist) DIST=$2 ;;
    --api-url) API_URL=$2 ;;
    --serve-url) SERVE_URL=$2 ;;
    --auth) AUTH_MODE=$2 ;;
    --oidc-authority) OIDC_AUTHORITY=$2 ;;
    --oidc-client-id) OIDC_CLIENT_ID=$2 ;;
    --oidc-scopes) OIDC_SCOPES=$2 ;;
    --oidc-groups-claim) OIDC_GROUPS_CLAIM=$2 ;;
    --oidc-admin-group) OIDC_ADMIN_GROUP=$2 ;;
    --embed-parent-origin) EMBED_PARENT_ORIGINS+=("$2") ;;
    --request-timeout-ms) REQUEST_TIMEOUT_MS=$2 ;;
    --read-retries) READ_RETRIES=$2 ;;
    --poll-interval-ms) POLL_INTERVAL_MS=$2 ;;
    *) fail "unknown option \"$1\" (see --help)" ;;
  esac
  shift 2
done

# ---------------------------------------------------------------- validation
# The app is served over HTTPS, so every URL it calls must be https (browsers block the rest).
HTTPS_URL='^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%@:+/-]*)?$'
HTTPS_ORIGIN='^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?$'

check_url() { # option value [why a plain-http URL is a likely mistake here]
  [ -n "$2" ] || fail "$1 is required"
  [[ $2 != http://* ]] ||
    fail "$1 \"$2\" must be https: the app is served over HTTPS and browsers block plain-http calls from it (mixed content)${3:+. $3}"
  [[ $2 =~ $HTTPS_URL ]] || fail "$1 \"$2\" is not an https URL such as https://abc123.execute-api.us-east-1.amazonaws.com/prod"
}
check_int() { # option value min max
  [ -z "$2" ] && return 0
  if ! [[ $2 =~ ^[0-9]{1,9}$ ]] || [ "$((10#$2))" -lt "$3" ] || [ "$((10#$2))" -gt "$4" ]; then
    fail "$1 must be a whole number from $3 to $4, not \"$2\""
  fi
}
check_text() { # option value: printable text only, so the JSON below stays simple and valid
  [[ $2 != *[[:cntrl:]]* ]] || fail "$1 contains control characters"
}

[ -n "$BUCKET" ] || fail "--bucket is required (the stack output BucketName)"
[[ $BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || fail "--bucket \"$BUCKET\" is not an S3 bucket name"
[ -n "$DISTRIBUTION_ID" ] || fail "--distribution-id is required (the stack output DistributionId)"
[[ $DISTRIBUTION_ID =~ ^[A-Z0-9]{1,64}$ ]] || fail "--distribution-id \"$DISTRIBUTION_ID\" is not a CloudFront distribution id"
SUB_PATH=${SUB_PATH%/}
[[ $SUB_PATH =~ ^(/[A-Za-z0-9_-]+)+$ ]] || fail "--sub-path \"$SUB_PATH\" must look like /admin (the stack's SubPath)"
[ -z "$REGION" ] || [[ $REGION =~ ^[a-z0-9-]+$ ]] || fail "--region \"$REGION\" is not a region name"
check_text --profile "$PROFILE"

check_url --api-url "$API_URL"
check_url --serve-url "$SERVE_URL" \
  "LISA Serve is its own load balancer, plain HTTP unless LISA's restApiConfig.sslCertIamArn gives it a certificate (docs/deploy.md)"
API_URL=${API_URL%/}
SERVE_URL=${SERVE_URL%/}
case "$AUTH_MODE" in token|oidc) ;; *) fail "--auth must be token or oidc, not \"$AUTH_MODE\"" ;; esac
if [ "$AUTH_MODE" = oidc ] || $REUSE_LISA_SESSION; then
  why=$([ "$AUTH_MODE" = oidc ] && echo "--auth oidc" || echo "--reuse-lisa-session")
  [ -n "$OIDC_AUTHORITY" ] || fail "$why needs --oidc-authority"
  [ -n "$OIDC_CLIENT_ID" ] || fail "$why needs --oidc-client-id"
fi
[ -z "$OIDC_AUTHORITY" ] || check_url --oidc-authority "$OIDC_AUTHORITY"
OIDC_AUTHORITY=${OIDC_AUTHORITY%/}
for pair in "--oidc-client-id:$OIDC_CLIENT_ID" "--oidc-scopes:$OIDC_SCOPES" \
  "--oidc-groups-claim:$OIDC_GROUPS_CLAIM" "--oidc-admin-group:$OIDC_ADMIN_GROUP"; do
  check_text "${pair%%:*}" "${pair#*:}"
done
for origin in ${EMBED_PARENT_ORIGINS[@]+"${EMBED_PARENT_ORIGINS[@]}"}; do
  [[ ${origin%/} =~ $HTTPS_ORIGIN ]] ||
    fail "--embed-parent-origin \"$origin\" is not an origin such as https://lisa.example.com (no path)"
done
check_int --request-timeout-ms "$REQUEST_TIMEOUT_MS" 1000 120000
check_int --read-retries "$READ_RETRIES" 0 3
check_int --poll-interval-ms "$POLL_INTERVAL_MS" 500 600000

if ! $DRY_RUN && ! command -v aws >/dev/null; then
  fail "the aws CLI is not installed (or use --dry-run to see the commands)"
fi
case "$DIST" in /*) ;; *) DIST="$PWD/$DIST" ;; esac

# ---------------------------------------------------------------- commands
# Print a command as a copy-pasteable line, "+ aws ...", quoting only words that need it.
quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}
AWS_GLOBAL=()
[ -z "$PROFILE" ] || AWS_GLOBAL+=(--profile "$PROFILE")
[ -z "$REGION" ] || AWS_GLOBAL+=(--region "$REGION")
aws_run() {
  local line="+ aws" word
  for word in ${AWS_GLOBAL[@]+"${AWS_GLOBAL[@]}"} "$@"; do line+=" $(quote "$word")"; done
  printf '%s\n' "$line"
  if ! $DRY_RUN; then aws ${AWS_GLOBAL[@]+"${AWS_GLOBAL[@]}"} "$@"; fi
}
# A read-only call, run in a dry run too; its output is the result (the "+ aws" line goes to the
# script's stdout, as for every other call).
exec 3>&1
aws_read() {
  local line="+ aws" word
  for word in ${AWS_GLOBAL[@]+"${AWS_GLOBAL[@]}"} "$@"; do line+=" $(quote "$word")"; done
  printf '%s\n' "$line" >&3
  aws ${AWS_GLOBAL[@]+"${AWS_GLOBAL[@]}"} "$@"
}

# ---------------------------------------------------------------- the build to upload
check_dist() {
  [ -f "$DIST/index.html" ] || fail "$DIST/index.html is missing (build first, or drop --skip-build)"
  BASE=$(grep -o '<base href="[^"]*"' "$DIST/index.html" | head -n 1 | sed 's/<base href="//; s/"$//' || true)
  [ "$BASE" = "$SUB_PATH/" ] ||
    fail "$DIST was built for the sub-path \"$BASE\", not \"$SUB_PATH/\" (rebuild: drop --skip-build)"
  compgen -G "$DIST/*.wasm" >/dev/null || fail "$DIST has no .wasm file: not a complete LISA Admin build"
}
# An existing build is checked before anything is read from AWS.
if $SKIP_BUILD; then check_dist; fi

# ---------------------------------------------------------------- the distribution's CSP
# The app can only call what the CSP's connect-src allows, and a call it blocks looks like a network
# failure (the serve list even fails quietly by design). So the CSP that the stack's response headers
# policy sends is read and checked against the URLs going into config.json.
. "$ROOT/deploy/csp-check.sh"
if $CHECK_CSP; then check_csp; fi

# ---------------------------------------------------------------- build
if $SKIP_BUILD; then
  note "using the existing build in $DIST"
else
  note "building for $SUB_PATH/ into $DIST"
  PUBLIC_URL="$SUB_PATH/" "$ROOT/scripts/build-dist.sh" "$DIST" >&2
  check_dist
fi

# ---------------------------------------------------------------- config.json
json_string() { # JSON string literal; control characters were rejected above
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}
{
  printf '{\n'
  printf '  "apiBaseUrl": %s,\n' "$(json_string "$API_URL")"
  printf '  "serveBaseUrl": %s,\n' "$(json_string "$SERVE_URL")"
  [ -z "$REQUEST_TIMEOUT_MS" ] || printf '  "requestTimeoutMs": %d,\n' "$((10#$REQUEST_TIMEOUT_MS))"
  [ -z "$READ_RETRIES" ] || printf '  "readRetries": %d,\n' "$((10#$READ_RETRIES))"
  [ -z "$POLL_INTERVAL_MS" ] || printf '  "pollIntervalMs": %d,\n' "$((10#$POLL_INTERVAL_MS))"
  printf '  "auth": {\n    "mode": %s' "$(json_string "$AUTH_MODE")"
  if [ -n "$OIDC_AUTHORITY$OIDC_CLIENT_ID" ]; then
    printf ',\n    "oidc": {\n      "authority": %s,\n      "clientId": %s' \
      "$(json_string "$OIDC_AUTHORITY")" "$(json_string "$OIDC_CLIENT_ID")"
    [ -z "$OIDC_SCOPES" ] || printf ',\n      "scopes": %s' "$(json_string "$OIDC_SCOPES")"
    [ -z "$OIDC_GROUPS_CLAIM" ] || printf ',\n      "groupsClaim": %s' "$(json_string "$OIDC_GROUPS_CLAIM")"
    [ -z "$OIDC_ADMIN_GROUP" ] || printf ',\n      "adminGroup": %s' "$(json_string "$OIDC_ADMIN_GROUP")"
    printf '\n    }'
  fi
  printf ',\n    "reuseLisaSession": %s\n  },\n' "$REUSE_LISA_SESSION"
  printf '  "embed": %s,\n  "embedParentOrigins": [' "$EMBED"
  sep=""
  for origin in ${EMBED_PARENT_ORIGINS[@]+"${EMBED_PARENT_ORIGINS[@]}"}; do
    printf '%s%s' "$sep" "$(json_string "${origin%/}")"
    sep=", "
  done
  printf ']\n}\n'
} >"$DIST/config.json"
note "wrote $DIST/config.json"

# ---------------------------------------------------------------- upload
content_type() {
  case "$1" in
    *.html) echo "text/html; charset=utf-8" ;;
    *.js|*.mjs) echo "text/javascript" ;;
    *.wasm) echo "application/wasm" ;;
    *.css) echo "text/css" ;;
    *.json|*.map) echo "application/json" ;;
    *.svg) echo "image/svg+xml" ;;
    *.png) echo "image/png" ;;
    *.ico) echo "image/x-icon" ;;
    *.txt) echo "text/plain; charset=utf-8" ;;
    *.webmanifest) echo "application/manifest+json" ;;
    *) echo "application/octet-stream" ;;
  esac
}
# A hashed asset is a top-level <stem>-<hash>.<ext> (wasm: <stem>-<hash>_bg.wasm): a new build never
# reuses such a name, so it may be cached for a year. scripts/minify-dist.mjs names them by the
# SHA-256 of their final bytes (16 hex digits); Trunk writes its hashes as an unpadded u64 (1 to 16
# digits, e.g. catalogue-b56f7207cbebce.css), and a file minify-dist did not rename keeps that.
# The same rule as deploy/cloudfront-function.js and tests/src/site.rs. Anything else (index.html,
# config.json, any file in a folder) must be revalidated.
HASHED_ASSET='^[A-Za-z0-9_-]+-[0-9a-f]{1,16}(_bg)?\.[A-Za-z0-9]+$'
cache_control() {
  if [[ $1 =~ $HASHED_ASSET ]]; then
    echo "public,max-age=31536000,immutable"
  else
    echo "no-cache"
  fi
}
upload() { # path relative to DIST
  aws_run s3 cp "$DIST/$1" "s3://$BUCKET${SUB_PATH}/$1" --only-show-errors \
    --cache-control "$(cache_control "$1")" --content-type "$(content_type "$1")"
}

while IFS= read -r -d '' file; do
  rel=${file#"$DIST"/}
  case "$rel" in index.html|config.json) continue ;; esac
  upload "$rel"
done < <(find "$DIST" -type f -print0 | LC_ALL=C sort -z)
upload config.json
upload index.html
aws_run cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" \
  --paths "$SUB_PATH/index.html" "$SUB_PATH/config.json" "$SUB_PATH/"

note "done$($DRY_RUN && echo ' (dry run: nothing was uploaded)')."
