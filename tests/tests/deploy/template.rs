//! The template's parts that tests can check without AWS: the CSP and headers it sends, its
//! bucket and logging options, and its CloudFront Function, which must be
//! deploy/cloudfront-function.js verbatim and must route exactly like the local test server's
//! `is_asset_path` (run with `node`).

use std::process::Command;

use lisa_e2e::site::is_asset_path;
use serde_json::{json, Value};

use super::harness::{repo, Scratch};

fn template() -> String {
    std::fs::read_to_string(repo().join("deploy/cloudformation.yaml")).expect("template")
}

/// The CSP the browser tests run the app under (`STRICT_CSP` in tests/tests/e2e/hosting.rs), with
/// `{api}` the API origin.
fn csp_of_the_browser_tests() -> String {
    let source = std::fs::read_to_string(repo().join("tests/tests/e2e/hosting.rs")).expect("hosting.rs");
    let start = source.find("pub const STRICT_CSP: &str = \"").expect("STRICT_CSP") + "pub const STRICT_CSP: &str = \"".len();
    let literal = &source[start..start + source[start..].find("\";").expect("end of STRICT_CSP")];
    // A Rust string continued with a backslash at the end of a line skips the next line's indent.
    literal.split("\\\n").map(str::trim_start).collect()
}

/// The lines of the template from `key` on, up to the next line indented less than `key`'s
/// children (the block `key` opens).
fn block<'a>(template: &'a str, key: &str) -> Vec<&'a str> {
    let mut lines = template.lines().skip_while(|l| l.trim() != key && !l.trim().starts_with(&format!("{key} ")));
    let first = lines.next().unwrap_or_else(|| panic!("{key} not in the template"));
    let indent = first.len() - first.trim_start().len();
    std::iter::once(first)
        .chain(lines.take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent))
        .collect()
}

/// The CSP the template sends for these parameters (FrameAncestors 'none'): its `!Join` pieces,
/// evaluated with the conditions they use, whose definitions are checked here too.
pub fn template_csp(api_origin: &str, serve_origin: &str, extra_origins: &str) -> String {
    let template = template();
    let conditions = block(&template, "Conditions:").join("\n");
    for definition in [
        "ServeDiffersFromApi: !Not [!Equals [!Ref ServeOrigin, !Ref ApiOrigin]]",
        "HasExtraConnectOrigins: !Not [!Equals [!Ref ExtraConnectOrigins, \"\"]]",
    ] {
        assert!(conditions.contains(definition), "the template's Conditions lack {definition}");
    }
    let pieces = block(&template, "ContentSecurityPolicy: !Join");
    assert_eq!(pieces.get(1).map(|l| l.trim()), Some("- \"\""), "joined with no separator");
    pieces[2..]
        .iter()
        .map(|line| match line.trim().trim_start_matches("- ") {
            "!Ref ApiOrigin" => api_origin.to_string(),
            "!Ref FrameAncestors" => "'none'".to_string(),
            "!If [ServeDiffersFromApi, !Sub \" ${ServeOrigin}\", \"\"]" => {
                if serve_origin != api_origin { format!(" {serve_origin}") } else { String::new() }
            }
            "!If [HasExtraConnectOrigins, !Sub \" ${ExtraConnectOrigins}\", \"\"]" => {
                if extra_origins.is_empty() { String::new() } else { format!(" {extra_origins}") }
            }
            literal => match literal.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
                Some(text) => text.to_string(),
                None => panic!("a CSP piece this test does not know: {literal}"),
            },
        })
        .collect()
}

#[test]
fn template_csp_is_the_one_the_app_is_tested_under() {
    let api = "https://abc123.execute-api.us-east-1.amazonaws.com";
    assert_eq!(template_csp("{api}", "{api}", ""), csp_of_the_browser_tests());
    assert!(template_csp(api, api, "").contains("object-src 'none'"));
    assert_eq!(
        template_csp(api, "https://serve.example.com", "https://idp.example.com"),
        csp_of_the_browser_tests().replace("{api}", &format!("{api} https://serve.example.com https://idp.example.com"))
    );
}

