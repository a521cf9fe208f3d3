//! One test's world: a mock LISA, the app served like CloudFront, and a fresh browser session,
//! with the small vocabulary the tests are written in.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::browser::{self, BrowserLog, Cdp};
use crate::mock::{Mock, ADMIN_TOKEN};
use crate::paths;
use crate::site::{Site, SiteOptions};
use crate::Context;

pub const PREFIX: &str = "/admin";
const WAIT: Duration = Duration::from_secs(10);

pub struct EnvOptions {
    /// Extra mock flags, e.g. `["--empty", "--workflows", "manual"]`.
    pub mock_args: Vec<&'static str>,
    /// More mock flags computed at run time (e.g. `--oidc-issuer <url>`).
    pub extra_mock_args: Vec<String>,
    /// A Content-Security-Policy for the HTML; `{api}` is replaced by the mock's origin.
    pub csp: Option<String>,
    /// Fields merged into the generated config.json (the mock's URL is filled in).
    pub config: Value,
    /// Serve this config.json text instead (`Some(None)`: none at all).
    pub raw_config: Option<Option<String>>,
    pub site: SiteOptions,
    /// Serve the app at `/` instead of `/admin` (a `PUBLIC_URL=/` deployment), from the same
    /// `dist/` with index.html rewritten (`SiteOptions::built_for`).
    pub at_root: bool,
    /// Extra Chromium flags for this test's browser (e.g. `--host-resolver-rules=…`).
    pub browser_args: Vec<String>,
}

impl Default for EnvOptions {
    fn default() -> Self {
        EnvOptions {
            mock_args: vec!["--workflow-delay-ms", "1500"],
            config: json!({}),
            raw_config: None,
            site: SiteOptions::default(),
            extra_mock_args: Vec::new(),
            csp: None,
            at_root: false,
            browser_args: Vec::new(),
        }
    }
}

pub struct Env {
    pub mock: Mock,
    pub site: Site,
    pub client: Client,
    /// The path the app is served under: [`PREFIX`], or `""` at the root.
    pub prefix: String,
}

impl Env {
    pub async fn start(options: EnvOptions) -> Result<Env, String> {
        let mut args: Vec<&str> = options.mock_args.clone();
        args.extend(options.extra_mock_args.iter().map(String::as_str));
        let mock = Mock::start(&args).await?;
        let mut config = json!({
            "apiBaseUrl": mock.url,
            "serveBaseUrl": mock.url,
            "requestTimeoutMs": 5000,
            "pollIntervalMs": 700,
            "readRetries": 0,
        });
        if let (Value::Object(base), Value::Object(extra)) = (&mut config, options.config) {
            for (k, v) in extra {
                base.insert(k, v);
            }
        }
        let mut site_options = options.site;
        let prefix = if options.at_root { String::new() } else { PREFIX.to_string() };
        site_options.prefix = prefix.clone();
        if options.at_root {
            site_options.built_for = Some(PREFIX.to_string());
        }
        if let Some(csp) = &options.csp {
            site_options.html_headers.push(("Content-Security-Policy".into(), csp.replace("{api}", &mock.url)));
        }
        site_options.config = Some(match options.raw_config {
            Some(raw) => raw,
            None => Some(config.to_string()),
        });
        let site = Site::start(&paths::dist(), site_options).await?;
        let client = browser::new_session_with(&options.browser_args).await?;
        Ok(Env { mock, site, client, prefix })
    }

    pub async fn default() -> Result<Env, String> {
        Self::start(EnvOptions::default()).await
    }

    /// A deployment whose index.html lost the create bundle's entry (served at `/models/new`).
    pub async fn without_create_bundle() -> Result<Env, String> {
        let html = std::fs::read_to_string(paths::dist().join("index.html")).map_err(|e| e.to_string())?;
        let start = html.find("<meta name=\"lisa-bundle\" data-section=\"create\"").ok_or("no create bundle in index.html")?;
        let end = start + html[start..].find("/>").ok_or("unterminated meta")? + 2;
        let broken = format!("{}{}", &html[..start], &html[end..]);
        let mut site = SiteOptions::default();
        site.pages.insert(format!("{PREFIX}/models/new"), (broken, Vec::new()));
        Self::start(EnvOptions { site, ..Default::default() }).await
    }

    pub fn app_url(&self, path: &str) -> String {
        format!("{}{}{path}", self.site.url, self.prefix)
    }

    /// Open an app path (`/models`) in the browser.
    pub async fn goto(&self, path: &str) -> Result<(), String> {
        self.client.goto(&self.app_url(path)).await.context(&format!("open {path}"))
    }

    /// Sign in through the sign-in page, then wait for `landing` to render.
    pub async fn sign_in_ui(&self, token: &str) -> Result<(), String> {
        self.goto("/sign-in").await?;
        self.fill("#token", token).await?;
        self.click("#sign-in-submit").await
    }

