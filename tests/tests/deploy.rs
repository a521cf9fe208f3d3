//! The deployment kit without AWS: `deploy/deploy.sh` against a fake build (dry run, and a real run
//! with a fake `aws`), the config.json it writes, its argument checks; in `deploy/csp.rs`, its check
//! of the distribution's CSP; in `deploy/template.rs`, the template's CSP, headers and CloudFront
//! Function; in `deploy/minify.rs`, how scripts/minify-dist.mjs names the files it ships.

// In tests/deploy/, not tests/: every file directly in tests/ is a test target of its own.
#[path = "deploy/csp.rs"]
mod csp;
#[path = "deploy/harness.rs"]
mod harness;
#[path = "deploy/minify.rs"]
mod minify;
#[path = "deploy/template.rs"]
mod template;

use std::collections::BTreeMap;

use harness::*;
use lisa_console::app_config::{self, AuthMode};
use serde_json::Value;

#[test]
fn dry_run_uploads_every_file_with_its_headers_and_index_html_last() {
    let s = fake_dist();
    let out = run_deploy(&s, &BASE_ARGS);
    assert!(succeeded(&out));
    let calls = aws_calls(&s);
    assert_eq!(calls.len(), 2, "a dry run calls the aws CLI only for the CSP check: {calls:?}");
    assert!(!calls.iter().any(|c| changes_something(c)), "a dry run changed something: {calls:?}");
    let commands = aws_commands(&out);
    let uploads: Vec<&Vec<String>> = commands.iter().filter(|c| c.starts_with(&["s3".into(), "cp".into()])).collect();

    let dist = format!("{}/", s.0.join("dist").display());
    let mut seen = BTreeMap::new();
    for (i, c) in uploads.iter().enumerate() {
        let source = c.get(2).expect("source");
        let name = source.strip_prefix(&dist).expect("a file of the build").to_string();
        assert_eq!(c.get(3).map(String::as_str), Some(format!("s3://lisa-admin-bucket/admin/{name}").as_str()), "{c:?}");
        let headers = (option(c, "--cache-control").map(str::to_string), option(c, "--content-type").map(str::to_string));
        assert!(seen.insert(name, (i, headers)).is_none(), "uploaded twice: {c:?}");
    }
    let mut expected: Vec<(&str, &str, &str)> = FAKE_DIST.to_vec();
    expected.push(("index.html", "no-cache", "text/html; charset=utf-8"));
    assert_eq!(seen.len(), expected.len(), "uploads: {uploads:?}");
    for (name, cache, content_type) in expected {
        let (_, headers) = seen.get(name).unwrap_or_else(|| panic!("{name} not uploaded"));
        assert_eq!(headers, &(Some(cache.to_string()), Some(content_type.to_string())), "{name}");
    }
    assert_eq!(seen["index.html"].0, uploads.len() - 1, "index.html must be uploaded last");
    // What is cached for a year is exactly what the CloudFront Function serves as a file.
    for (name, cache, _) in FAKE_DIST.iter().filter(|(name, _, _)| *name != "config.json") {
        assert_eq!(*cache == IMMUTABLE, lisa_e2e::site::is_asset_path(name), "{name}");
    }

    let last = commands.last().expect("commands");
    assert_eq!(&last[..2], ["cloudfront", "create-invalidation"], "the invalidation comes after every upload");
}

#[test]
fn real_run_makes_the_printed_calls_and_stops_at_the_first_failure() {
    let s = fake_dist();
    let out = deploy_command(&s, &BASE_ARGS).env("FAKE_AWS_OK", "1").output().expect("run");
    assert!(succeeded(&out));
    assert_eq!(aws_calls(&s), aws_commands(&out), "the printed commands are the ones run");

    let s = fake_dist();
    let out = deploy_command(&s, &BASE_ARGS)
        .env("FAKE_AWS_OK", "1")
        .env("FAKE_AWS_FAIL_ON", "main-fedcba9876543210.css")
        .output()
        .expect("run");
    assert!(!out.status.success(), "a failed upload must fail the deployment");
    let calls = aws_calls(&s);
    assert!(calls.last().is_some_and(|c| c.iter().any(|w| w.ends_with(".css"))), "{calls:?}");
    assert!(!calls.iter().flatten().any(|w| w.ends_with("index.html")), "index.html uploaded after a failure: {calls:?}");
}

#[test]
fn dry_run_invalidates_index_html_config_json_and_the_sub_path() {
    let s = fake_dist();
    let out = run_deploy(&s, &BASE_ARGS);
    assert!(succeeded(&out));
    let commands = aws_commands(&out);
    let invalidations: Vec<_> = commands.iter().filter(|c| c.get(1).map(String::as_str) == Some("create-invalidation")).collect();
    assert_eq!(invalidations.len(), 1, "{commands:?}");
    let inv = invalidations[0];
    assert_eq!(option(inv, "--distribution-id"), Some("E2EXAMPLE123"));
    let paths_at = inv.iter().position(|w| w == "--paths").expect("--paths");
    let paths: Vec<&str> = inv[paths_at + 1..].iter().map(String::as_str).collect();
    for wanted in ["/admin/index.html", "/admin/config.json", "/admin/"] {
        assert!(paths.contains(&wanted), "{wanted} not invalidated: {paths:?}");
    }
}

