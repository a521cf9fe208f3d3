//! Headless Chromium through one shared chromedriver. Each test gets its own browser session
//! (a fresh profile: empty storage, no cache).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

static DRIVER: OnceLock<Mutex<Option<(Child, u16)>>> = OnceLock::new();

/// The flags this machine needs (no sandbox as root, no network chatter on a closed network).
pub const CHROME_ARGS: [&str; 10] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
];

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(9515)
}

fn driver_port() -> Result<u16, String> {
    let cell = DRIVER.get_or_init(|| Mutex::new(None));
    let mut guard = cell.lock().map_err(|_| "chromedriver lock poisoned".to_string())?;
    if let Some((_, port)) = guard.as_ref() {
        return Ok(*port);
    }
    let port = free_port();
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_string());
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {bin}: {e} (install Debian's chromium-driver: make setup)"))?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("chromedriver did not start listening within 10 s".to_string());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    *guard = Some((child, port));
    Ok(port)
}

/// Kill chromedriver (and with it any browser left over). Call once at the end of a run.
pub fn shutdown() {
    if let Some(cell) = DRIVER.get() {
        if let Ok(mut guard) = cell.lock() {
            if let Some((mut child, _)) = guard.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
    // Killing chromedriver leaves the browsers it started running (and a session whose close
    // was still pending when the program ended is never closed): end every Chromium this run
    // started, found by the switch each one carries.
    let _ = Command::new("pkill").args(["-KILL", "-f", "--", &run_marker()]).stdout(Stdio::null()).stderr(Stdio::null()).status();
}

/// A switch Chromium ignores, naming this process, so that `shutdown` finds its browsers.
fn run_marker() -> String {
    format!("--lisa-e2e-run={}", std::process::id())
}

pub async fn new_session() -> Result<Client, String> {
    new_session_with(&[]).await
}

/// A session whose Chromium gets `extra_args` too (e.g. `--host-resolver-rules=…`).
pub async fn new_session_with(extra_args: &[String]) -> Result<Client, String> {
    let port = driver_port()?;
    let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chrome, "args": CHROME_ARGS.iter().map(|a| a.to_string()).chain([run_marker()]).chain(extra_args.iter().cloned()).collect::<Vec<_>>() }),
    );
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut last = String::new();
    // Chromium occasionally fails its first start on a loaded 2-core machine; try again.
    for _ in 0..3 {
        match ClientBuilder::new(connector.clone()).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(client) => return Ok(client),
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(format!("cannot open a Chromium session: {last}"))
}

/// A Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
pub struct Cdp {
    pub cmd: String,
    pub params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// Chromium's console log since the last call (chromedriver's legacy log endpoint).
#[derive(Debug)]
pub struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}