    /// Put the admin token in sessionStorage directly (the sign-in page itself is tested
    /// separately), then open `path`.
    pub async fn signed_in_at(&self, path: &str) -> Result<(), String> {
        self.signed_in_with(ADMIN_TOKEN, path).await
    }

    pub async fn signed_in_with(&self, token: &str, path: &str) -> Result<(), String> {
        self.goto("/sign-in").await?;
        self.wait_css("#page-sign-in").await?;
        self.js(&format!("sessionStorage.setItem('lisa-admin.token', {});", json!(token))).await?;
        self.goto(path).await
    }

    pub async fn js(&self, script: &str) -> Result<Value, String> {
        self.client.execute(script, vec![]).await.context("run script")
    }

    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.client.issue_cmd(Cdp { cmd: cmd.to_string(), params }).await.context(cmd)
    }

    /// Run `source` in every new document before the page's own scripts.
    pub async fn on_new_document(&self, source: &str) -> Result<(), String> {
        self.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await.map(|_| ())
    }

    /// Console messages logged since the last call.
    pub async fn console(&self) -> Result<Vec<String>, String> {
        let value = self.client.issue_cmd(BrowserLog).await.context("read browser log")?;
        Ok(value
            .as_array()
            .map(|entries| {
                entries.iter().filter_map(|e| e.get("message").and_then(Value::as_str).map(String::from)).collect()
            })
            .unwrap_or_default())
    }

    /// Wait until `check` returns `Some`, polling; the error names what was awaited.
    pub async fn until<T, F, Fut>(&self, what: &str, mut check: F) -> Result<T, String>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        self.until_for(what, WAIT, &mut check).await
    }

    pub async fn until_for<T, F, Fut>(&self, what: &str, wait: Duration, mut check: F) -> Result<T, String>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(v) = check().await {
                return Ok(v);
            }
            if Instant::now() > deadline {
                let panicked = self.panicked().await;
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                return Err(format!(
                    "timed out after {:?} waiting for {what} (at {url}{})",
                    wait,
                    if panicked { "; the app PANICKED" } else { "" }
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn wait_css(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        self.until(&format!("element {css}"), || async { self.client.find(Locator::Css(css)).await.ok() }).await
    }

    pub async fn wait_gone(&self, css: &str) -> Result<(), String> {
        self.until(&format!("{css} to disappear"), || async {
            self.client.find_all(Locator::Css(css)).await.ok().filter(|v| v.is_empty()).map(|_| ())
        })
        .await
    }

    /// Wait until the text of `css` contains `needle`; returns the whole text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> Result<String, String> {
        self.until(&format!("{css} to contain {needle:?}"), || async {
            let el = self.client.find(Locator::Css(css)).await.ok()?;
            let text = el.text().await.ok()?;
            text.contains(needle).then_some(text)
        })
        .await
    }

    pub async fn text(&self, css: &str) -> Result<String, String> {
        self.wait_css(css).await?.text().await.context(&format!("text of {css}"))
    }

    pub async fn texts(&self, css: &str) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await.context(css)? {
            out.push(el.text().await.context(css)?);
        }
        Ok(out)
    }

    pub async fn count(&self, css: &str) -> Result<usize, String> {
        Ok(self.client.find_all(Locator::Css(css)).await.context(css)?.len())
    }

    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.wait_css(css).await?.click().await.context(&format!("click {css}"))
    }

    /// Replace the value of an input (works for Leptos `on:input` handlers).
    pub async fn fill(&self, css: &str, value: &str) -> Result<(), String> {
        let el = self.wait_css(css).await?;
        el.clear().await.context(&format!("clear {css}"))?;
        if !value.is_empty() {
            el.send_keys(value).await.context(&format!("type into {css}"))?;
        }
        Ok(())
    }

    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>, String> {
        self.wait_css(css).await?.attr(name).await.context(&format!("{name} of {css}"))
    }

    pub async fn path(&self) -> Result<String, String> {
        let url = self.client.current_url().await.context("current url")?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        })
    }

    pub async fn panicked(&self) -> bool {
        self.client.find(Locator::Css("#panic-banner")).await.is_ok()
    }

    pub async fn assert_no_panic(&self) -> Result<(), String> {
        if self.panicked().await {
            let text = self.text("#panic-banner").await.unwrap_or_default();
            return Err(format!("the app panicked: {text}"));
        }
        Ok(())
    }

    pub async fn session_storage(&self, key: &str) -> Result<Option<String>, String> {
        let v = self.js(&format!("return sessionStorage.getItem({});", json!(key))).await?;
        Ok(v.as_str().map(String::from))
    }

}

impl Drop for Env {
    /// Close the browser session even when a test returns early with an error.
    fn drop(&mut self) {
        let client = self.client.clone();
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                let _ = client.close().await;
            });
        }
    }
}
