//! What the deploy tests share: scratch directories, a fake build with a fake `aws` and `curl`,
//! running deploy.sh, and reading back the commands it printed and made.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const IMMUTABLE: &str = "public,max-age=31536000,immutable";

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A scratch directory removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("lisa-deploy-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
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

/// The files of a release build, built for `/admin/`, with the Cache-Control and Content-Type
/// deploy.sh must give them. Trunk writes its hashes as an unpadded u64: 14 and 15 digits happen.
pub const FAKE_DIST: [(&str, &str, &str); 11] = [
    ("boot-1111222233334444.js", IMMUTABLE, "text/javascript"),
    ("lisa-admin-0123456789abcdef.js", IMMUTABLE, "text/javascript"),
    ("lisa-admin-0123456789abcdef_bg.wasm", IMMUTABLE, "application/wasm"),
    ("lisa-admin-create-5e1c0ffee0ddba11.js", IMMUTABLE, "text/javascript"),
    ("main-fedcba9876543210.css", IMMUTABLE, "text/css"),
    ("catalogue-b56f7207cbebce.css", IMMUTABLE, "text/css"),
    ("forms-b56f7207cbebce1.css", IMMUTABLE, "text/css"),
    ("favicon-aaaabbbbccccdddd.svg", IMMUTABLE, "image/svg+xml"),
    // 17 digits is no hash the build writes; a file in a folder is no top-level asset.
    ("big-0123456789abcdef0.js", "no-cache", "text/javascript"),
    ("extra/lisa-admin-0123456789abcdef.js", "no-cache", "text/javascript"),
    ("config.json", "no-cache", "application/json"),
];

pub const API_ORIGIN: &str = "https://abc123.execute-api.us-east-1.amazonaws.com";
pub const SERVE_ORIGIN: &str = "https://serve.lisa.example.com";

pub const BASE_ARGS: [&str; 8] = [
    "--bucket", "lisa-admin-bucket", "--distribution-id", "E2EXAMPLE123",
    "--api-url", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/",
    "--serve-url", "https://serve.lisa.example.com",
];

/// A fake build in `dist/`, plus in `bin/` a fake `aws` and a fake `curl` that record each call's
/// words (in `aws-called`, `curl-called`).
/// - `aws` answers the CSP check's two reads with FAKE_POLICY_ID (default `rhp-1`) and FAKE_CSP,
///   and fails them when FAKE_CSP is unset (as without credentials). Other calls fail unless
///   FAKE_AWS_OK is set, and fail when they contain FAKE_AWS_FAIL_ON.
/// - `curl` prints FAKE_DISCOVERY (an OIDC discovery document) or fails when it is unset.
pub fn fake_dist() -> Scratch {
    let s = Scratch::new();
    for (name, _, _) in FAKE_DIST {
        s.write(&format!("dist/{name}"), "x");
    }
    s.write("dist/config.json", r#"{"apiBaseUrl":"http://127.0.0.1:8090"}"#);
    s.write("dist/index.html", "<!DOCTYPE html><html><head><base href=\"/admin/\" /></head></html>");
    let record = "for a in \"$@\"; do printf '%s\\037' \"$a\"; done >> \"$log\"\necho >> \"$log\"\n";
    s.write(
        "bin/aws",
        format!(
            "#!/bin/sh\nlog=\"$(dirname \"$0\")/aws-called\"\n{record}\
             case \"$*\" in\n\
             *get-distribution-config*) [ -n \"$FAKE_CSP\" ] || exit 254; echo \"${{FAKE_POLICY_ID:-rhp-1}}\"; exit 0 ;;\n\
             *get-response-headers-policy*) [ -n \"$FAKE_CSP\" ] || exit 254; printf '%s\\n' \"$FAKE_CSP\"; exit 0 ;;\n\
             esac\n\
             [ -n \"$FAKE_AWS_OK\" ] || exit 97\n\
             case \"$*\" in *\"${{FAKE_AWS_FAIL_ON:-(none)}}\"*) exit 1 ;; esac\n"
        ),
    );
    s.write(
        "bin/curl",
        format!("#!/bin/sh\nlog=\"$(dirname \"$0\")/curl-called\"\n{record}[ -n \"$FAKE_DISCOVERY\" ] || exit 7\nprintf '%s' \"$FAKE_DISCOVERY\"\n"),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for tool in ["bin/aws", "bin/curl"] {
            std::fs::set_permissions(s.0.join(tool), std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
    }
    s
}

/// The CSP the stack sends for BASE_ARGS' API and Serve origins (and no others).
pub fn matching_csp() -> String {
    super::template::template_csp(API_ORIGIN, SERVE_ORIGIN, "")
}

/// deploy.sh on the fake build, with the fake tools first on PATH and the fake distribution
/// sending `matching_csp()`.
pub fn deploy_command(scratch: &Scratch, args: &[&str]) -> Command {
    let path = format!("{}:{}", scratch.0.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let mut command = Command::new(repo().join("deploy/deploy.sh"));
    command
        .args(["--skip-build", "--dist"])
        .arg(scratch.0.join("dist"))
        .args(args)
        .env("PATH", path)
        .env("FAKE_CSP", matching_csp())
        .env_remove("FAKE_AWS_OK")
        .env_remove("FAKE_DISCOVERY");
    command
}

pub fn run_deploy(scratch: &Scratch, args: &[&str]) -> Output {
    let args: Vec<&str> = std::iter::once("--dry-run").chain(args.iter().copied()).collect();
    deploy_command(scratch, &args).output().expect("run deploy/deploy.sh")
}

fn calls(scratch: &Scratch, log: &str) -> Vec<Vec<String>> {
    let log = std::fs::read_to_string(scratch.0.join("bin").join(log)).unwrap_or_default();
    log.lines().map(|l| l.split('\u{1f}').filter(|w| !w.is_empty()).map(str::to_string).collect()).collect()
}

/// The calls the fake `aws` received, each as its words.
pub fn aws_calls(scratch: &Scratch) -> Vec<Vec<String>> {
    calls(scratch, "aws-called")
}

/// The calls the fake `curl` received, each as its words.
pub fn curl_calls(scratch: &Scratch) -> Vec<Vec<String>> {
    calls(scratch, "curl-called")
}

/// A printed command split into words the way a shell would (the script quotes with '…', and
/// writes a quote inside a quoted word as '\'').
pub fn shell_words(line: &str) -> Vec<String> {
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

/// The `aws …` commands the script printed, each as its words after `aws`.
pub fn aws_commands(out: &Output) -> Vec<Vec<String>> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("+ aws "))
        .map(shell_words)
        .collect()
}

/// Whether a command changes something (an upload or an invalidation), unlike the CSP check's reads.
pub fn changes_something(command: &[String]) -> bool {
    command.iter().any(|w| w == "cp" || w == "create-invalidation")
}

pub fn option<'a>(words: &'a [String], name: &str) -> Option<&'a str> {
    let i = words.iter().position(|w| w == name)?;
    words.get(i + 1).map(String::as_str)
}

pub fn succeeded(out: &Output) -> bool {
    if !out.status.success() {
        eprintln!("stdout:\n{}\nstderr:\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }
    out.status.success()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn generated_config(s: &Scratch) -> String {
    std::fs::read_to_string(s.0.join("dist/config.json")).expect("config.json")
}
