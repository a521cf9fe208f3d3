//! First-load size of the release build: every file `index.html` makes the browser fetch
//! before the app runs (HTML, CSS, the boot module, the wasm-bindgen JS and the wasm), raw,
//! gzip -9 and brotli -11. Exits non-zero when brotli exceeds the budget.
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
    let mut files = vec![dist.join("index.html")];
    for reference in referenced_files(&html) {
        let path = dist.join(&reference);
        if path.exists() && !files.contains(&path) {
            files.push(path);
        }
    }
    let (mut raw_total, mut gz_total, mut br_total) = (0u64, 0u64, 0u64);
    println!("{:<44} {:>10} {:>10} {:>10}", "first-load file", "raw", "gzip", "brotli");
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        let (gz, br) = (gzip_len(&bytes), brotli_len(&bytes));
        raw_total += bytes.len() as u64;
        gz_total += gz;
        br_total += br;
        println!("{:<44} {:>10} {:>10} {:>10}", name(file), bytes.len(), gz, br);
    }
    println!("{:<44} {:>10} {:>10} {:>10}", "TOTAL", raw_total, gz_total, br_total);
    let budget = budget_kb * 1000;
    println!(
        "bundle: {:.1} KB brotli, {:.1} KB gzip, {:.1} KB raw (budget {budget_kb} KB brotli)",
        br_total as f64 / 1000.0,
        gz_total as f64 / 1000.0,
        raw_total as f64 / 1000.0
    );
    if br_total > budget {
        eprintln!("bundle-size: OVER BUDGET by {:.1} KB", (br_total - budget) as f64 / 1000.0);
        std::process::exit(1);
    }
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
