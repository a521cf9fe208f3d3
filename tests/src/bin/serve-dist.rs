//! Serve the release `dist/` the way CloudFront does (sub-path, SPA fallback, cache headers),
//! for `make dev`. Usage: `serve-dist [--addr 127.0.0.1:8080] [--prefix /admin] [--dist dist]
//! [--config FILE] [--csp POLICY]`.

use std::path::PathBuf;

use lisa_e2e::site::{Site, SiteOptions};

#[tokio::main]
async fn main() {
    let mut addr = "127.0.0.1:8080".to_string();
    let mut prefix = "/admin".to_string();
    let mut dist = lisa_e2e::paths::dist();
    let mut options = SiteOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&format!("{arg} needs a value")));
        match arg.as_str() {
            "--addr" => addr = value(),
            "--prefix" => prefix = value(),
            "--dist" => dist = PathBuf::from(value()),
            "--config" => {
                let path = value();
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| usage(&format!("cannot read {path}: {e}")));
                options.config = Some(Some(text));
            }
            "--csp" => options.html_headers.push(("Content-Security-Policy".into(), value())),
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    options.prefix = prefix.trim_end_matches('/').to_string();
    if !dist.join("index.html").exists() {
        usage(&format!("{} has no index.html: run `make dist` first", dist.display()));
    }
    let site = match Site::start_on(&addr, &dist, options.clone()).await {
        Ok(site) => site,
        Err(e) => usage(&e),
    };
    println!("LISA Admin served at {}{}/", site.url, options.prefix);
    let _ = tokio::signal::ctrl_c().await;
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("serve-dist: {problem}");
    }
    eprintln!("usage: serve-dist [--addr 127.0.0.1:8080] [--prefix /admin] [--dist DIR] [--config FILE] [--csp POLICY]");
    std::process::exit(if problem.is_empty() { 0 } else { 2 });
}
