# shellcheck shell=bash
# Sourced by deploy/deploy.sh: check_csp reads the Content-Security-Policy that the distribution
# sends (its default behaviour's response headers policy, the stack's ResponseHeadersPolicy) and
# stops the deployment when connect-src does not allow every origin the app will call: --api-url,
# --serve-url, and with OIDC the authority (discovery) and the identity provider's token and
# revocation endpoints (from its discovery document; for Cognito they are on the user pool's
# domain, <domain>.auth.<region>.amazoncognito.com, not on cognito-idp.<region>.amazonaws.com).
# Uses deploy.sh's fail, note, aws_read, DRY_RUN, DISTRIBUTION_ID, API_URL, SERVE_URL, OIDC_AUTHORITY.

# The origin of an https URL: lower-case, without the default port. Fails for anything else.
origin_of() {
  [[ $1 =~ ^[Hh][Tt][Tt][Pp][Ss]://([^/?#]+) ]] || return 1
  local host=${BASH_REMATCH[1],,}
  printf 'https://%s' "${host%:443}"
}

# The source list of connect-src (of default-src when there is no connect-src). As in browsers, a
# repeated directive is ignored.
connect_sources() { # csp
  local directive connect="" default="" has_connect=false has_default=false
  local -a directives words
  IFS=';' read -r -a directives <<<"$1"
  for directive in ${directives[@]+"${directives[@]}"}; do
    read -r -a words <<<"$directive"
    [ ${#words[@]} -gt 0 ] || continue
    case "${words[0],,}" in
      connect-src) $has_connect || { has_connect=true; connect="${words[*]:1}"; } ;;
      default-src) $has_default || { has_default=true; default="${words[*]:1}"; } ;;
    esac
  done
  if $has_connect; then printf '%s' "$connect"; else printf '%s' "$default"; fi
}

# Whether one of the sources allows fetching from the (https) origin, by CSP's matching rules for
# '*', scheme sources and host sources (with *. and port wildcards). 'self' is not counted: this
# script does not know which host names serve the app, and the stack lists every origin explicitly.
# A host source's path is not compared (the stack never writes one).
origin_allowed() { # origin source...
  local origin=$1 host port source shost sport; shift
  host=${origin#https://} port=443
  if [[ $host =~ ^(.*):([0-9]+)$ ]]; then host=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]}; fi
  local host_source='^((https?)://)?(\*\.)?([a-z0-9.-]+)(:([0-9]+|\*))?(/.*)?$'
  for source in "$@"; do
    source=${source,,}
    case "$source" in '*'|https:) return 0 ;; esac
    [[ $source =~ $host_source ]] || continue
    shost=${BASH_REMATCH[4]} sport=${BASH_REMATCH[6]:-443}
    [ "$sport" = '*' ] || [ "$sport" = "$port" ] || continue
    if [ -n "${BASH_REMATCH[3]}" ]; then
      [[ $host == *".$shost" ]] && return 0
    else
      [ "$host" = "$shost" ] && return 0
    fi
  done
  return 1
}

# "<key> <url>" for the endpoints the app fetches on the identity provider, from its discovery document.
idp_endpoints() {
  local doc key re
  command -v curl >/dev/null || return 1
  doc=$(curl -fsS --max-time 15 "$OIDC_AUTHORITY/.well-known/openid-configuration" 2>/dev/null) || return 1
  doc=${doc//\\\//\/} # JSON may write / as \/
  [[ $doc == *'"token_endpoint"'* ]] || return 1
  for key in token_endpoint revocation_endpoint; do
    re="\"$key\"[[:space:]]*:[[:space:]]*\"([^\"]+)\""
    if [[ $doc =~ $re ]]; then printf '%s %s\n' "$key" "${BASH_REMATCH[1]}"; fi
  done
}

csp_unreadable() { # what failed
  if $DRY_RUN; then
    note "could not read the distribution's Content-Security-Policy ($1): the CSP check is skipped in this dry run; a real run stops here (or pass --skip-csp-check)"
    return 0
  fi
  fail "could not read the Content-Security-Policy of distribution $DISTRIBUTION_ID ($1). Reading it needs cloudfront:GetDistributionConfig and cloudfront:GetResponseHeadersPolicy; pass --skip-csp-check to deploy without the check."
}

check_csp() {
  if ! command -v aws >/dev/null; then # only in a dry run: a real run needs the aws CLI
    note "no aws CLI: the check of the distribution's Content-Security-Policy is skipped in this dry run"
    return 0
  fi
  local policy_id csp
  policy_id=$(aws_read cloudfront get-distribution-config --id "$DISTRIBUTION_ID" \
    --query DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId --output text) ||
    { csp_unreadable "aws cloudfront get-distribution-config failed"; return 0; }
  policy_id=${policy_id//[[:space:]]/}
  if [ -z "$policy_id" ] || [ "$policy_id" = None ]; then
    fail "distribution $DISTRIBUTION_ID has no response headers policy, so it sends no Content-Security-Policy: is it the stack's DistributionId?"
  fi
  csp=$(aws_read cloudfront get-response-headers-policy --id "$policy_id" \
    --query ResponseHeadersPolicy.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy \
    --output text) || { csp_unreadable "aws cloudfront get-response-headers-policy failed"; return 0; }
  csp=${csp%$'\n'}
  if [ -z "$csp" ] || [ "$csp" = None ]; then
    fail "the response headers policy $policy_id of distribution $DISTRIBUTION_ID sets no Content-Security-Policy: is it the stack's DistributionId?"
  fi

  # What the app will call, with where to allow it.
  local -a urls=("$API_URL" "$SERVE_URL") whys=("--api-url; stack parameter ApiOrigin" "--serve-url; stack parameter ServeOrigin")
  local endpoints key url
  if [ -n "$OIDC_AUTHORITY" ]; then
    urls+=("$OIDC_AUTHORITY") whys+=("--oidc-authority, its discovery document; stack parameter ExtraConnectOrigins")
    if endpoints=$(idp_endpoints); then
      while read -r key url; do
        urls+=("$url") whys+=("the identity provider's $key; stack parameter ExtraConnectOrigins")
      done <<<"$endpoints"
    else
      local hint=""
      [[ $OIDC_AUTHORITY =~ ^https://cognito-idp\.[a-z0-9-]+\.amazonaws\.com/ ]] &&
        hint=" For Cognito, connect-src must also allow the user pool's domain, https://<domain>.auth.<region>.amazoncognito.com (token and revocation endpoints)."
      note "could not read $OIDC_AUTHORITY/.well-known/openid-configuration: its token endpoint's origin is not checked.$hint"
    fi
  fi

  local -a sources
  read -r -a sources <<<"$(connect_sources "$csp")"
  local i origin missing="" checked=" "
  for i in "${!urls[@]}"; do
    if ! origin=$(origin_of "${urls[$i]}"); then
      missing+=$'\n'"  ${urls[$i]} (${whys[$i]%%;*}): not https, so the browser blocks it from an https page (mixed content)"
      continue
    fi
    [[ $checked == *" $origin "* ]] && continue
    checked+="$origin "
    origin_allowed "$origin" ${sources[@]+"${sources[@]}"} || missing+=$'\n'"  $origin (${whys[$i]})"
  done
  if [ -n "$missing" ]; then
    fail "the distribution's Content-Security-Policy does not let the app call:$missing
Its connect-src is: ${sources[*]:-(none)}
Update the stack's parameters (docs/deploy.md, section 1) and deploy again, or pass --skip-csp-check."
  fi
  note "the distribution's CSP allows every origin the app calls:$checked"
}
