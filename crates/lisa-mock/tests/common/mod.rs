//! Starts the real `lisa-mock` binary on a free port and talks to it over HTTP.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;

pub const ADMIN: &str = "Bearer demo-admin-token";
pub const USER: &str = "Bearer demo-user-token";

/// A running mock; killed when dropped.
pub struct Mock {
    child: Child,
    pub base: String,
    /// The second, Serve-only address (`--serve-addr`), if asked for.
    pub serve_base: Option<String>,
    client: reqwest::Client,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn has_cors(&self) -> bool {
        self.header("access-control-allow-origin") == Some("*")
    }
}

/// A request body.
pub enum Body<'a> {
    None,
    Json(&'a Value),
    /// Exact bytes with this content type (`None`: no Content-Type header).
    Raw(&'a [u8], Option<&'a str>),
}

impl Mock {
    pub fn start(args: &[&str]) -> Mock {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lisa-mock"))
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start lisa-mock");
        let stdout = child.stdout.take().expect("stdout");
        let lines = if args.contains(&"--serve-addr") { 2 } else { 1 };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            for _ in 0..lines {
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let _ = tx.send(line);
            }
        });
        let mut read = || match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("lisa-mock printed nothing within 30 s");
            }
        };
        let line = read();
        let base = line.trim().strip_prefix("lisa-mock listening on ").unwrap_or_else(|| panic!("odd first line {line:?}")).to_string();
        assert!(!base.ends_with(":0"), "the real port must be printed: {base}");
        let serve_base = (lines == 2).then(|| {
            let line = read();
            line.trim().strip_prefix("lisa-mock serve listening on ").unwrap_or_else(|| panic!("odd second line {line:?}")).to_string()
        });
        Mock { child, base, serve_base, client: reqwest::Client::new() }
    }

    /// A mock for Serve API tests: demo data, test control, answers without delays, no
    /// serialization and no new-model window unless a test sets them (`serve_settings`).
    pub async fn serve() -> Mock {
        let mock = Mock::start(&["--test-control", "--workflows", "manual"]);
        mock.serve_settings(serde_json::json!({"ttftMs": 0, "tokenMs": 0, "serialize": false, "newModelWindowMs": 0})).await;
        mock
    }

    /// `POST /__mock/serve`: changes some Serve settings; returns them all.
    pub async fn serve_settings(&self, settings: Value) -> Value {
        self.control("POST", "/__mock/serve", &settings).await
    }

    /// Sends a request and returns the response unread, for reading a stream chunk by chunk.
    pub async fn open(&self, path: &str, auth: Option<&str>, body: &Value, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut rb = self.client.post(format!("{}{}", self.base, path)).header("content-type", "application/json").body(body.to_string());
        if let Some(a) = auth {
            rb = rb.header("authorization", a);
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        rb.send().await.expect("request")
    }

    /// The request log (`GET /__mock/requests`), oldest first.
    pub async fn requests(&self) -> Vec<Value> {
        self.get("/__mock/requests", None).await.json().as_array().cloned().unwrap_or_default()
    }

    /// A fresh mock for replaying recorded flows: no demo data, nothing moves by itself.
    pub fn manual() -> Mock {
        Mock::start(&["--empty", "--workflows", "manual", "--test-control"])
    }

    pub async fn send(&self, method: &str, path: &str, auth: Option<&str>, body: Body<'_>, headers: &[(&str, &str)]) -> Resp {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut rb = self.client.request(method, format!("{}{}", self.base, path));
        if let Some(a) = auth {
            rb = rb.header("authorization", a);
        }
        rb = match body {
            Body::None => rb,
            Body::Json(v) => rb.header("content-type", "application/json").body(serde_json::to_vec(v).unwrap()),
            Body::Raw(bytes, ct) => {
                let rb = rb.body(bytes.to_vec());
                match ct {
                    Some(ct) => rb.header("content-type", ct),
                    None => rb,
                }
            }
        };
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let resp = rb.send().await.expect("request");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        Resp { status, headers, text }
    }

    pub async fn get(&self, path: &str, auth: Option<&str>) -> Resp {
        self.send("GET", path, auth, Body::None, &[]).await
    }

    pub async fn json(&self, method: &str, path: &str, auth: Option<&str>, body: &Value) -> Resp {
        self.send(method, path, auth, Body::Json(body), &[]).await
    }

    /// Test-control call; panics unless it answers 200.
    pub async fn control(&self, method: &str, path: &str, body: &Value) -> Value {
        let r = self.json(method, path, None, body).await;
        assert_eq!(r.status, 200, "{method} {path}: {}", r.text);
        r.json()
    }

    pub async fn seed(&self, model_id: &str, status: &str, asg: Option<bool>) -> Value {
        let mut body = serde_json::json!({ "modelId": model_id, "status": status });
        if let Some(asg) = asg {
            body["asg"] = Value::Bool(asg);
        }
        self.control("POST", "/__mock/seed", &body).await
    }

    /// Polls `GET /models/{id}` (admin) until `status`, or panics after `timeout_ms`.
    pub async fn wait_status(&self, id: &str, status: &str, timeout_ms: u64) -> Value {
        let deadline = std::time::Instant::now() + Duration::from_millis(timeout_ms);
        loop {
            let r = self.get(&format!("/models/{id}"), Some(ADMIN)).await;
            let current = if r.status == 200 { r.json()["model"]["status"].as_str().map(str::to_string) } else { None };
            if current.as_deref() == Some(status) {
                return r.json()["model"].clone();
            }
            if std::time::Instant::now() > deadline {
                panic!("{id} did not reach {status} (last: {} {})", r.status, r.text);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

pub fn shared_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

pub fn fixture(name: &str) -> Value {
    let path = shared_dir().join("fixtures").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))).unwrap()
}

/// The admin's hosted test model (as the verdict setups create it).
pub fn hosted_body(id: &str) -> Value {
    serde_json::json!({
        "modelId": id, "modelName": "mistralai/Mistral-7B-Instruct-v0.2", "modelType": "textgen", "streaming": true,
        "hostingType": "lisa_hosted", "instanceType": "g5.xlarge", "inferenceContainer": "vllm",
        "containerConfig": {"image": {"baseImage": "vllm/vllm-openai:v0.5.0", "type": "asset"}, "sharedMemorySize": 2048,
            "healthCheckConfig": {"command": ["CMD-SHELL", "exit 0"], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
            "environment": {"MAX_TOTAL_TOKENS": "2048"}},
        "autoScalingConfig": {"blockDeviceVolumeSize": 50, "minCapacity": 1, "maxCapacity": 4, "cooldown": 420, "defaultInstanceWarmup": 180,
            "metricConfig": {"albMetricName": "RequestCountPerTarget", "targetValue": 30, "duration": 60, "estimatedInstanceWarmup": 330}},
        "loadBalancerConfig": {"healthCheckConfig": {"path": "/health", "interval": 60, "timeout": 30, "healthyThresholdCount": 2, "unhealthyThresholdCount": 10}},
    })
}

pub fn external_body(id: &str) -> Value {
    serde_json::json!({"modelId": id, "modelName": "bedrock/anthropic.claude-3-haiku-20240307-v1:0", "modelType": "textgen", "streaming": true})
}

/// Percent-encodes a path segment (everything but unreserved characters).
pub fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The payloads of an SSE body (`data: X\n\n` → `X`), in order; panics on other framing.
pub fn sse_data(text: &str) -> Vec<String> {
    assert!(text.is_empty() || text.ends_with("\n\n"), "every frame ends with a blank line: {text:?}");
    text.split_terminator("\n\n")
        .map(|frame| frame.strip_prefix("data: ").unwrap_or_else(|| panic!("not an SSE data line: {frame:?}")).to_string())
        .collect()
}

/// The text of the `content` deltas of parsed chunks, concatenated.
pub fn streamed_content(chunks: &[Value]) -> String {
    chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect()
}

/// A chat request body.
pub fn chat(model: &str, prompt: &str, stream: bool) -> Value {
    serde_json::json!({"model": model, "stream": stream, "messages": [{"role": "user", "content": prompt}]})
}

/// Polls the request log until `pred` holds for the entry of `path` (newest first), or panics.
pub async fn wait_log(mock: &Mock, path: &str, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let log = mock.requests().await;
        if let Some(entry) = log.iter().rev().find(|e| e["path"] == path) {
            if pred(entry) {
                return entry.clone();
            }
            if std::time::Instant::now() > deadline {
                panic!("{what}: last entry {entry}");
            }
        } else if std::time::Instant::now() > deadline {
            panic!("{what}: no log entry for {path}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Polls `GET /__mock/usage` until it holds at least `events` events (streams publish theirs
/// when they end), or panics.
pub async fn wait_usage(mock: &Mock, events: usize) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let report = mock.get("/__mock/usage", None).await.json();
        if report["events"].as_array().map_or(0, Vec::len) >= events || std::time::Instant::now() > deadline {
            return report;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
