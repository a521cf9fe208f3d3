//! The deployment kit without AWS: `deploy/deploy.sh` against a fake build (dry run, and a real run
//! with a fake `aws`), the config.json it writes, its argument checks; and, in `deploy/template.rs`,
//! the template's CSP and CloudFront Function.

// In tests/deploy/, not tests/: every file directly in tests/ is a test target of its own.
#[path = "deploy/template.rs"]
mod template;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use lisa_console::app_config::{self, AuthMode};
use serde_json::Value;

const IMMUTABLE: &str = "public,max-age=31536000,immutable";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("lisa-deploy-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }
    fn write(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The files of a release build, with Trunk's hashed names, built for `/admin/`.
const FAKE_DIST: [(&str, &str, &str); 7] = [
    ("boot-1111222233334444.js", IMMUTABLE, "text/javascript"),
    ("lisa-admin-0123456789abcdef.js", IMMUTABLE, "text/javascript"),
    ("lisa-admin-0123456789abcdef_bg.wasm", IMMUTABLE, "application/wasm"),
    ("main-fedcba9876543210.css", IMMUTABLE, "text/css"),
    ("favicon-aaaabbbbccccdddd.svg", IMMUTABLE, "image/svg+xml"),
    ("robots.txt", "no-cache", "text/plain; charset=utf-8"),
    ("config.json", "no-cache", "application/json"),
];

/// A fake build in `dist/` plus a fake `aws` in `bin/` that records each call's words (a dry run
/// must make none). It fails unless FAKE_AWS_OK is set, and fails calls containing FAKE_AWS_FAIL_ON.
fn fake_dist() -> Scratch {
    let s = Scratch::new();
    for (name, _, _) in FAKE_DIST {
        s.write(&format!("dist/{name}"), "x");
    }
    s.write("dist/config.json", r#"{"apiBaseUrl":"http://127.0.0.1:8090"}"#);
    s.write("dist/index.html", "<!DOCTYPE html><html><head><base href=\"/admin/\" /></head></html>");
    s.write(
        "bin/aws",
        "#!/bin/sh\nlog=\"$(dirname \"$0\")/aws-called\"\nfor a in \"$@\"; do printf '%s\\037' \"$a\"; done >> \"$log\"\n\
         echo >> \"$log\"\n[ -n \"$FAKE_AWS_OK\" ] || exit 97\n\
         case \"$*\" in *\"${FAKE_AWS_FAIL_ON:-(none)}\"*) exit 1 ;; esac\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(s.0.join("bin/aws"), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    s
}

const BASE_ARGS: [&str; 8] = [
    "--bucket", "lisa-admin-bucket", "--distribution-id", "E2EXAMPLE123",
    "--api-url", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/",
    "--serve-url", "https://serve.lisa.example.com",
];

/// deploy.sh on the fake build, with the fake `aws` first on PATH.
fn deploy_command(scratch: &Scratch, args: &[&str]) -> Command {
    let path = format!("{}:{}", scratch.0.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let mut command = Command::new(repo().join("deploy/deploy.sh"));
    command.args(["--skip-build", "--dist"]).arg(scratch.0.join("dist")).args(args).env("PATH", path);
    command
}

fn run_deploy(scratch: &Scratch, args: &[&str]) -> Output {
    let args: Vec<&str> = std::iter::once("--dry-run").chain(args.iter().copied()).collect();
    deploy_command(scratch, &args).output().expect("run deploy/deploy.sh")
}

/// The calls the fake `aws` received, each as its words.
fn aws_calls(scratch: &Scratch) -> Vec<Vec<String>> {
    let log = std::fs::read_to_string(scratch.0.join("bin/aws-called")).unwrap_or_default();
    log.lines().map(|l| l.split('\u{1f}').filter(|w| !w.is_empty()).map(str::to_string).collect()).collect()
}

/// A printed command split into words the way a shell would (the script quotes with '…', and
/// writes a quote inside a quoted word as '\'').
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut in_word) = (Vec::new(), String::new(), false, false);
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if !quoted => {
                word.extend(chars.next());
                in_word = true;
            }
            '\'' => {
                quoted = !quoted;
                in_word = true;
            }
            ' ' if !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                }
                in_word = false;
            }
            _ => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The `aws …` commands of a dry run, each as its words after `aws`.
fn aws_commands(out: &Output) -> Vec<Vec<String>> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("+ aws "))
        .map(shell_words)
        .collect()
}

fn option<'a>(words: &'a [String], name: &str) -> Option<&'a str> {
    let i = words.iter().position(|w| w == name)?;
    words.get(i + 1).map(String::as_str)
}

fn succeeded(out: &Output) -> bool {
    if !out.status.success() {
        eprintln!("stdout:\n{}\nstderr:\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }
    out.status.success()
}

#[test]
fn dry_run_uploads_every_file_with_its_headers_and_index_html_last() {
    let s = fake_dist();
    let out = run_deploy(&s, &BASE_ARGS);
    assert!(succeeded(&out));
    assert!(!s.0.join("bin/aws-called").exists(), "a dry run must not call the aws CLI");
    let commands = aws_commands(&out);
    let uploads: Vec<&Vec<String>> = commands.iter().filter(|c| c.starts_with(&["s3".into(), "cp".into()])).collect();

    let mut seen = BTreeMap::new();
    for (i, c) in uploads.iter().enumerate() {
        let source = c.get(2).expect("source");
        let name = source.rsplit('/').next().expect("name").to_string();
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
    assert_eq!(commands.len(), FAKE_DIST.len() + 2);
    for c in &commands {
        assert_eq!(&c[..4], ["--profile", "lisa admin's", "--region", "eu-west-1"], "{c:?}");
    }
}

fn generated_config(s: &Scratch) -> String {
    std::fs::read_to_string(s.0.join("dist/config.json")).expect("config.json")
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
    let out = run_deploy(&s, &args);
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
        (plain_http, "--serve-url \"http://serve.lisa.example.com\" must be https"),
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
