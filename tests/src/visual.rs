//! What the admin sees: every page of [`pages::PAGES`] at three window sizes and in both themes,
//! measured in the browser (no pixel baselines) by `visual/check.js`:
//! table cells that are real cells under their headers, no sideways scrolling, no covered
//! controls, no text cut off without an ellipsis and a title, a focus ring on every focusable
//! control. Used by the `visual` e2e test, by axe in both themes and by `make screenshots`.
//!
//! One browser per world and width: each page is brought on screen once per width (loaded at
//! that size, as a phone would) and checked in light, then dark (the theme is switched in place,
//! as the header's toggle does).

pub mod pages;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

pub use pages::{Page, Step, World, PAGES};

use crate::{paths, Context, Env};

/// A window size, named by its width (the screenshot's file name carries the name).
#[derive(Clone, Copy, Debug)]
pub struct Width {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
}

/// A laptop, a small laptop or tablet in landscape, a phone.
pub const WIDTHS: [Width; 3] = [
    Width { name: "1440", width: 1440, height: 900 },
    Width { name: "1024", width: 1024, height: 768 },
    Width { name: "390", width: 390, height: 844 },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Light, Theme::Dark];

    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Emulate a window of this size (a phone below 600 px: mobile viewport, overlay scrollbars).
/// It holds for every page loaded afterwards in this browser.
pub async fn set_viewport(env: &Env, width: Width) -> Result<(), String> {
    let params = json!({ "width": width.width, "height": width.height, "deviceScaleFactor": 1, "mobile": width.width < 600 });
    env.cdp("Emulation.setDeviceMetricsOverride", params).await.map(|_| ())
}

/// Switch the theme of the page on screen, as the header's toggle does (the attribute on
/// `<html>` that `public/boot.js` sets at start), and let it paint.
pub async fn set_theme(env: &Env, theme: Theme) -> Result<(), String> {
    let script = format!(
        "const done = arguments[arguments.length - 1]; document.documentElement.dataset.theme = {}; \
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        json!(theme.name())
    );
    env.client.execute_async(&script, vec![]).await.context("switch theme").map(|_| ())
}

/// Load an app path as a new document, accepting a "leave with unsaved changes?" prompt.
async fn goto(env: &Env, path: &str) -> Result<(), String> {
    let url = env.app_url(path);
    let script = format!("window.__visualOld = true; setTimeout(() => {{ location.href = {}; }}, 0); return true;", json!(url));
    env.js(&script).await?;
    env.until(&format!("{path} to load"), || async {
        let _ = env.client.accept_alert().await;
        let fresh = env.js("return document.readyState !== 'loading' && !window.__visualOld;").await.ok()?;
        (fresh == json!(true)).then_some(())
    })
    .await
}

async fn run_step(env: &Env, step: &Step) -> Result<(), String> {
    match *step {
        Step::Goto(path) => goto(env, path).await,
        Step::Js(script) => env.js(script).await.map(|_| ()),
        Step::Wait(css) => env.wait_css(css).await.map(|_| ()),
        Step::WaitText(css, needle) => env.wait_text(css, needle).await.map(|_| ()),
        Step::WaitMore(css, n) => {
            env.until(&format!("more than {n} of {css}"), || async { (env.count(css).await.ok()? > n).then_some(()) }).await
        }
        Step::Gone(css) => env.wait_gone(css).await,
        Step::Click(css) => env.click(css).await,
        Step::Fill(css, value) => env.fill(css, value).await,
        Step::Inject(spec) => {
            let spec: Value = serde_json::from_str(spec).context("injection JSON")?;
            env.mock.inject(spec).await
        }
    }
}

/// Bring `page` on screen: its session (token, no embed mode left over), then its steps.
pub async fn open(env: &Env, page: &Page) -> Result<(), String> {
    // Storage belongs to the site's origin: be on it (a JSON file is the cheapest document).
    let on_site = env.client.current_url().await.map(|u| u.as_str().starts_with(&env.site.url)).unwrap_or(false);
    if !on_site {
        env.client.goto(&env.app_url("/config.json")).await.context("open the site")?;
    }
    env.js(&pages::session_script(page)).await?;
    for step in page.steps {
        run_step(env, step).await.map_err(|e| format!("{}: {step:?}: {e}", page.title))?;
    }
    env.assert_no_panic().await.map_err(|e| format!("{}: {e}", page.title))
}

