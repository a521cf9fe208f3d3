//! The real `lisa-mock` binary as a child process on a free port.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::paths;

pub const ADMIN_TOKEN: &str = "demo-admin-token";
pub const USER_TOKEN: &str = "demo-user-token";

pub struct Mock {
    child: Option<Child>,
    pub port: u16,
    pub url: String,
    args: Vec<String>,
    http: reqwest::Client,
}

impl Mock {
    /// Start with `--test-control` plus `args` (e.g. `--empty`, `--workflows manual`).
    pub async fn start(args: &[&str]) -> Result<Mock, String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (child, port) = spawn(&args, 0).await?;
        Ok(Mock {
            child: Some(child),
            port,
            url: format!("http://127.0.0.1:{port}"),
            args,
            http: reqwest::Client::new(),
        })
    }

    /// Stop the server: requests now fail with "connection refused".
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// Whether the server runs (not [`Mock::stop`]ped).
    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// Start again on the same port (with fresh data).
    pub async fn restart(&mut self) -> Result<(), String> {
        self.stop().await;
        let mut last = String::new();
        for _ in 0..20 {
            match spawn(&self.args, self.port).await {
                Ok((child, _)) => {
                    self.child = Some(child);
                    return Ok(());
                }
                Err(e) => last = e,
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(last)
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        let response = self
            .http
            .post(format!("{}{path}", self.url))
            .json(&body)
            .send()
            .await
            .map_err(|e| format!("POST {path}: {e}"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !status.is_success() {
            return Err(format!("POST {path} answered {status}: {text}"));
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// `POST /__mock/inject`: the next matching request(s) get this answer instead.
    pub async fn inject(&self, spec: Value) -> Result<(), String> {
        self.post("/__mock/inject", spec).await.map(|_| ())
    }

    /// Drop every pending injection.
    pub async fn clear_injections(&self) -> Result<(), String> {
        self.http
            .delete(format!("{}/__mock/inject", self.url))
            .send()
            .await
            .map_err(|e| format!("DELETE /__mock/inject: {e}"))?;
        Ok(())
    }

    pub async fn seed(&self, model_id: &str, status: &str) -> Result<(), String> {
        self.post("/__mock/seed", serde_json::json!({"modelId": model_id, "status": status})).await.map(|_| ())
    }

    /// Requests the mock received, oldest first.
    pub async fn requests(&self) -> Result<Vec<Value>, String> {
        let response = self
            .http
            .get(format!("{}/__mock/requests", self.url))
            .send()
            .await
            .map_err(|e| format!("GET /__mock/requests: {e}"))?;
        let value: Value = response.json().await.map_err(|e| format!("requests log: {e}"))?;
        Ok(match value {
            Value::Array(items) => items,
            Value::Object(mut map) => match map.remove("requests") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        })
    }

    pub async fn clear_requests(&self) -> Result<(), String> {
        self.http
            .delete(format!("{}/__mock/requests", self.url))
            .send()
            .await
            .map_err(|e| format!("DELETE /__mock/requests: {e}"))?;
        Ok(())
    }

    /// An API call as an admin, for arranging state.
    pub async fn api(&self, method: &str, path: &str, body: Option<Value>) -> Result<(u16, Value), String> {
        let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
        let mut request = self.http.request(method, format!("{}{path}", self.url)).bearer_auth(ADMIN_TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| format!("{path}: {e}"))?;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::String(text))))
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.start_kill();
        }
    }
}

async fn spawn(args: &[String], port: u16) -> Result<(Child, u16), String> {
    let bin = paths::mock_bin();
    let mut child = Command::new(&bin)
        .arg("--addr")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--test-control")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e} (run `cargo build -p lisa-mock`)", bin.display()))?;
    let stdout = child.stdout.take().ok_or("mock has no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .map_err(|_| "mock did not report its address within 10 s".to_string())?
        .map_err(|e| format!("reading mock output: {e}"))?
        .ok_or("mock exited before listening")?;
    let port = line
        .rsplit(':')
        .next()
        .and_then(|p| p.trim().trim_end_matches('/').parse::<u16>().ok())
        .ok_or_else(|| format!("unexpected first line from mock: {line}"))?;
    // Keep draining stdout so the child never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok((child, port))
}
