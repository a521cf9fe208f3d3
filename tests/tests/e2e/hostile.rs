//! Hostile data (issue 7): the XSS corpus of `lisa_e2e::hostile` in every string LISA returns,
//! on every page, and untrusted config.json and sessionStorage contents.
//!
//! One sweep visits the pages in turn with one browser and keeps a tally; every look at a page
//! ([`Sweep::check`]) first hovers, focuses and clicks everything that is not a control, then
//! asks: did a canary get set, was markup injected (also for a moment, see
//! `WATCH_INJECTIONS`), is any URL a `javascript:`/`data:` one, is the document wider than the
//! window, did the app panic, and is the hostile text really on the page (as text)?

mod errors;
mod metrics;
mod models;
mod redirects;
mod untrusted;

use std::collections::BTreeSet;

use lisa_e2e::hostile::{corpus, normalise, Probe, POKE, PROBE, WATCH_INJECTIONS};
use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::json;

pub fn cases() -> Vec<crate::Case> {
    let mut cases = crate::cases![hostile_data_is_inert_on_every_page];
    cases.extend(untrusted::cases());
    cases
}

/// What a check expects to find of the payload.
pub enum Expect<'a> {
    /// On the page as text.
    Text(&'a str),
    /// The value of some input or textarea.
    Value(&'a str),
    Nothing,
}

/// The tally of one sweep.
pub struct Sweep<'a> {
    pub env: &'a Env,
    fields: BTreeSet<&'static str>,
    pages: BTreeSet<&'static str>,
    /// The most `<script>` elements a clean load of any page has.
    baseline: u64,
    checks: usize,
    scripts_run: Vec<String>,
    injected: Vec<String>,
    js_links: Vec<String>,
    overflowing: Vec<String>,
    panics: Vec<String>,
    missing: Vec<String>,
    session_dialogs: Vec<String>,
    pub csv_formulas: Vec<String>,
    /// Return paths and links tried (`redirects`), those that left the app's origin or base,
    /// and those that opened another page of the app than the one they name.
    redirect_cases: usize,
    open_redirects: Vec<String>,
    wrong_pages: Vec<String>,
}

impl<'a> Sweep<'a> {
    pub fn new(env: &'a Env) -> Self {
        Sweep {
            env,
            fields: BTreeSet::new(),
            pages: BTreeSet::new(),
            baseline: 0,
            checks: 0,
            scripts_run: Vec::new(),
            injected: Vec::new(),
            js_links: Vec::new(),
            overflowing: Vec::new(),
            panics: Vec::new(),
            missing: Vec::new(),
            session_dialogs: Vec::new(),
            csv_formulas: Vec::new(),
            redirect_cases: 0,
            open_redirects: Vec::new(),
            wrong_pages: Vec::new(),
        }
    }

    /// One return path or link tried: where it was `left_app` (another origin, or a path outside
    /// the base), or `wrong_page` (which page it opened instead), and whether the app panicked.
    pub fn redirect(&mut self, what: String, left_app: Option<String>, wrong_page: Option<String>, panicked: bool) {
        self.redirect_cases += 1;
        if let Some(to) = left_app {
            self.open_redirects.push(format!("{what}: left for {to}"));
        }
        if let Some(page) = wrong_page {
            self.wrong_pages.push(format!("{what}: {page}"));
        }
        if panicked {
            self.panics.push(what);
        }
    }

