//! Fault injection (issue 7): every fault on every API call of every page, through the mock's
//! `/__mock/inject` (and by stopping the mock for "connection refused").
//!
//! For each fault it checks that the app does not panic, shows a message that is specific and
//! true for that fault, offers a retry for reads and recovers without a reload once the fault
//! clears, keeps what was typed in an open form, retries reads (with backoff) and never retries
//! a change. One test runs the page groups side by side and prints one summary line:
//! `faults: faults N, panics 0, lost inputs 0, wrong messages 0, retry faults 0, failed recoveries 0`.

mod catalogue;
mod forms;
mod reads;
mod steps;

use std::time::Duration;

use lisa_e2e::{EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![every_fault_on_every_call_is_told_truthfully_and_recovers]
}

/// The client's request timeout in these tests, and a delay well beyond it.
pub const TIMEOUT_MS: u64 = 1500;
const SLOW_MS: u64 = 4000;
/// Reads are retried once here (after the first backoff step), to keep the run short.
pub const READ_RETRIES: u64 = 1;
/// The 500 body's text, which the page must show.
const MSG_500: &str = "Fault drill: the model table is unavailable";
/// How long a message may take to appear (a slow fault: two attempts past the timeout).
pub const MESSAGE_WAIT: Duration = Duration::from_secs(20);

/// The test config: short timeout, one retry, no polling noise.
pub fn options() -> EnvOptions {
    EnvOptions {
        mock_args: vec!["--workflows", "manual"],
        config: json!({"requestTimeoutMs": TIMEOUT_MS, "readRetries": READ_RETRIES, "pollIntervalMs": 600}),
        ..Default::default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Status500WithBody,
    Status500Empty,
    Gateway502NoCors,
    Gateway503NoCors,
    Gateway504NoCors,
    Throttled429,
    SlowPastTimeout,
    MalformedJson,
    WrongTypes,
    TenMegabytes,
    ConnectionRefused,
}

pub const ALL: [Fault; 11] = [
    Fault::Status500WithBody,
    Fault::Status500Empty,
    Fault::Gateway502NoCors,
    Fault::Gateway503NoCors,
    Fault::Gateway504NoCors,
    Fault::Throttled429,
    Fault::SlowPastTimeout,
    Fault::MalformedJson,
    Fault::WrongTypes,
    Fault::TenMegabytes,
    Fault::ConnectionRefused,
];

impl Fault {
    /// Transient: a read is retried after it.
    pub fn transient(self) -> bool {
        !matches!(self, Fault::MalformedJson | Fault::WrongTypes | Fault::TenMegabytes)
    }

    /// The browser never sees a status: the outcome of a change is unknown.
    fn opaque(self) -> bool {
        matches!(
            self,
            Fault::Gateway502NoCors | Fault::Gateway503NoCors | Fault::Gateway504NoCors | Fault::SlowPastTimeout | Fault::ConnectionRefused
        )
    }

    fn class(self) -> Class {
        match self {
            Fault::Status500WithBody | Fault::Status500Empty => Class::Server,
            Fault::Gateway502NoCors | Fault::Gateway503NoCors | Fault::Gateway504NoCors | Fault::ConnectionRefused => Class::Network,
            Fault::Throttled429 => Class::Throttled,
            Fault::SlowPastTimeout => Class::Timeout,
            Fault::MalformedJson | Fault::WrongTypes | Fault::TenMegabytes => Class::Unreadable,
        }
    }
}

/// What the admin must be told, by kind of fault.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Server,
    Network,
    Throttled,
    Timeout,
    Unreadable,
}

impl Class {
    /// Phrases that say it (any one will do).
    fn says(self) -> &'static [&'static str] {
        match self {
            Class::Server => &["internal error (http 500)"],
            Class::Network => &["failed before lisa answered"],
            Class::Throttled => &["too many requests", "throttl", "rate limit"],
            Class::Timeout => &["did not answer within 1.5 seconds"],
            Class::Unreadable => &["could not be read"],
        }
    }
}

const CLASSES: [Class; 5] = [Class::Server, Class::Network, Class::Throttled, Class::Timeout, Class::Unreadable];

/// One API call a page makes, with bodies of the right shape to break it.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: &'static str,
    pub path: String,
    /// Truncated JSON.
    pub malformed: &'static str,
    /// Valid JSON with wrong types or missing fields.
    pub wrong: Value,
    /// JSON whose `%PAD%` the mock turns into 10 MB of `x` (a string where something else belongs).
    pub huge: &'static str,
}

