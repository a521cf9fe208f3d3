//! scripts/minify-dist.mjs names every hashed file by the bytes it ships: run on a small fake
//! build (Trunk's names and stale SRI values, a glue file that names its wasm), with the minifier
//! options varied through the script's test-only environment variables.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use lisa_e2e::site::is_asset_path;
use serde_json::Value;

use super::harness::{repo, Scratch};

const INDEX: &str = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <!-- Trunk writes the public URL here. -->
    <base href="/admin/" />
    <link rel="stylesheet" href="/admin/main-b56f7207cbebce.css" integrity="{sri:main-b56f7207cbebce.css}"/>
    <link rel="stylesheet" href="/admin/forms-0123456789abcde.css" integrity="{sri:forms-0123456789abcde.css}"/>
    <link rel="icon" href="/admin/favicon-aaaabbbbccccdddd.svg" integrity="{sri:favicon-aaaabbbbccccdddd.svg}"/>
    <meta name="lisa-bundle" data-section="catalogue" data-js="/admin/lisa-admin-1234abcd.js" data-wasm="/admin/lisa-admin-1234abcd_bg.wasm" /><meta name="lisa-bundle" data-section="create" data-js="/admin/lisa-admin-create-0123456789abcdef.js" data-wasm="/admin/lisa-admin-create-0123456789abcdef_bg.wasm" />
    <script type="module" integrity="{sri:boot-1111222233334444.js}" src="/admin/boot-1111222233334444.js"></script>
  </head>
  <body></body>
</html>
"#;

/// A glue module that names its wasm file, as wasm-bindgen's default path does.
const GLUE: &str = "// wasm-bindgen glue\nexport default async function init(options) {\n  \
    const fallback = new URL('lisa-admin-1234abcd_bg.wasm', import.meta.url);\n  \
    const source = options && options.module_or_path ? options.module_or_path : fallback;\n  \
    return WebAssembly.instantiateStreaming(fetch(source), {});\n}\n";
const BOOT: &str = "// boot\nconst meta = document.querySelector('meta[name=\"lisa-bundle\"]');\n\
    import(meta.dataset.js).then((module) => module.default({ module_or_path: meta.dataset.wasm }));\n";
/// Two rules csso merges only when restructuring.
const MAIN_CSS: &str = "/* main */\n.a {\n  color: red;\n}\n.b {\n  color: red;\n}\n";
/// One rule: restructuring changes nothing.
const FORMS_CSS: &str = "/* forms */\n.x {\n  margin: 0px;\n}\n";