    pub fn fields(&mut self, names: &[&'static str]) {
        self.fields.extend(names);
    }

    /// Count the scripts of a clean load (call on a page with benign data).
    pub async fn baseline(&mut self, page: &str) -> TestResult {
        let probe = self.probe().await?;
        ensure!(
            probe.canary.is_none() && probe.injected.is_empty() && probe.bad_urls.is_empty(),
            "the clean {page} is not clean: {:?} {:?} {:?}",
            probe.canary,
            probe.injected,
            probe.bad_urls
        );
        ensure!(probe.scripts > 0, "no script counted on {page}");
        self.baseline = self.baseline.max(probe.scripts);
        Ok(())
    }

    async fn probe(&self) -> Result<Probe, String> {
        self.env.js(POKE).await?;
        let value = self.env.js(PROBE).await?;
        // Start the next look afresh: every finding is counted once.
        self.env.js("window.__hostileInjected = []; window.__xss = undefined; top.__xss = undefined; return 0;").await?;
        Ok(Probe::from_value(&value))
    }

    /// The probes can fail: markup planted on purpose is found (a script run, an injected
    /// element, a script link, a page too wide), then removed and forgotten.
    pub async fn self_test(&self) -> TestResult {
        let plant = r#"document.body.insertAdjacentHTML('beforeend', '<div id="e2e-planted"><img src=x onerror="top.__xss=99"><a href=" JaVaScRiPt:void(0)">x</a><b>' + 'W'.repeat(3000) + '</b></div>'); return 0;"#;
        self.env.js(plant).await?;
        self.env
            .until("the planted canary", || async { (self.env.js("return top.__xss;").await.ok()? == json!(99)).then_some(()) })
            .await?;
        let probe = self.probe().await?;
        self.env.js("document.getElementById('e2e-planted').remove(); window.__hostileInjected = []; return 0;").await?;
        ensure!(
            probe.canary.as_deref() == Some("99") && !probe.injected.is_empty() && !probe.bad_urls.is_empty() && probe.overflows(),
            "the probes missed planted markup: {:?} {:?} {:?} overflow {}",
            probe.canary,
            probe.injected,
            probe.bad_urls,
            probe.overflows()
        );
        Ok(())
    }

    /// Look at the page now (see the module docs); `what` says where, for the failure list.
    pub async fn check(&mut self, page: &'static str, what: &str, expect: Expect<'_>) -> Result<Probe, String> {
        let probe = self.probe().await?;
        self.checks += 1;
        self.pages.insert(page);
        let at = format!("{page} / {what}");
        if let Some(canary) = &probe.canary {
            self.scripts_run.push(format!("{at}: canary {canary}"));
        }
        let clean_scripts = self.baseline;
        if probe.scripts > clean_scripts {
            self.injected.push(format!("{at}: {} scripts, {clean_scripts} on a clean load", probe.scripts));
        }
        self.injected.extend(probe.injected.iter().map(|i| format!("{at}: {i}")));
        self.js_links.extend(probe.bad_urls.iter().map(|u| format!("{at}: {u}")));
        if probe.overflows() {
            self.overflowing.push(format!(
                "{at}: document {} px wide, window {} px, past the edge: {:?}",
                probe.scroll_width, probe.inner_width, probe.overflow_at
            ));
        }
        if self.env.panicked().await {
            self.panics.push(at.clone());
        }
        // Hostile data is no session problem: a "sign in again" dialog here would be a lie.
        if self.env.count("#session-dialog").await? > 0 {
            self.session_dialogs.push(at.clone());
        }
        let found = match expect {
            Expect::Text(t) => probe.shows(t),
            Expect::Value(v) => probe.holds(v),
            Expect::Nothing => true,
        };
        if !found {
            self.missing.push(format!("{at}: the hostile value is not on the page"));
        }
        Ok(probe)
    }

    /// The summary line, then a failure listing every finding.
    pub fn finish(&self, payloads: usize) -> TestResult {
        println!(
            "hostile data: payloads {payloads}, fields {}, pages {}, checks {}, scripts run {}, injected elements {}, \
             javascript links {}, overflowing pages {}, panics {}, csv formula cells {}, redirect cases {}, open redirects {}",
            self.fields.len(),
            self.pages.len(),
            self.checks,
            self.scripts_run.len(),
            self.injected.len(),
            self.js_links.len(),
            self.overflowing.len(),
            self.panics.len(),
            self.csv_formulas.len(),
            self.redirect_cases,
            self.open_redirects.len(),
        );
        let mut report = Vec::new();
        for (name, list) in [
            ("scripts run", &self.scripts_run),
            ("injected elements", &self.injected),
            ("javascript links", &self.js_links),
            ("overflowing pages", &self.overflowing),
            ("panics", &self.panics),
            ("csv formula cells", &self.csv_formulas),
            ("open redirects", &self.open_redirects),
            ("links and return paths that opened another page", &self.wrong_pages),
            ("hostile values not rendered", &self.missing),
            ("session dialogs", &self.session_dialogs),
        ] {
            if !list.is_empty() {
                let shown: Vec<String> = list.iter().take(12).map(|s| s.chars().take(240).collect()).collect();
                report.push(format!("{name} ({}):\n  {}", list.len(), shown.join("\n  ")));
            }
        }
        ensure!(report.is_empty(), "hostile data got through:\n{}", report.join("\n"));
        Ok(())
    }
}

/// Set an input's value as typing would (a 5,000-character payload typed key by key is slow,
/// and WebDriver cannot type NUL).
pub async fn type_into(env: &Env, css: &str, text: &str) -> TestResult {
    env.wait_css(css).await?;
    let script = format!(
        "const e = document.querySelector({}); e.value = {}; e.dispatchEvent(new Event('input', {{bubbles: true}})); return e.value;",
        json!(css),
        json!(text)
    );
    env.js(&script).await.map(|_| ())
}

/// Wait until the page's text shows `text` (as [`Probe::shows`] compares).
pub async fn wait_shown(env: &Env, css: &str, text: &str) -> TestResult {
    let script = format!(
        "const e = document.querySelector({}); return e ? e.textContent : null;",
        json!(css)
    );
    let want = normalise(text);
    env.until(&format!("{css} to show the payload {:?}", text.chars().take(40).collect::<String>()), || async {
        let v = env.js(&script).await.ok()?;
        normalise(v.as_str()?).contains(&want).then_some(())
    })
    .await
}

async fn hostile_data_is_inert_on_every_page() -> TestResult {
    // Nothing moves by itself (no polling, no workflow), so injected answers meet only the
    // request they are meant for.
    let env = Env::start(EnvOptions { mock_args: vec!["--empty", "--workflows", "manual"], ..Default::default() }).await?;
    env.on_new_document(WATCH_INJECTIONS).await?;
    env.on_new_document(models::CAPTURE_BLOBS).await?;
    let payloads = corpus();
    let mut sweep = Sweep::new(&env);
    models::put_all(&mut sweep, &payloads).await?;
    sweep.self_test().await?;
    models::catalogue_and_detail(&mut sweep, &payloads).await?;
    models::forms(&mut sweep, &payloads).await?;
    metrics::overview_and_users(&mut sweep, &payloads).await?;
    errors::panels_toasts_and_field_errors(&mut sweep, &payloads).await?;
    redirects::return_paths(&mut sweep).await?;
    redirects::links_to_odd_ids(&mut sweep).await?;
    sweep.finish(payloads.len())
}