/// The page is still in the state its last step waited for (checks take a moment: a toast
/// that left meanwhile would make "covered while a toast shows" meaningless).
pub async fn still_there(env: &Env, page: &Page) -> Result<(), String> {
    let Some(css) = page.steps.iter().rev().find_map(|s| match s {
        Step::Wait(css) | Step::WaitText(css, _) | Step::WaitMore(css, _) => Some(*css),
        _ => None,
    }) else {
        return Ok(());
    };
    let found = env.client.find(Locator::Css(css)).await.is_ok();
    if found {
        Ok(())
    } else {
        Err(format!("{}: {css} went away while the page was checked", page.title))
    }
}

/// What `check.js` found on one page at one size in one theme.
#[derive(Debug, Default)]
pub struct Findings {
    pub misaligned: Vec<String>,
    pub sideways: Vec<String>,
    pub covered: Vec<String>,
    pub clipped: Vec<String>,
    pub focus: Vec<String>,
}

impl Findings {
    fn from_json(v: &Value) -> Findings {
        let list = |k: &str| v[k].as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default();
        Findings { misaligned: list("misaligned"), sideways: list("sideways"), covered: list("covered"), clipped: list("clipped"), focus: list("focus") }
    }

    pub fn is_clean(&self) -> bool {
        self.lines().is_empty()
    }

    /// One line per finding, `<kind>: <selector>: <what>`.
    pub fn lines(&self) -> Vec<String> {
        let kinds = [
            ("misaligned cell", &self.misaligned),
            ("sideways scroll", &self.sideways),
            ("covered control", &self.covered),
            ("clipped text", &self.clipped),
            ("focus ring missing", &self.focus),
        ];
        kinds.iter().flat_map(|(kind, found)| found.iter().map(move |f| format!("{kind}: {f}"))).collect()
    }
}

const CHECK_JS: &str = include_str!("visual/check.js");

/// Measure the page on screen. A key press first (Shift, which moves nothing) puts Chromium in
/// keyboard mode, so focus moved by script afterwards shows `:focus-visible` as Tab would.
pub async fn check(env: &Env) -> Result<Findings, String> {
    let shift = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: Key::Shift.into() }).then(KeyAction::Up { value: Key::Shift.into() });
    env.client.perform_actions(shift).await.context("press Shift")?;
    env.client.release_actions().await.context("release Shift")?;
    let script = format!("document.querySelectorAll('[data-visual-finding]').forEach((e) => delete e.dataset.visualFinding);\n{CHECK_JS}");
    let v = env.js(&script).await?;
    Ok(Findings::from_json(&v))
}

/// A PNG of the window as it is now.
pub async fn screenshot(env: &Env, file: &Path) -> Result<(), String> {
    let png = env.client.screenshot().await.context("screenshot")?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).context(&format!("create {}", dir.display()))?;
    }
    std::fs::write(file, png).context(&format!("write {}", file.display()))
}

/// A screenshot with what `check` found outlined in magenta.
pub async fn screenshot_findings(env: &Env, file: &Path) -> Result<(), String> {
    env.js("document.querySelectorAll('[data-visual-finding]').forEach((e) => { e.style.outline = '3px solid #ff00ff'; e.style.outlineOffset = '-2px'; }); return true;").await?;
    // Give the outline a frame to paint.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let shot = screenshot(env, file).await;
    env.js("document.querySelectorAll('[data-visual-finding]').forEach((e) => { e.style.outline = ''; e.style.outlineOffset = ''; }); return true;").await?;
    shot
}

/// The rest of a page taller than the window, a window at a time, then back to where it was.
async fn screenshots_below_the_fold(env: &Env, dir: &Path, file: &str) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let top = env.js("return window.scrollY;").await?;
    for screen in 1..=4 {
        let scrolled = env
            .js(&format!(
                "const root = document.scrollingElement; const y = {screen} * root.clientHeight; \
                 if (y >= root.scrollHeight) return false; window.scrollTo(0, y); return true;"
            ))
            .await?;
        if scrolled != json!(true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        let path = dir.join(file.replace(".png", &format!("-{}.png", screen + 1)));
        screenshot(env, &path).await?;
        files.push(path);
    }
    env.js(&format!("window.scrollTo(0, {top}); return true;")).await?;
    Ok(files)
}

