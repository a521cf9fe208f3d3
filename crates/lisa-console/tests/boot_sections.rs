//! `public/boot.js` picks the bundle for the address before any wasm runs, so it has its own
//! copy of `lisa_console::sections`. This runs boot.js's copy in node on every example path and
//! checks it gives the bundle the Rust rule gives, and that the two tables are the same.

use std::path::PathBuf;
use std::process::Command;

use lisa_console::sections::{section_of, EXAMPLES, ROUTES};
use serde_json::{json, Value};

const START: &str = "// section rule:";
const END: &str = "// end of the section rule";

fn boot_js() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/boot.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The block between the markers: the table and the two functions, nothing that needs a page.
fn section_rule(source: &str) -> &str {
    let start = source.find(START).expect("boot.js has no '// section rule:' marker");
    let end = source.find(END).expect("boot.js has no '// end of the section rule' marker");
    &source[start..end]
}

fn node(script: &str) -> String {
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .output()
        .expect("node is needed for this test (scripts/setup.sh installs it with npm)");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn boot_js_table_is_the_rust_table() {
    let script = format!("{}\nprocess.stdout.write(JSON.stringify(SECTION_ROUTES));", section_rule(&boot_js()));
    let table: Value = serde_json::from_str(&node(&script)).expect("SECTION_ROUTES is JSON");
    let rust: Vec<Value> = ROUTES.iter().map(|(pattern, section)| json!([pattern, section.as_str()])).collect();
    assert_eq!(table, Value::Array(rust));
}

#[test]
fn boot_js_sends_every_path_to_the_bundle_rust_says() {
    let mut paths: Vec<String> = EXAMPLES.iter().map(|(p, _)| p.to_string()).collect();
    // Unknown and odd paths too: near misses of every rule.
    for (pattern, _) in ROUTES {
        let concrete = pattern.replace("**", "x/y").replace('*', "id");
        paths.push(format!("/{concrete}"));
        paths.push(format!("/{concrete}/extra"));
        paths.push(format!("/{}", concrete.trim_end_matches(|c| c != '/').trim_end_matches('/')));
        paths.push(format!("/x/{concrete}"));
    }
    let script = format!(
        "{}\nprocess.stdout.write(JSON.stringify({}.map(sectionOf)));",
        section_rule(&boot_js()),
        json!(paths)
    );
    let sections: Vec<String> = serde_json::from_str(&node(&script)).expect("a JSON list");
    assert_eq!(sections.len(), paths.len());
    for (path, js) in paths.iter().zip(&sections) {
        assert_eq!(js, section_of(path).as_str(), "boot.js and lisa_console::sections disagree on {path:?}");
    }
    for (path, section) in EXAMPLES {
        assert_eq!(section_of(path), *section, "{path}");
    }
}