/// Trunk's output: names and SRI values from the bytes before minification.
fn fake_trunk_dist(dir: &Scratch) {
    let files: [(&str, &[u8]); 9] = [
        ("config.json", br#"{"apiBaseUrl":"http://127.0.0.1:8090"}"#),
        ("main-b56f7207cbebce.css", MAIN_CSS.as_bytes()),
        ("forms-0123456789abcde.css", FORMS_CSS.as_bytes()),
        ("favicon-aaaabbbbccccdddd.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("lisa-admin-1234abcd.js", GLUE.as_bytes()),
        ("lisa-admin-1234abcd_bg.wasm", b"\0asm\x01\0\0\0catalogue"),
        ("lisa-admin-create-0123456789abcdef.js", b"export default async function init(options) {\n  return options;\n}\n"),
        ("lisa-admin-create-0123456789abcdef_bg.wasm", b"\0asm\x01\0\0\0create"),
        ("boot-1111222233334444.js", BOOT.as_bytes()),
    ];
    for (name, bytes) in files {
        dir.write(&format!("dist/{name}"), bytes);
    }
    let digests = digests(&dir.0.join("dist"));
    let mut index = INDEX.to_string();
    for (name, _) in files {
        index = index.replace(&format!("{{sri:{name}}}"), &format!("sha384-{}", digests[name]["sha384"].as_str().expect("sha384")));
    }
    assert!(!index.contains("{sri:"), "{index}");
    dir.write("dist/index.html", index);
}

/// Runs the minify step on a fresh fake build with these environment variables; returns the build
/// directory's owner and the renaming, Trunk's name → shipped name (by the file's role).
fn minify(env: &[(&str, &str)]) -> (Scratch, BTreeMap<&'static str, String>) {
    assert!(repo().join("node_modules/terser").is_dir(), "terser is missing: run `make setup`");
    let s = Scratch::new();
    fake_trunk_dist(&s);
    let mut command = Command::new("node");
    command.arg(repo().join("scripts/minify-dist.mjs")).arg(s.0.join("dist")).current_dir(repo());
    command.env_remove("MINIFY_DIST_TERSER_OPTIONS").env_remove("MINIFY_DIST_CSSO_OPTIONS");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("node must be installed");
    assert!(out.status.success(), "minify-dist failed: {}", String::from_utf8_lossy(&out.stderr));
    let names = files(&s.0.join("dist"));
    let role = |prefix: &str, suffix: &str| -> String {
        let found: Vec<&String> = names.iter().filter(|n| is_role(n, prefix, suffix)).collect();
        assert_eq!(found.len(), 1, "one {prefix}*{suffix} in {names:?}");
        found[0].clone()
    };
    let roles = BTreeMap::from([
        ("main css", role("main-", ".css")),
        ("forms css", role("forms-", ".css")),
        ("favicon", role("favicon-", ".svg")),
        ("glue", role("lisa-admin-", ".js")),
        ("wasm", role("lisa-admin-", "_bg.wasm")),
        ("create glue", role("lisa-admin-create-", ".js")),
        ("create wasm", role("lisa-admin-create-", "_bg.wasm")),
        ("boot", role("boot-", ".js")),
    ]);
    assert_eq!(names.len(), roles.len() + 2, "only the renamed files, index.html and config.json: {names:?}");
    (s, roles)
}

/// `<prefix><hash><suffix>` with nothing but the hash between them.
fn is_role(name: &str, prefix: &str, suffix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir).expect("dist").flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
}

/// SHA-256 (hex) and SHA-384 (base64) of every file in `dir`, computed by node.
fn digests(dir: &Path) -> Value {
    let script = "const {createHash} = require('crypto'), fs = require('fs'), path = require('path');\n\
        const out = {};\n\
        for (const n of fs.readdirSync(process.argv[1])) {\n\
          const b = fs.readFileSync(path.join(process.argv[1], n));\n\
          out[n] = { sha256: createHash('sha256').update(b).digest('hex'), sha384: createHash('sha384').update(b).digest('base64') };\n\
        }\n\
        console.log(JSON.stringify(out));";
    let out = Command::new("node").args(["-e", script]).arg(dir).output().expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("digests")
}

/// Everything that must hold after any run: names carry the SHA-256 of the shipped bytes (16 hex
/// digits), index.html names only those files with matching SRI, the glue names its wasm's new
/// name, and the routing rule counts every file as one.
fn assert_consistent(s: &Scratch, roles: &BTreeMap<&str, String>) {
    let dist = s.0.join("dist");
    let digests = digests(&dist);
    for name in roles.values() {
        let hash = name.rsplit_once('-').map(|(_, h)| h.split(['.', '_']).next().unwrap_or("")).unwrap_or("");
        let sha256 = digests[name.as_str()]["sha256"].as_str().expect("sha256");
        assert_eq!(hash, &sha256[..16], "{name} must carry the first 16 hex digits of its SHA-256");
    }
    for name in files(&dist) {
        assert!(is_asset_path(&name), "{name} would not be served as a file");
    }

    let index = std::fs::read_to_string(dist.join("index.html")).expect("index.html");
    assert!(!index.contains("<!--"), "comments stay in index.html");
    for stale in ["b56f7207cbebce", "0123456789abcde", "aaaabbbbccccdddd", "1234abcd", "1111222233334444"] {
        assert!(!index.contains(stale), "index.html still names {stale}:\n{index}");
    }
    let referenced: Vec<&str> = index
        .split(['"'])
        .filter_map(|v| v.strip_prefix("/admin/"))
        .filter(|v| !v.is_empty())
        .collect();
    for role in roles.keys() {
        assert!(referenced.contains(&roles[role].as_str()), "index.html does not name the {role} {}", roles[role]);
    }
    for file in &referenced {
        assert!(dist.join(file).is_file(), "index.html names {file}, which is not in the build");
    }
    let integrity = |file: &str| format!("sha384-{}", digests[file]["sha384"].as_str().expect("sha384"));
    for role in ["main css", "forms css", "favicon", "boot"] {
        let file = &roles[role];
        let tag = index.lines().find(|l| l.contains(file.as_str())).expect("its tag");
        assert!(tag.contains(&format!("integrity=\"{}\"", integrity(file))), "stale SRI for the {role}: {tag}");
    }

    let glue = std::fs::read_to_string(dist.join(&roles["glue"])).expect("glue");
    assert!(glue.contains(&format!("'{}'", roles["wasm"])) || glue.contains(&format!("\"{}\"", roles["wasm"])), "{glue}");
    assert!(!glue.contains("1234abcd_bg"), "{glue}");
}

#[test]
fn shipped_files_are_named_by_their_final_bytes() {
    let (first, names) = minify(&[]);
    assert_consistent(&first, &names);
    // The same input gives the same bytes, so the same names.
    let (again, same) = minify(&[]);
    assert_eq!(names, same);
    for name in names.values() {
        assert_eq!(std::fs::read(first.0.join("dist").join(name)).ok(), std::fs::read(again.0.join("dist").join(name)).ok(), "{name}");
    }

    // terser writes other bytes (as after an upgrade): every JS file gets a new name, the rest keep theirs.
    let (s, terser) = minify(&[("MINIFY_DIST_TERSER_OPTIONS", r#"{"format":{"preamble":"/* other terser */"}}"#)]);
    assert_consistent(&s, &terser);
    for (role, name) in &names {
        let js = name.ends_with(".js");
        assert_eq!(terser[role] != *name, js, "{role}: {name} → {}", terser[role]);
    }

    // csso restructures: main.css changes, forms.css (one rule) does not.
    let (s, csso) = minify(&[("MINIFY_DIST_CSSO_OPTIONS", r#"{"restructure":true}"#)]);
    assert_consistent(&s, &csso);
    assert_ne!(csso["main css"], names["main css"]);
    for role in names.keys().filter(|r| **r != "main css") {
        assert_eq!(csso[role], names[role], "{role} did not change");
    }
}

#[test]
fn bad_minifier_options_stop_the_build() {
    let s = Scratch::new();
    fake_trunk_dist(&s);
    let out = Command::new("node")
        .arg(repo().join("scripts/minify-dist.mjs"))
        .arg(s.0.join("dist"))
        .current_dir(repo())
        .env("MINIFY_DIST_TERSER_OPTIONS", "{not json")
        .output()
        .expect("node");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("MINIFY_DIST_TERSER_OPTIONS is not JSON"));
}