#[test]
fn dry_run_passes_region_and_profile_to_every_command() {
    let s = fake_dist();
    let mut args = BASE_ARGS.to_vec();
    args.extend(["--region", "eu-west-1", "--profile", "lisa admin's"]);
    let out = run_deploy(&s, &args);
    assert!(succeeded(&out));
    let commands = aws_commands(&out);
    // Two reads (the CSP check), every file, index.html, the invalidation.
    assert_eq!(commands.len(), 2 + FAKE_DIST.len() + 2);
    for c in &commands {
        assert_eq!(&c[..4], ["--profile", "lisa admin's", "--region", "eu-west-1"], "{c:?}");
    }
}

#[test]
fn generated_config_json_is_what_the_app_accepts() {
    let s = fake_dist();
    let out = run_deploy(&s, &BASE_ARGS);
    assert!(succeeded(&out));
    let text = generated_config(&s);
    let value: Value = serde_json::from_str(&text).expect("config.json is valid JSON");
    assert_eq!(value["apiBaseUrl"], "https://abc123.execute-api.us-east-1.amazonaws.com/prod");
    assert_eq!(value["serveBaseUrl"], "https://serve.lisa.example.com");
    let config = app_config::parse(&text).unwrap_or_else(|e| panic!("the app rejects it: {e:?}\n{text}"));
    assert_eq!(config.api_base_url, "https://abc123.execute-api.us-east-1.amazonaws.com/prod");
    assert_eq!(config.serve_base_url, "https://serve.lisa.example.com");
    assert_eq!(config.auth_mode, AuthMode::Token);
    assert!(!config.embed && !config.reuse_lisa_session);
}

#[test]
fn oidc_embed_and_tuning_flags_reach_config_json_escaped() {
    let s = fake_dist();
    let mut args = BASE_ARGS.to_vec();
    args.extend([
        "--auth", "oidc",
        "--oidc-authority", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/",
        "--oidc-client-id", r#"client"with\odd"#,
        "--oidc-scopes", "openid profile email",
        "--oidc-groups-claim", "cognito:groups",
        "--oidc-admin-group", "LISA Admins",
        "--reuse-lisa-session",
        "--embed",
        "--embed-parent-origin", "https://lisa.example.com",
        "--embed-parent-origin", "https://lisa2.example.com:8443/",
        "--request-timeout-ms", "20000",
        "--read-retries", "3",
        "--poll-interval-ms", "5000",
    ]);
    // The identity provider's origin in the CSP, or the CSP check stops the deployment.
    let csp = template::template_csp(API_ORIGIN, SERVE_ORIGIN, "https://cognito-idp.us-east-1.amazonaws.com");
    let out = deploy_command(&s, &[&["--dry-run"], &args[..]].concat()).env("FAKE_CSP", csp).output().expect("run");
    assert!(succeeded(&out));
    let text = generated_config(&s);
    let config = app_config::parse(&text).unwrap_or_else(|e| panic!("the app rejects it: {e:?}\n{text}"));
    assert_eq!(config.auth_mode, AuthMode::Oidc);
    let oidc = config.oidc.expect("oidc");
    assert_eq!(oidc.authority, "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC");
    assert_eq!(oidc.client_id, r#"client"with\odd"#);
    assert_eq!(oidc.scopes, "openid profile email");
    assert_eq!(oidc.groups_claim, "cognito:groups");
    assert_eq!(oidc.admin_group, "LISA Admins");
    assert!(config.reuse_lisa_session && config.embed);
    assert_eq!(config.embed_parent_origins, ["https://lisa.example.com", "https://lisa2.example.com:8443"]);
    assert_eq!((config.request_timeout_ms, config.read_retries, config.poll_interval_ms), (20_000, 3, 5_000));
}

#[test]
fn bad_arguments_fail_with_a_clear_message() {
    let without_bucket: Vec<&str> = BASE_ARGS[2..].to_vec();
    let with = |extra: &[&'static str]| {
        let mut a = BASE_ARGS.to_vec();
        a.extend_from_slice(extra);
        a
    };
    let mut not_a_url = BASE_ARGS.to_vec();
    not_a_url[5] = "abc123.execute-api.us-east-1.amazonaws.com";
    let mut plain_http = BASE_ARGS.to_vec();
    plain_http[7] = "http://serve.lisa.example.com";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (without_bucket, "--bucket is required"),
        (not_a_url, "--api-url \"abc123.execute-api.us-east-1.amazonaws.com\" is not an https URL"),
        (plain_http.clone(), "--serve-url \"http://serve.lisa.example.com\" must be https"),
        (plain_http, "LISA Serve is its own load balancer, plain HTTP unless"),
        (BASE_ARGS[..6].to_vec(), "--serve-url is required"),
        (with(&["--auth", "oidc"]), "--auth oidc needs --oidc-authority"),
        (with(&["--reuse-lisa-session", "--oidc-authority", "https://idp.example.com"]), "--reuse-lisa-session needs --oidc-client-id"),
        (with(&["--embed-parent-origin", "https://lisa.example.com/app"]), "is not an origin"),
        (with(&["--read-retries", "7"]), "--read-retries must be a whole number from 0 to 3"),
        (with(&["--sub-path", "/console"]), "was built for the sub-path \"/admin/\", not \"/console/\""),
        (with(&["--bucket"]), "--bucket needs a value"),
        (with(&["--no-such-flag"]), "unknown option \"--no-such-flag\""),
    ];
    for (args, message) in cases {
        let s = fake_dist();
        let out = run_deploy(&s, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(stderr.contains(message), "{args:?}: expected {message:?} in:\n{stderr}");
        assert!(aws_commands(&out).is_empty(), "{args:?} printed commands before failing");
        assert!(generated_config(&s).contains("127.0.0.1"), "{args:?} rewrote config.json before failing");
    }
}