#[test]
fn serve_origin_must_be_given_and_https() {
    // LISA Serve is a load balancer of its own: no default that quietly leaves it out of the CSP.
    let parameter = block(&template(), "ServeOrigin:").join("\n");
    assert!(!parameter.contains("Default:"), "ServeOrigin must have no default:\n{parameter}");
    assert!(parameter.contains("AllowedPattern: \"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?$\""), "{parameter}");
}

#[test]
fn responses_deny_device_permissions() {
    let template = template();
    let headers = block(&template, "CustomHeadersConfig:").join("\n");
    let at = headers.find("- Header: Permissions-Policy").expect("a Permissions-Policy header");
    let value = headers[at..].lines().nth(1).and_then(|l| l.trim().strip_prefix("Value: ")).expect("its value");
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"] {
        assert!(value.contains(&format!("\"{feature}=()")) || value.contains(&format!(" {feature}=()")), "{feature} not denied: {value}");
    }
    assert!(!value.contains("clipboard-write"), "the app copies model ids: {value}");
}

#[test]
fn bucket_versioning_and_access_logs_are_parameters() {
    let template = template();
    let bucket = block(&template, "Bucket:").join("\n");
    assert!(bucket.contains("VersioningConfiguration:\n        Status: !If [VersioningEnabled, Enabled, Suspended]"), "{bucket}");
    assert!(bucket.contains("NoncurrentVersionExpiration"), "old versions must expire: {bucket}");
    let distribution = block(&template, "Distribution:").join("\n");
    assert!(distribution.contains("Logging: !If\n          - HasAccessLogs"), "{distribution}");
    let conditions = block(&template, "Conditions:").join("\n");
    assert!(conditions.contains("VersioningEnabled: !Equals [!Ref BucketVersioning, Enabled]"));
    assert!(conditions.contains("HasAccessLogs: !Not [!Equals [!Ref AccessLogBucket, \"\"]]"));
}

fn function_file() -> String {
    std::fs::read_to_string(repo().join("deploy/cloudfront-function.js")).expect("deploy/cloudfront-function.js")
}

/// The literal block after `FunctionCode: !Sub |` in the template, de-indented.
fn function_in_template() -> String {
    let template = std::fs::read_to_string(repo().join("deploy/cloudformation.yaml")).expect("template");
    let mut lines = template.lines().skip_while(|l| l.trim() != "FunctionCode: !Sub |").skip(1).peekable();
    let indent = lines.peek().map(|l| l.len() - l.trim_start().len()).expect("a FunctionCode block");
    let mut block: Vec<&str> = Vec::new();
    for line in lines {
        if !line.trim().is_empty() && line.len() - line.trim_start().len() < indent {
            break;
        }
        block.push(line.get(indent..).unwrap_or(""));
    }
    while block.last() == Some(&"") {
        block.pop();
    }
    block.join("\n") + "\n"
}

#[test]
fn template_inlines_the_function_file_verbatim() {
    let file = function_file();
    assert_eq!(function_in_template(), file, "deploy/cloudformation.yaml's FunctionCode differs from deploy/cloudfront-function.js");
    // !Sub would substitute (or reject) any other ${…} in the code.
    assert_eq!(file.matches("${").count(), 1);
    assert!(file.contains("var SUB_PATH = '${SubPath}';"));
}

/// Runs the function (with `${SubPath}` filled in as CloudFormation does) on each request.
fn run_function(sub_path: &str, requests: &Value) -> Vec<Value> {
    let s = Scratch::new();
    s.write("function.js", function_file().replace("${SubPath}", sub_path));
    s.write(
        "run.js",
        r#"const fs = require('fs'), vm = require('vm');
const handler = vm.runInNewContext(fs.readFileSync(process.argv[2], 'utf8') + '\n;handler');
const out = JSON.parse(fs.readFileSync(0, 'utf8')).map((r) => {
  const request = { method: 'GET', uri: r.uri, querystring: r.querystring || {}, headers: {}, cookies: {} };
  if (r.raw !== undefined) request.rawQueryString = () => r.raw;
  const result = handler({ version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '127.0.0.1' }, request });
  return result.statusCode ? { status: result.statusCode, location: result.headers.location.value } : { uri: result.uri };
});
process.stdout.write(JSON.stringify(out));
"#,
    );
    s.write("requests.json", requests.to_string());
    let out = Command::new("node")
        .arg(s.0.join("run.js"))
        .arg(s.0.join("function.js"))
        .stdin(std::fs::File::open(s.0.join("requests.json")).expect("requests"))
        .output()
        .expect("node must be installed to test the CloudFront Function");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("node output")
}

