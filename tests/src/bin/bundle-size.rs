//! First-load size of the release build, per page: every file a page makes the browser fetch
//! before the app runs (the HTML, CSS, icon and boot module, plus the JS and wasm of the bundle
//! that serves the page's route), raw, gzip -9 and brotli -11. Exits non-zero when any page's
//! brotli total exceeds the budget.
//!
//! Usage: `bundle-size [--dist dist] [--budget-kb 300]`.

use std::io::Write;
use std::path::{Path, PathBuf};

fn main() {
    let mut dist = lisa_e2e::paths::dist();
    let mut budget_kb: u64 = 300;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dist" => dist = PathBuf::from(args.next().unwrap_or_default()),
            "--budget-kb" => budget_kb = args.next().and_then(|v| v.parse().ok()).unwrap_or(budget_kb),
            other => {
                eprintln!("bundle-size: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let html = match std::fs::read_to_string(dist.join("index.html")) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("bundle-size: cannot read {}/index.html: {e} (run `make dist`)", dist.display());
            std::process::exit(2);
        }
    };
    // Shared by every entry: the HTML and what it links (CSS, icon, boot.js).
    let mut shared = vec![dist.join("index.html")];
    for reference in referenced_files(&html) {
        let path = dist.join(&reference);
        if path.exists() && !shared.contains(&path) {
            shared.push(path);
        }
    }
    // Each bundle (one <meta name="lisa-bundle"> per route section) is a separate entry: a page
    // loads the shared files plus its own bundle's JS and wasm.
    let bundles = bundles(&html);
    if bundles.is_empty() {
        eprintln!("bundle-size: index.html names no <meta name=\"lisa-bundle\">");
        std::process::exit(2);
    }
    let budget = budget_kb * 1000;
    let mut over = Vec::new();
    let mut worst = (String::new(), 0u64, 0u64, 0u64);
    for (section, files) in &bundles {
        let mut entry = shared.clone();
        entry.extend(files.iter().map(|f| dist.join(f)));
        println!("\n== first load of a {section} page");
        let (raw, gz, br) = table(&entry);
        if br > worst.3 {
            worst = (section.clone(), raw, gz, br);
        }
        if br > budget {
            over.push(format!("{section}: {:.1} KB", br as f64 / 1000.0));
        }
    }
    println!(
        "\nbundle: largest first load ({}) {:.1} KB brotli, {:.1} KB gzip, {:.1} KB raw (budget {budget_kb} KB brotli per page)",
        worst.0,
        worst.3 as f64 / 1000.0,
        worst.2 as f64 / 1000.0,
        worst.1 as f64 / 1000.0
    );
    if !over.is_empty() {
        eprintln!("bundle-size: OVER BUDGET: {}", over.join(", "));
        std::process::exit(1);
    }
}

/// Print one row per file and a total; returns (raw, gzip, brotli) totals.
fn table(files: &[PathBuf]) -> (u64, u64, u64) {
    let (mut raw_total, mut gz_total, mut br_total) = (0u64, 0u64, 0u64);
    println!("{:<44} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    for file in files {
        let bytes = std::fs::read(file).unwrap_or_default();
        let (gz, br) = (gzip_len(&bytes), brotli_len(&bytes));
        raw_total += bytes.len() as u64;
        gz_total += gz;
        br_total += br;
        println!("{:<44} {:>10} {:>10} {:>10}", name(file), bytes.len(), gz, br);
    }
    println!("{:<44} {:>10} {:>10} {:>10}", "TOTAL", raw_total, gz_total, br_total);
    (raw_total, gz_total, br_total)
}

/// `(section, [js file, wasm file])` from each `<meta name="lisa-bundle" …>`.
fn bundles(html: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for tag in html.split("<meta ").skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        if !tag.contains("name=\"lisa-bundle\"") {
            continue;
        }
        let attr = |name: &str| {
            tag.split(&format!("{name}=\"")).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("").to_string()
        };
        let file = |url: String| url.rsplit('/').next().unwrap_or("").to_string();
        out.push((attr("data-section"), vec![file(attr("data-js")), file(attr("data-wasm"))]));
    }
    out
}

/// `href="/admin/x"` and `src="/admin/x"` values, reduced to file names in dist.
fn referenced_files(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attr) {
            rest = &rest[start + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            let value = &rest[..end];
            if let Some(file) = value.rsplit('/').next().filter(|f| !f.is_empty()) {
                if !value.contains("://") {
                    out.push(file.to_string());
                }
            }
            rest = &rest[end..];
        }
    }
    out
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len() as u64).unwrap_or(0)
}

fn brotli_len(bytes: &[u8]) -> u64 {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out.len() as u64
}

fn name(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string()
}