/// `target/screenshots/` (or `…/failed/`): where screenshots go.
pub fn screenshot_dir(failed: bool) -> PathBuf {
    let workspace = paths::workspace();
    let workspace = workspace.canonicalize().unwrap_or(workspace);
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace.join("target"));
    let dir = target.join("screenshots");
    if failed {
        dir.join("failed")
    } else {
        dir
    }
}

pub fn file_name(page: &Page, width: Width, theme: Theme) -> String {
    format!("{}-{}-{}.png", page.name, width.name, theme.name())
}

/// What a walk does at each page, width and theme.
pub struct WalkOptions<'a> {
    /// Only the pages this accepts (all: `&|_| true`).
    pub pages: &'a (dyn Fn(&Page) -> bool + Sync),
    /// Run `check` (the visual test) or not (screenshots only).
    pub check: bool,
    /// Save every screenshot to this directory.
    pub screenshots: Option<PathBuf>,
    /// Also save the rest of a page taller than the window, a window at a time
    /// (`<page>-<width>-<theme>-2.png`, …, at most 4 more).
    pub below_the_fold: bool,
}

/// The walk's outcome: findings per page, width and theme, and the screenshots written.
#[derive(Default)]
pub struct Walked {
    pub pages: usize,
    pub checks: usize,
    pub findings: Vec<(String, Findings)>,
    /// Findings that were gone when the page was opened again and checked once more (printed,
    /// not failed: what the admin sees is the page as it settles, not one unlucky load).
    pub vanished: Vec<(String, Findings)>,
    pub files: Vec<PathBuf>,
}

impl Walked {
    /// Totals of each kind over the walk.
    pub fn totals(&self) -> [usize; 5] {
        let mut t = [0; 5];
        for (_, f) in &self.findings {
            for (i, n) in [f.misaligned.len(), f.sideways.len(), f.covered.len(), f.clipped.len(), f.focus.len()].into_iter().enumerate() {
                t[i] += n;
            }
        }
        t
    }
}

/// Every page of every world at every width and in both themes.
pub async fn walk(options: &WalkOptions<'_>) -> Result<Walked, String> {
    let mut walked = Walked { pages: PAGES.iter().filter(|p| (options.pages)(p)).count(), ..Default::default() };
    for width in WIDTHS {
        for world in World::ALL {
            let pages = pages::of_world(world, options.pages);
            if pages.is_empty() {
                continue;
            }
            let env = world.start().await?;
            set_viewport(&env, width).await?;
            for page in pages {
                open(&env, page).await.map_err(|e| format!("{} px: {e}", width.name))?;
                for theme in Theme::ALL {
                    set_theme(&env, theme).await?;
                    let file = file_name(page, width, theme);
                    if options.check {
                        let mut found = check(&env).await?;
                        walked.checks += 1;
                        if !found.is_clean() {
                            // Once: open the page again and check again; only what comes back
                            // is a finding. (A fresh clone's first run once found a catalogue
                            // header button "covered" by its own scroll box at 390 px, in a state
                            // no later run reproduced.)
                            open(&env, page).await.map_err(|e| format!("{} px: {e}", width.name))?;
                            set_theme(&env, theme).await?;
                            let again = check(&env).await?;
                            if again.is_clean() {
                                walked.vanished.push((format!("{}, {} px, {}", page.title, width.name, theme.name()), found));
                            }
                            found = again;
                        }
                        if !found.is_clean() {
                            let failed = screenshot_dir(true).join(&file);
                            screenshot_findings(&env, &failed).await?;
                            walked.files.push(failed);
                            walked.findings.push((format!("{}, {} px, {}", page.title, width.name, theme.name()), found));
                        }
                    }
                    if let Some(dir) = &options.screenshots {
                        let path = dir.join(&file);
                        screenshot(&env, &path).await?;
                        walked.files.push(path);
                        if options.below_the_fold {
                            walked.files.extend(screenshots_below_the_fold(&env, dir, &file).await?);
                        }
                    }
                }
                still_there(&env, page).await.map_err(|e| format!("{} px: {e}", width.name))?;
            }
            env.assert_no_panic().await?;
        }
    }
    Ok(walked)
}
