//! deploy.sh's check of the distribution's Content-Security-Policy: it reads the CSP the stack
//! sends (a fake `aws` answers) and stops, before building or uploading anything, when connect-src
//! misses the API, LISA Serve or the identity provider.

use std::process::Output;

use super::harness::*;
use super::template::template_csp;

const COGNITO_AUTHORITY: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC";
const COGNITO_IDP: &str = "https://cognito-idp.us-east-1.amazonaws.com";
const COGNITO_DOMAIN: &str = "https://lisa.auth.us-east-1.amazoncognito.com";

/// Cognito's discovery document: no end_session_endpoint; token and revocation endpoints on the
/// user pool's domain. Slashes escaped as some servers do.
fn cognito_discovery() -> String {
    format!(
        r#"{{"issuer":"{COGNITO_AUTHORITY}","authorization_endpoint":"{COGNITO_DOMAIN}/oauth2/authorize",
        "token_endpoint":"{}","revocation_endpoint":"{COGNITO_DOMAIN}/oauth2/revoke",
        "jwks_uri":"{COGNITO_AUTHORITY}/.well-known/jwks.json"}}"#,
        format!("{COGNITO_DOMAIN}/oauth2/token").replace('/', "\\/")
    )
}

fn with_cognito() -> Vec<&'static str> {
    let mut args = BASE_ARGS.to_vec();
    args.extend(["--auth", "oidc", "--oidc-authority", COGNITO_AUTHORITY, "--oidc-client-id", "client1"]);
    args
}

/// A dry run (or a real one) against a distribution sending `csp`, with an optional discovery document.
fn deploy_with(csp: &str, discovery: Option<&str>, args: &[&str], dry_run: bool) -> (Scratch, Output) {
    let s = fake_dist();
    let args: Vec<&str> = if dry_run { [&["--dry-run"], args].concat() } else { args.to_vec() };
    let mut command = deploy_command(&s, &args);
    command.env("FAKE_CSP", csp).env("FAKE_AWS_OK", "1");
    if let Some(document) = discovery {
        command.env("FAKE_DISCOVERY", document);
    }
    let out = command.output().expect("run deploy/deploy.sh");
    (s, out)
}

fn assert_stopped_before_anything_changed(s: &Scratch, out: &Output, why: &str) {
    assert!(!out.status.success(), "{why}: the deployment must stop\n{}", stderr(out));
    assert!(!aws_calls(s).iter().any(|c| changes_something(c)), "{why}: uploaded anyway: {:?}", aws_calls(s));
    assert!(generated_config(s).contains("127.0.0.1"), "{why}: config.json rewritten before stopping");
}

#[test]
fn reads_the_csp_of_the_distributions_response_headers_policy() {
    let s = fake_dist();
    let out = deploy_command(&s, &BASE_ARGS).env("FAKE_AWS_OK", "1").env("FAKE_POLICY_ID", "rhp-77").output().expect("run");
    assert!(succeeded(&out));
    let reads: Vec<Vec<String>> = aws_calls(&s).into_iter().filter(|c| !changes_something(c)).collect();
    assert_eq!(reads.len(), 2, "{reads:?}");
    assert_eq!(&reads[0][..2], ["cloudfront", "get-distribution-config"]);
    assert_eq!(option(&reads[0], "--id"), Some("E2EXAMPLE123"));
    assert_eq!(option(&reads[0], "--query"), Some("DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId"));
    assert_eq!(&reads[1][..2], ["cloudfront", "get-response-headers-policy"]);
    assert_eq!(option(&reads[1], "--id"), Some("rhp-77"), "the policy the distribution names");
    // The reads come first: nothing is uploaded before the check.
    assert!(!changes_something(&aws_calls(&s)[0]) && !changes_something(&aws_calls(&s)[1]));
}

#[test]
fn stops_when_connect_src_misses_the_api_or_lisa_serve() {
    let cases = [
        // The old default: ServeOrigin "same as ApiOrigin", while Serve is its own load balancer.
        (template_csp(API_ORIGIN, API_ORIGIN, ""), vec!["https://serve.lisa.example.com (--serve-url; stack parameter ServeOrigin)"]),
        (template_csp("https://other.execute-api.us-east-1.amazonaws.com", SERVE_ORIGIN, ""), vec![
            "https://abc123.execute-api.us-east-1.amazonaws.com (--api-url; stack parameter ApiOrigin)",
        ]),
        // No connect-src: default-src applies, and 'self' is not LISA.
        ("default-src 'self'; frame-ancestors 'none'".to_string(), vec![
            "https://abc123.execute-api.us-east-1.amazonaws.com (--api-url",
            "https://serve.lisa.example.com (--serve-url",
        ]),
        // Another port is another origin.
        (template_csp(API_ORIGIN, "https://serve.lisa.example.com:8443", ""), vec!["https://serve.lisa.example.com (--serve-url"]),
    ];
    for (csp, missing) in cases {
        for dry_run in [true, false] {
            let (s, out) = deploy_with(&csp, None, &BASE_ARGS, dry_run);
            assert_stopped_before_anything_changed(&s, &out, &csp);
            let err = stderr(&out);
            assert!(err.contains("the distribution's Content-Security-Policy does not let the app call:"), "{err}");
            for origin in &missing {
                assert!(err.contains(origin), "{csp}: expected {origin:?} in:\n{err}");
            }
            assert!(err.contains("--skip-csp-check"), "{err}");
        }
    }
}

