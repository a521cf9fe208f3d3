//! `make screenshots`: a PNG of every page and dialog of `lisa_e2e::visual::PAGES` at 1440×900,
//! 1024×768 and 390×844, light and dark, from the release build (`dist/`) against the mock with
//! demo data, written to `target/screenshots/<page>-<width>-<theme>.png`.
//!
//! Usage: `screenshots [--check] [--all] [page …]`: only the pages named (e.g. `catalogue
//! user-metrics`); `--check` also runs the visual check and lists what it finds (the e2e test
//! `visual` fails on it; this only reports); `--all` adds the rest of each page taller than the
//! window, a window at a time (`<page>-<width>-<theme>-2.png`, …).

use lisa_e2e::visual::{self, WalkOptions};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let below_the_fold = args.iter().any(|a| a == "--all");
    let names: Vec<&str> = args.iter().map(String::as_str).filter(|a| !a.starts_with("--")).collect();
    let unknown: Vec<&&str> = names.iter().filter(|n| !visual::PAGES.iter().any(|p| p.name == **n)).collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = visual::PAGES.iter().map(|p| p.name).collect();
        eprintln!("screenshots: no page named {unknown:?}; the pages are: {}", known.join(" "));
        std::process::exit(2);
    }
    let wanted = |page: &visual::Page| names.is_empty() || names.contains(&page.name);
    let dir = visual::screenshot_dir(false);
    let result = visual::walk(&WalkOptions { pages: &wanted, check, screenshots: Some(dir.clone()), below_the_fold }).await;
    lisa_e2e::browser::shutdown();
    match result {
        Ok(walked) => {
            let shots = walked.files.iter().filter(|f| f.parent() == Some(dir.as_path())).count();
            println!("screenshots: {shots} PNGs of {} pages in {}", walked.pages, dir.display());
            if check {
                let [misaligned, sideways, covered, clipped, focus] = walked.totals();
                println!("visual: misaligned cells {misaligned}, sideways scroll {sideways}, covered controls {covered}, clipped {clipped}, focus rings missing {focus}");
                for (at, found) in &walked.findings {
                    println!("{at}:");
                    found.lines().iter().for_each(|l| println!("  {l}"));
                }
            }
        }
        Err(e) => {
            eprintln!("screenshots: {e}");
            std::process::exit(1);
        }
    }
}
