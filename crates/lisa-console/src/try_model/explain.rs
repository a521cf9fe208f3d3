//! What a failed serve call means, told truthfully (lisa-serve.md §9): what is known, what is
//! hidden and by whom, and the likely causes for the status. Retries are the admin's: a hint
//! says when one is worth it.

use lisa_api::serve::{ServeError, ServeErrorKind};

/// What the page shows for a failed call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    /// One sentence: what happened.
    pub headline: String,
    /// Likely causes, most likely first.
    pub causes: Vec<String>,
    /// "Retry in 30 s" and the like, when waiting is the fix.
    pub retry_hint: Option<String>,
}

/// What the explanation needs to know about the call.
#[derive(Clone, Copy, Debug)]
pub struct CallContext<'a> {
    pub model_id: &'a str,
    /// Characters of answer (and reasoning) received before the end.
    pub received_chars: usize,
    pub streamed: bool,
}

/// The window in which a model that just turned InService can be unknown to some LiteLLM
/// workers (§9: other workers poll the database every 30 s).
pub const NEW_MODEL_RETRY: &str = "If the model was created or started in the last half minute, it is not yet known to \
     every LiteLLM worker: retry in 30 s.";

fn owned(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn seconds(ms: u32) -> String {
    let s = f64::from(ms) / 1000.0;
    if s.fract() == 0.0 { format!("{s:.0}") } else { format!("{s:.1}") }
}

fn kept(ctx: &CallContext) -> String {
    if ctx.received_chars > 0 {
        format!(" What arrived ({} characters) is kept above.", ctx.received_chars)
    } else {
        String::new()
    }
}

pub fn explain(error: &ServeError, ctx: &CallContext) -> Explained {
    let status = error.status.unwrap_or(0);
    let said = error.message.as_deref().map(|m| format!(": “{m}”")).unwrap_or_default();
    let mut retry_hint = None;
    let (headline, causes) = match &error.kind {
        ServeErrorKind::Network => (
            "No readable answer from LISA Serve: an authentication, rate limit or server problem \
             (LISA Serve sends those answers without CORS headers, so the browser hides them)."
                .to_string(),
            owned(&[
                "Your token is invalid or expired (401). Sign in again.",
                "You are over LISA Serve's rate limit (429; 60 requests a minute per user by default). Wait a minute.",
                "LiteLLM is down: LISA Serve then answers every call with 401 “Authentication failed”.",
                "serveBaseUrl is wrong or unreachable from this browser, or it is plain http while this page is https (mixed content).",
            ]),
        ),
        ServeErrorKind::FirstTokenTimeout { ms } => (
            format!("No answer within {} s (serveFirstTokenTimeoutMs); the request was aborted.", seconds(*ms)),
            owned(&[
                "LISA Serve handles one call at a time per worker until its first token (lisa-serve.md §12): this call may be queued behind others.",
                "The model is slow to start (a cold or scaled-in endpoint), or its provider is retrying (LiteLLM tries 3 times).",
                "Without streaming nothing arrives before the whole answer: a long answer needs a longer timeout, or streaming.",
            ]),
        ),
        ServeErrorKind::IdleTimeout { ms } => (
            format!("The answer stalled: nothing arrived for {} s (serveIdleTimeoutMs), so the request was aborted.{}", seconds(*ms), kept(ctx)),
            owned(&["The model or its provider stopped sending without closing the stream."]),
        ),
        ServeErrorKind::Stopped => (format!("Stopped.{}", kept(ctx)), Vec::new()),
        ServeErrorKind::NotSent => (error.message.clone().unwrap_or_else(|| "The request was not sent.".to_string()), Vec::new()),
        ServeErrorKind::HiddenUpstream => {
            let (causes, hint) = hidden_causes(status, ctx);
            retry_hint = hint;
            (format!("LISA Serve hid the upstream error (HTTP {status}): its answer had no details (a null body)."), causes)
        }
        ServeErrorKind::Upstream if error.is_invalid_model_name() => {
            retry_hint = Some(NEW_MODEL_RETRY.to_string());
            (
                format!("LiteLLM does not know {} (HTTP {status}){said}", ctx.model_id),
                vec![
                    NEW_MODEL_RETRY.to_string(),
                    "The model is stopped, deleted, or its registration in LiteLLM failed.".to_string(),
                ],
            )
        }
        ServeErrorKind::Upstream if error.is_guardrail_block() => (
            format!("A guardrail blocked the prompt (HTTP {status}){said}"),
            owned(&["Guardrails apply to callers signed in with an ID token (not API tokens or the management key)."]),
        ),
        ServeErrorKind::Upstream if status == 429 => {
            retry_hint = Some("Wait a minute, then retry.".to_string());
            (format!("Rate limited (HTTP 429){said}"), owned(&["LISA Serve's per-user limit, or the model provider's (LiteLLM already retried twice)."]))
        }
        ServeErrorKind::Upstream => (format!("LiteLLM answered HTTP {status}{said}"), status_causes(status)),
        ServeErrorKind::Lisa => (format!("LISA Serve refused the call (HTTP {status}){said}"), lisa_causes(status)),
        ServeErrorKind::MidStream => (
            format!("The stream broke off with an error{}{said}.{}", error.code.as_deref().map(|c| format!(" (code {c})")).unwrap_or_default(), kept(ctx)),
            owned(&["The model's provider failed while answering; LISA Serve passed its error on inside the stream."]),
        ),
        ServeErrorKind::Incomplete => (
            format!("The stream ended without completion: no [DONE] and no error.{}", kept(ctx)),
            owned(&["The connection was cut (LISA Serve does not signal truncation), so the answer may be incomplete."]),
        ),
        ServeErrorKind::Unreadable => match error.message.as_deref() {
            Some(m) if !(200..300).contains(&status) => (
                format!("HTTP {status} from in front of LISA Serve: “{m}”"),
                owned(&["The Serve load balancer answered itself: no healthy LISA Serve task, or its 600 s idle timeout."]),
            ),
            Some(m) => (format!("LISA Serve answered HTTP {status}, but the answer could not be read: {m}"), Vec::new()),
            None => (format!("LISA Serve answered HTTP {status} with an empty answer."), status_causes(status)),
        },
    };
    Explained { headline, causes, retry_hint }
}

/// The likely causes behind a `null` body, by status (§9: the same body for every LiteLLM error
/// of a non-streaming call).
fn hidden_causes(status: u16, ctx: &CallContext) -> (Vec<String>, Option<String>) {
    let mut causes = match status {
        400 => vec![
            NEW_MODEL_RETRY.to_string(),
            "The model is stopped or deleted, so LiteLLM no longer knows it.".to_string(),
            "The provider rejected a parameter (for example max tokens above the model's limit).".to_string(),
            "A guardrail blocked the prompt (only for callers signed in with an ID token).".to_string(),
        ],
        _ => status_causes(status),
    };
    if !ctx.streamed {
        causes.push("Turn streaming on and send again: LISA Serve passes a streamed call's error message through.".to_string());
    }
    let hint = match status {
        400 => Some(NEW_MODEL_RETRY.to_string()),
        429 => Some("Wait a minute, then retry.".to_string()),
        _ => None,
    };
    (causes, hint)
}

fn status_causes(status: u16) -> Vec<String> {
    owned(match status {
        400 => &["The provider rejected the request: a parameter it does not accept, or a prompt it refuses."],
        401 | 403 => &["The model's provider refused LiteLLM's credentials."],
        404 => &["LiteLLM or the provider does not know this model or route."],
        408 | 504 => &["The provider took too long to answer."],
        429 => &["The model's provider is throttling (LiteLLM already retried twice). Wait, then retry."],
        500 => &["The provider failed, or a guardrail could not be applied (LiteLLM already retried twice)."],
        502 | 503 => &["The provider or the model's endpoint is unavailable (for a LISA-hosted model: no healthy instance)."],
        _ => &[],
    })
}

fn lisa_causes(status: u16) -> Vec<String> {
    owned(match status {
        401 => &["The token is invalid or expired, or LiteLLM is down (LISA Serve then says “Authentication failed”)."],
        403 => &["This path needs an administrator."],
        400 => &["LISA Serve's input checks refused the body."],
        413 => &["The request is larger than LISA Serve accepts (10 MiB)."],
        404 => &["serveBaseUrl points at a server without this route."],
        _ => &[],
    })
}

#[cfg(test)]
#[path = "explain_tests.rs"]
mod tests;