#[test]
fn accepts_the_sources_a_browser_would_match() {
    for csp in [
        matching_csp(),
        // Upper case, the default port spelled out, a wildcard host, a scheme source.
        "connect-src 'self' HTTPS://ABC123.execute-api.us-east-1.amazonaws.com:443 https://*.lisa.example.com".to_string(),
        "default-src 'self'; connect-src https:".to_string(),
        format!("connect-src {API_ORIGIN}/prod/ {SERVE_ORIGIN}:*"),
    ] {
        let (_, out) = deploy_with(&csp, None, &BASE_ARGS, true);
        assert!(succeeded(&out), "{csp}");
    }
}

#[test]
fn with_cognito_the_user_pools_domain_must_be_allowed_too() {
    let discovery = cognito_discovery();
    // Only the issuer's origin: the token endpoint (code exchange, renewal) is on the Cognito domain.
    let (s, out) = deploy_with(&template_csp(API_ORIGIN, SERVE_ORIGIN, COGNITO_IDP), Some(&discovery), &with_cognito(), true);
    assert_stopped_before_anything_changed(&s, &out, "Cognito domain missing");
    let err = stderr(&out);
    assert!(err.contains(&format!("{COGNITO_DOMAIN} (the identity provider's token_endpoint")), "{err}");
    assert!(!err.contains(&format!("{COGNITO_IDP} (")), "the issuer is allowed:\n{err}");
    assert_eq!(
        curl_calls(&s).first().and_then(|c| c.last()).map(String::as_str),
        Some(format!("{COGNITO_AUTHORITY}/.well-known/openid-configuration").as_str())
    );

    // Neither: both named.
    let (_, out) = deploy_with(&matching_csp(), Some(&discovery), &with_cognito(), true);
    let err = stderr(&out);
    assert!(err.contains(&format!("{COGNITO_IDP} (--oidc-authority")) && err.contains(COGNITO_DOMAIN), "{err}");

    // Both, or a wildcard for the domain: fine.
    for extra in [format!("{COGNITO_IDP} {COGNITO_DOMAIN}"), format!("{COGNITO_IDP} https://*.auth.us-east-1.amazoncognito.com")] {
        let (_, out) = deploy_with(&template_csp(API_ORIGIN, SERVE_ORIGIN, &extra), Some(&discovery), &with_cognito(), false);
        assert!(succeeded(&out), "{extra}");
    }
}

#[test]
fn without_the_discovery_document_only_the_authority_is_checked_and_cognito_gets_a_hint() {
    let (_, out) = deploy_with(&template_csp(API_ORIGIN, SERVE_ORIGIN, COGNITO_IDP), None, &with_cognito(), true);
    assert!(succeeded(&out));
    let err = stderr(&out);
    assert!(err.contains("could not read https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/openid-configuration"), "{err}");
    assert!(err.contains("https://<domain>.auth.<region>.amazoncognito.com"), "{err}");
}

#[test]
fn a_keycloak_style_provider_on_one_origin_needs_that_origin_only() {
    let authority = "https://idp.example.com/realms/lisa";
    let discovery = format!(r#"{{"issuer":"{authority}","token_endpoint":"{authority}/protocol/openid-connect/token","end_session_endpoint":"{authority}/protocol/openid-connect/logout"}}"#);
    let mut args = BASE_ARGS.to_vec();
    args.extend(["--auth", "oidc", "--oidc-authority", authority, "--oidc-client-id", "lisa"]);
    let (_, out) = deploy_with(&template_csp(API_ORIGIN, SERVE_ORIGIN, "https://idp.example.com"), Some(&discovery), &args, false);
    assert!(succeeded(&out));
    let (s, out) = deploy_with(&matching_csp(), Some(&discovery), &args, false);
    assert_stopped_before_anything_changed(&s, &out, "IdP missing");
    assert!(stderr(&out).contains("https://idp.example.com (--oidc-authority"), "{}", stderr(&out));
}

#[test]
fn an_unreadable_csp_stops_a_real_run_but_not_a_dry_run() {
    // FAKE_CSP unset: the fake aws fails the reads, as without credentials.
    let s = fake_dist();
    let out = deploy_command(&s, &[&["--dry-run"], &BASE_ARGS[..]].concat()).env_remove("FAKE_CSP").output().expect("run");
    assert!(succeeded(&out));
    assert!(stderr(&out).contains("the CSP check is skipped in this dry run"), "{}", stderr(&out));

    let s = fake_dist();
    let out = deploy_command(&s, &BASE_ARGS).env_remove("FAKE_CSP").env("FAKE_AWS_OK", "1").output().expect("run");
    assert_stopped_before_anything_changed(&s, &out, "unreadable CSP");
    assert!(stderr(&out).contains("cloudfront:GetResponseHeadersPolicy"), "{}", stderr(&out));

    // --skip-csp-check deploys without reading it.
    let s = fake_dist();
    let args = [&["--skip-csp-check"], &BASE_ARGS[..]].concat();
    let out = deploy_command(&s, &args).env_remove("FAKE_CSP").env("FAKE_AWS_OK", "1").output().expect("run");
    assert!(succeeded(&out));
    assert!(aws_calls(&s).iter().all(|c| changes_something(c)), "{:?}", aws_calls(&s));
}

#[test]
fn a_distribution_without_a_csp_is_not_the_stacks() {
    let s = fake_dist();
    let out = deploy_command(&s, &BASE_ARGS).env("FAKE_POLICY_ID", "None").env("FAKE_AWS_OK", "1").output().expect("run");
    assert_stopped_before_anything_changed(&s, &out, "no policy");
    assert!(stderr(&out).contains("has no response headers policy"), "{}", stderr(&out));
}
