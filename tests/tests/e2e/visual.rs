//! What the admin sees, checked as rendered: every page and dialog of
//! `lisa_e2e::visual::PAGES` at 1440×900, 1024×768 and 390×844, in light and dark
//! (`lisa_e2e::visual` says what is measured). A failing page's screenshot, with what was found
//! outlined in magenta, is kept under `target/screenshots/failed/`.

use lisa_e2e::visual::{self, WalkOptions};
use lisa_e2e::{ensure, Env, EnvOptions, TestResult};

mod phone;
mod theme;

pub fn cases() -> Vec<crate::Case> {
    let mut cases = crate::cases![every_page_at_three_widths_in_two_themes, the_check_finds_each_kind_of_defect];
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
    println!("visual: findings gone when the page was opened again: {}", walked.vanished.len());
    for (at, found) in &walked.vanished {
        println!("visual: gone after reopening, {at}: {}", found.lines().join("; "));
    }
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

/// One defect of each kind, planted in a clean page: the check names each one (a check that
/// cannot fail proves nothing).
const PLANT_DEFECTS: &str = r#"
const main = document.getElementById('main');
const table = document.createElement('table');
table.id = 'planted-table';
table.innerHTML = '<thead><tr><th>One</th><th>Two</th></tr></thead><tbody><tr></tr></tbody>';
const row = table.tBodies[0].rows[0];
row.appendChild(document.createElementNS(null, 'td')).textContent = 'inline';
row.appendChild(document.createElementNS(null, 'td')).textContent = 'cells';
main.prepend(table);
const wide = document.createElement('div');
wide.id = 'planted-wide';
wide.style.width = '3000px';
wide.textContent = 'wide';
main.appendChild(wide);
const clip = document.createElement('p');
clip.id = 'planted-clip';
clip.style.width = '60px';
clip.style.overflow = 'hidden';
clip.style.whiteSpace = 'nowrap';
clip.textContent = 'a sentence far longer than its box';
main.prepend(clip);
const tipBox = document.createElement('div');
tipBox.id = 'planted-tip-box';
Object.assign(tipBox.style, { position: 'relative', overflow: 'hidden', height: '20px' });
tipBox.innerHTML = '<span id="planted-tip" role="tooltip" style="position: absolute; top: 12px; left: 0; width: 200px">a reason cut off by its box</span>';
main.prepend(tipBox);
const cover = document.createElement('div');
cover.id = 'planted-cover';
const target = document.getElementById('sign-out').getBoundingClientRect();
Object.assign(cover.style, { position: 'fixed', left: target.left + 'px', top: target.top + 'px', width: target.width + 'px', height: target.height + 'px', zIndex: 5000 });
document.body.appendChild(cover);
document.styleSheets[0].insertRule('#theme-toggle:focus-visible { outline: none !important; box-shadow: none !important; }');
return true;
"#;

async fn the_check_finds_each_kind_of_defect() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }).await?;
    visual::set_viewport(&env, visual::WIDTHS[0]).await?;
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    let clean = visual::check(&env).await?;
    ensure!(clean.is_clean(), "the catalogue was not clean to start with: {:?}", clean.lines());
    env.js(PLANT_DEFECTS).await?;
    let found = visual::check(&env).await?;
    let named = |list: &[String], what: &str| list.iter().any(|l| l.contains(what));
    ensure!(named(&found.misaligned, "planted-table") && found.misaligned.iter().any(|l| l.contains("not a table cell")), "cells in no namespace not found: {:?}", found.misaligned);
    ensure!(named(&found.sideways, "document"), "the page scrolling sideways was not found: {:?}", found.sideways);
    ensure!(named(&found.clipped, "planted-clip"), "text cut off without an ellipsis was not found: {:?}", found.clipped);
    ensure!(named(&found.clipped, "planted-tip"), "a tooltip cut off by its box was not found: {:?}", found.clipped);
    ensure!(named(&found.covered, "sign-out") && named(&found.covered, "planted-cover"), "the covered Sign out button was not found: {:?}", found.covered);
    ensure!(named(&found.focus, "theme-toggle"), "the missing focus ring was not found: {:?}", found.focus);
    env.assert_no_panic().await
}