/// Files the build writes: index.html, config.json, and top-level hashed names (Trunk's unpadded
/// hashes have 14 or 15 digits now and then; minify-dist.mjs writes 16).
const ASSETS: [&str; 11] = [
    "index.html", "config.json", "boot-1111222233334444.js", "lisa-admin-0123456789abcdef.js",
    "lisa-admin-0123456789abcdef_bg.wasm", "lisa-admin-create-5e1c0ffee0ddba11_bg.wasm",
    "main-fedcba9876543210.css", "catalogue-b56f7207cbebce.css", "forms-b56f7207cbebce1.css",
    "favicon-aaaabbbbccccdddd.svg", "x-0.js",
];

/// App routes, among them deep links whose last segment looks like a file (model ids, user ids
/// with dots), and names that only resemble the build's.
const ROUTES: [&str; 35] = [
    "", "models", "models/", "models/new", "models/my-model", "models/my.model.v2/edit",
    "models/my-model.json", "models/llama.js", "models/llama.js/edit", "models/x.com",
    "metrics", "metrics/users/john.doe@company.com", "metrics/users/bob@corp.map",
    "metrics/users/a.b.json", "metrics/users/alice%40example.org", "metrics/users/main-fedcba9876543210.css",
    "snippets/lisa-admin-0123456789abcdef/inline0.js", "x.mjs", "x.png", "robots.txt", "favicon.svg",
    "app.webmanifest", ".json", ".hidden", "file.", "a..js", "INDEX.HTML", "x.zip", "x.js/", "x.js/more",
    "deep/a/b/c", "boot-11112222333344445.js", "boot-ABCDEF.js", "-0123.js", "boot-0123.",
];

#[test]
fn function_sends_only_built_files_to_s3_and_every_app_route_to_index_html() {
    for rel in ASSETS {
        assert!(is_asset_path(rel), "{rel} is a file the build writes");
    }
    for rel in ROUTES {
        assert!(!is_asset_path(rel), "{rel} is an app route");
    }
    let paths: Vec<&str> = ASSETS.iter().chain(ROUTES.iter()).copied().collect();
    for sub_path in ["/admin", "/tools/lisa-admin"] {
        let requests: Vec<Value> = paths.iter().map(|p| json!({ "uri": format!("{sub_path}/{p}") })).collect();
        let results = run_function(sub_path, &Value::Array(requests));
        assert_eq!(results.len(), paths.len());
        for (rel, result) in paths.iter().zip(&results) {
            let uri = format!("{sub_path}/{rel}");
            let expected = if is_asset_path(rel) { uri.clone() } else { format!("{sub_path}/index.html") };
            assert_eq!(result, &json!({ "uri": expected }), "{uri}: the function disagrees with is_asset_path");
        }
    }
}

#[test]
fn function_redirects_the_bare_sub_path_and_leaves_other_paths_alone() {
    let requests = json!([
        { "uri": "/admin" },
        { "uri": "/" },
        { "uri": "/admin", "querystring": { "code": { "value": "abc" }, "state": { "value": "x%20y" } } },
        { "uri": "/admin", "raw": "code=abc&state=x%20y" },
        { "uri": "/administrator/models" },
        { "uri": "/other/john.doe@company.com" },
    ]);
    let results = run_function("/admin", &requests);
    assert_eq!(
        results,
        [
            json!({ "status": 302, "location": "/admin/" }),
            json!({ "status": 302, "location": "/admin/" }),
            json!({ "status": 302, "location": "/admin/?code=abc&state=x%20y" }),
            json!({ "status": 302, "location": "/admin/?code=abc&state=x%20y" }),
            json!({ "uri": "/administrator/models" }),
            json!({ "uri": "/other/john.doe@company.com" }),
        ]
    );
}
