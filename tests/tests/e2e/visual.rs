//! What the admin sees, checked as rendered: every page and dialog of
//! `lisa_e2e::visual::PAGES` at 1440×900, 1024×768 and 390×844, in light and dark
//! (`lisa_e2e::visual` says what is measured). A failing page's screenshot, with what was found
//! outlined in magenta, is kept under `target/screenshots/failed/`.

use lisa_e2e::visual::{self, WalkOptions};
use lisa_e2e::{ensure, TestResult};

mod phone;
mod theme;

pub fn cases() -> Vec<crate::Case> {
    let mut cases = crate::cases![every_page_at_three_widths_in_two_themes];
    cases.extend(phone::cases());
    cases.extend(theme::cases());
    cases
}

async fn every_page_at_three_widths_in_two_themes() -> TestResult {
    // `VISUAL_PAGES=catalogue,user-metrics` narrows the walk while fixing a page.
    let only = std::env::var("VISUAL_PAGES").ok();
    let wanted = |page: &visual::Page| only.as_deref().is_none_or(|list| list.split(',').any(|n| n.trim() == page.name));
    let walked = visual::walk(&WalkOptions { pages: &wanted, check: true, screenshots: None, below_the_fold: false }).await?;
    let [misaligned, sideways, covered, clipped, focus] = walked.totals();
    println!(
        "visual: {} pages × {} widths × {} themes, misaligned cells {misaligned}, sideways scroll {sideways}, covered controls {covered}, clipped {clipped}, focus rings missing {focus}",
        walked.pages,
        visual::WIDTHS.len(),
        visual::Theme::ALL.len()
    );
    ensure!(walked.checks == walked.pages * visual::WIDTHS.len() * visual::Theme::ALL.len(), "only {} checks ran", walked.checks);
    let mut report = Vec::new();
    for (at, found) in &walked.findings {
        report.push(format!("{at}:"));
        report.extend(found.lines().into_iter().map(|l| format!("  {l}")));
    }
    for file in &walked.files {
        println!("visual: screenshot of a failing page: {}", file.display());
    }
    ensure!(walked.findings.is_empty(), "the visual check found:\n{}", report.join("\n"));
    Ok(())
}