impl Call {
    pub fn is_change(&self) -> bool {
        self.method != "GET"
    }

    /// The same call's bodies for another path (`/models/{id}` as GET, PUT or DELETE).
    pub fn model(method: &'static str, id: &str) -> Call {
        Call {
            method,
            path: format!("/models/{id}"),
            malformed: r#"{"model": {"modelId": "x", "status": "#,
            wrong: json!({"model": {"modelId": 42, "status": ["InService"]}}),
            huge: r#"{"model": "%PAD%"}"#,
        }
    }

    /// How many requests the app should send for this fault: a read is retried after a
    /// transient fault, a change never.
    pub fn expected_attempts(&self, fault: Fault) -> u64 {
        if !self.is_change() && fault.transient() {
            1 + READ_RETRIES
        } else {
            1
        }
    }

    /// The `/__mock/inject` body, or `None` for connection refused (the mock is stopped).
    pub fn injection(&self, fault: Fault) -> Option<Value> {
        let gateway = |status: u16, message: &str| json!({"status": status, "dropCors": true, "body": {"message": message}});
        let mut spec = match fault {
            Fault::Status500WithBody => json!({"status": 500, "body": {"error": "Internal Server Error", "message": MSG_500}}),
            Fault::Status500Empty => json!({"status": 500}),
            Fault::Gateway502NoCors => gateway(502, "Internal server error"),
            Fault::Gateway503NoCors => gateway(503, "Service Unavailable"),
            Fault::Gateway504NoCors => gateway(504, "Endpoint request timed out"),
            Fault::Throttled429 => json!({"status": 429, "body": {"message": "Too Many Requests"}}),
            // The gateway gives up late, after the client has: nothing was carried out.
            Fault::SlowPastTimeout => {
                let mut g = gateway(504, "Endpoint request timed out");
                g["delayMs"] = json!(SLOW_MS);
                g
            }
            Fault::MalformedJson => json!({"status": 200, "rawBody": self.malformed}),
            Fault::WrongTypes => json!({"status": 200, "body": self.wrong}),
            Fault::TenMegabytes => json!({"status": 200, "rawBody": self.huge, "padBytes": 10 * 1024 * 1024}),
            Fault::ConnectionRefused => return None,
        };
        spec["method"] = json!(self.method);
        spec["path"] = json!(self.path);
        spec["times"] = json!(self.expected_attempts(fault));
        Some(spec)
    }
}

/// Whether `text` (what the page shows about the fault) is specific and true; the reason if not.
pub fn judge(fault: Fault, call: &Call, text: &str) -> Result<(), String> {
    let t = text.to_lowercase();
    let class = fault.class();
    if text.chars().count() > 3000 {
        return Err(format!("a {} character message", text.chars().count()));
    }
    if fault == Fault::Status500WithBody {
        if !text.contains(MSG_500) {
            return Err("LISA's own text is missing".into());
        }
    } else if !class.says().iter().any(|p| t.contains(p)) {
        return Err(format!("does not say any of {:?}", class.says()));
    }
    for other in CLASSES.iter().filter(|c| **c != class) {
        if let Some(p) = other.says().iter().find(|p| t.contains(*p)) {
            return Err(format!("says {p:?}, which belongs to another fault"));
        }
    }
    if class == Class::Unreadable {
        // HTTP 200 came back: not "an error", and a change was probably carried out.
        for wrong in ["returned an error", "could not start", "could not stop", "could not delete"] {
            if t.contains(wrong) {
                return Err(format!("says {wrong:?} about an HTTP 200"));
            }
        }
        if call.is_change() && !t.contains("accepted") {
            return Err("does not say LISA probably accepted the change".into());
        }
    }
    if call.is_change() && fault.opaque() && !t.contains("may or may not") {
        return Err("does not say the change may or may not have reached LISA".into());
    }
    Ok(())
}

async fn every_fault_on_every_call_is_told_truthfully_and_recovers() -> TestResult {
    // Two lanes of browsers at a time suit the 2-core machines.
    let (a, b) = tokio::join!(catalogue::run(), async {
        let mut t = forms::run().await;
        t.merge(reads::metrics().await);
        t
    });
    let mut tally = a;
    tally.merge(b);
    println!(
        "faults: faults {}, panics {}, lost inputs {}, wrong messages {}, retry faults {}, failed recoveries {}",
        tally.faults, tally.panics, tally.lost_inputs, tally.wrong_messages, tally.retry_faults, tally.failed_recoveries
    );
    if tally.failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} failing case(s):\n  {}", tally.failures.len(), tally.failures.join("\n  ")))
    }
}
