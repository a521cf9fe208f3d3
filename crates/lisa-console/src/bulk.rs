//! Many models at once (issue 14): the selection, the plan of a bulk start, stop or delete, and
//! the run's scheduling and outcomes. The page only sends the requests this module hands out
//! and reports their answers back.
//!
//! * **Plan first**: each selected model is either in the plan or skipped with the reason the
//!   single button gives ([`crate::lifecycle::allowed_for`]), so bulk and single actions never
//!   disagree.
//! * **Run**: at most [`MAX_IN_FLIGHT`] requests at a time, each sent once (a change is never
//!   retried on its own). Each model ends accepted, refused with LISA's text, unknown (no
//!   answer: the change may or may not have happened), or not sent (cancelled, or the page
//!   was reloaded before its turn).
//! * The run is plain data ([`BulkRun::to_json`]), so the page keeps it in `sessionStorage` and
//!   a reload shows the outcomes until the admin dismisses them. (Written by hand over
//!   `serde_json::Value`: derived serde code for these types cost the catalogue bundle several KB.)

use std::collections::HashSet;

use lisa_api::{ApiError, ErrorKind, ModelStatus};
use serde_json::Value;

use crate::lifecycle::{allowed_for, Hosting, ModelAction};

/// Requests of one bulk action in flight at once: enough to finish 200 models quickly, few
/// enough not to trip LISA's throttling or flood its workflows.
pub const MAX_IN_FLIGHT: usize = 4;

/// What the plan needs about a selected model.
pub struct Candidate<'a> {
    pub id: &'a str,
    pub status: &'a ModelStatus,
    pub hosting: Hosting,
}

/// The actions that can be applied to a selection.
pub const BULK_ACTIONS: [ModelAction; 3] = [ModelAction::Start, ModelAction::Stop, ModelAction::Delete];

/// Which selected models an action applies to, and which are skipped and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BulkPlan {
    pub apply: Vec<String>,
    /// `(id, reason)`.
    pub skipped: Vec<(String, String)>,
}

/// Plan `action` over `selected`, in the given order.
pub fn plan(action: ModelAction, not_admin: Option<&str>, selected: &[Candidate]) -> BulkPlan {
    let mut out = BulkPlan::default();
    for c in selected {
        match allowed_for(not_admin, c.status, c.hosting, action) {
            Ok(()) => out.apply.push(c.id.to_string()),
            Err(reason) => out.skipped.push((c.id.to_string(), reason)),
        }
    }
    out
}

/// `Delete 12 models?` and the like.
pub fn models_text(n: usize) -> String {
    format!("{n} {}", if n == 1 { "model" } else { "models" })
}

/// The text the admin types to confirm a bulk delete: the number of models.
pub fn delete_confirmation(plan: &BulkPlan) -> String {
    plan.apply.len().to_string()
}

/// One model's state in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Its turn has not come.
    Waiting,
    /// The request went out; no answer yet.
    Sent,
    Accepted,
    /// LISA answered no: its own words.
    Refused(String),
    /// No readable answer (network, timeout, or the page went away): the change may or may not
    /// have happened.
    Unknown(String),
    /// Never sent: the run was cancelled or the page reloaded before its turn.
    NotSent,
}

impl Outcome {
    pub fn is_final(&self) -> bool {
        !matches!(self, Outcome::Waiting | Outcome::Sent)
    }

    /// A short label for the outcome list (CSS class suffix too).
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Waiting => "waiting",
            Outcome::Sent => "sent",
            Outcome::Accepted => "accepted",
            Outcome::Refused(_) => "refused",
            Outcome::Unknown(_) => "unknown",
            Outcome::NotSent => "not-sent",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Waiting => "Waiting",
            Outcome::Sent => "Sent, waiting for LISA",
            Outcome::Accepted => "Accepted",
            Outcome::Refused(_) => "Refused",
            Outcome::Unknown(_) => "Unknown",
            Outcome::NotSent => "Not sent",
        }
    }

    /// From [`Outcome::key`] and [`Outcome::text`] (storage).
    pub fn from_parts(key: &str, text: &str) -> Option<Outcome> {
        Some(match key {
            "waiting" => Outcome::Waiting,
            "sent" => Outcome::Sent,
            "accepted" => Outcome::Accepted,
            "refused" => Outcome::Refused(text.to_string()),
            "unknown" => Outcome::Unknown(text.to_string()),
            "not-sent" => Outcome::NotSent,
            _ => return None,
        })
    }

    pub fn text(&self) -> &str {
        match self {
            Outcome::Refused(t) | Outcome::Unknown(t) => t,
            _ => "",
        }
    }
}

/// How a request's answer counts. A 2xx whose body could not be read is accepted (LISA did it);
/// no answer at all is unknown; anything else is LISA refusing, with its `detail`.
pub fn outcome_of(result: Result<(), &ApiError>) -> Outcome {
    match result {
        Ok(()) => Outcome::Accepted,
        Err(e) if e.is_unreadable_success() => Outcome::Accepted,
        Err(e) if matches!(e.kind, ErrorKind::Network | ErrorKind::Timeout) => {
            Outcome::Unknown(format!("{} {}", e.message, e.change_note().unwrap_or_default()).trim_end().to_string())
        }
        Err(e) => Outcome::Refused(e.message.clone()),
    }
}

/// A bulk action under way or finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkRun {
    pub action: String,
    /// In plan order.
    pub items: Vec<(String, Outcome)>,
    /// The models the plan skipped, with why: shown with the outcomes.
    pub skipped: Vec<(String, String)>,
    pub cancelled: bool,
    /// Ids that were in flight when the admin cancelled.
    pub out_at_cancel: Vec<String>,
}

impl BulkRun {
    pub fn new(action: ModelAction, plan: BulkPlan) -> BulkRun {
        BulkRun {
            action: action.key().to_string(),
            items: plan.apply.into_iter().map(|id| (id, Outcome::Waiting)).collect(),
            skipped: plan.skipped,
            cancelled: false,
            out_at_cancel: Vec::new(),
        }
    }

    /// For sessionStorage: `{"action", "items": [[id, outcome, text]], "skipped": [[id, reason]],
    /// "cancelled", "out"}`. Written by hand (see [`json_string`]).
    pub fn to_json(&self) -> String {
        let list = |parts: &mut dyn Iterator<Item = String>| format!("[{}]", parts.collect::<Vec<_>>().join(","));
        let items = list(&mut self.items.iter().map(|(id, o)| list(&mut [id.as_str(), o.key(), o.text()].into_iter().map(json_string))));
        let skipped = list(&mut self.skipped.iter().map(|(id, r)| list(&mut [id, r].into_iter().map(|s| json_string(s)))));
        let out = list(&mut self.out_at_cancel.iter().map(|s| json_string(s)));
        format!(
            r#"{{"action":{},"items":{items},"skipped":{skipped},"cancelled":{},"out":{out}}}"#,
            json_string(&self.action),
            self.cancelled
        )
    }

    /// Untrusted (storage can hold anything): `None` unless every part reads.
    pub fn from_json(text: &str) -> Option<BulkRun> {
        let v: Value = serde_json::from_str(text).ok()?;
        let strings = |v: &Value| -> Option<Vec<String>> { v.as_array()?.iter().map(|s| s.as_str().map(String::from)).collect() };
        let items = v["items"]
            .as_array()?
            .iter()
            .map(|i| {
                let parts = strings(i)?;
                match parts.as_slice() {
                    [id, key, text] => Some((id.clone(), Outcome::from_parts(key, text)?)),
                    _ => None,
                }
            })
            .collect::<Option<Vec<_>>>()?;
        let skipped = v["skipped"]
            .as_array()?
            .iter()
            .map(|i| match strings(i)?.as_slice() {
                [id, reason] => Some((id.clone(), reason.clone())),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let run = BulkRun {
            action: v["action"].as_str()?.to_string(),
            items,
            skipped,
            cancelled: v["cancelled"].as_bool()?,
            out_at_cancel: strings(&v["out"])?,
        };
        run.action().map(|_| run)
    }

    pub fn action(&self) -> Option<ModelAction> {
        BULK_ACTIONS.into_iter().find(|a| a.key() == self.action)
    }

    fn in_flight(&self) -> usize {
        self.items.iter().filter(|(_, o)| *o == Outcome::Sent).count()
    }

    /// The next models to send now (marked sent): none after a cancel, never more than
    /// [`MAX_IN_FLIGHT`] out at once.
    pub fn launch(&mut self) -> Vec<(usize, String)> {
        if self.cancelled {
            return Vec::new();
        }
        let room = MAX_IN_FLIGHT.saturating_sub(self.in_flight());
        let mut out = Vec::new();
        for (i, (id, outcome)) in self.items.iter_mut().enumerate() {
            if out.len() == room {
                break;
            }
            if *outcome == Outcome::Waiting {
                *outcome = Outcome::Sent;
                out.push((i, id.clone()));
            }
        }
        out
    }

    /// The answer for item `index` (only a sent item takes one: an answer never lands twice).
    pub fn finish(&mut self, index: usize, outcome: Outcome) {
        if let Some((_, o)) = self.items.get_mut(index) {
            if *o == Outcome::Sent && outcome.is_final() {
                *o = outcome;
            }
        }
    }

    /// Stop launching. Returns the ids already out, whose answers still count.
    pub fn cancel(&mut self) -> Vec<String> {
        if !self.cancelled {
            self.cancelled = true;
            self.out_at_cancel = self.items.iter().filter(|(_, o)| *o == Outcome::Sent).map(|(id, _)| id.clone()).collect();
            for (_, o) in &mut self.items {
                if *o == Outcome::Waiting {
                    *o = Outcome::NotSent;
                }
            }
        }
        self.out_at_cancel.clone()
    }

    /// After a reload: nothing is in flight any more. A request that was out may have reached
    /// LISA; one whose turn had not come was never sent.
    pub fn after_reload(mut self) -> BulkRun {
        for (_, o) in &mut self.items {
            match o {
                Outcome::Sent => {
                    *o = Outcome::Unknown(
                        "The page was reloaded before LISA answered: the change may or may not have happened. \
                         Check the model before trying again."
                            .to_string(),
                    )
                }
                Outcome::Waiting => *o = Outcome::NotSent,
                _ => {}
            }
        }
        self
    }

    /// `(answered or given up, total)`.
    pub fn progress(&self) -> (usize, usize) {
        (self.items.iter().filter(|(_, o)| o.is_final()).count(), self.items.len())
    }

    pub fn is_finished(&self) -> bool {
        self.items.iter().all(|(_, o)| o.is_final())
    }

    pub fn count(&self, key: &str) -> usize {
        self.items.iter().filter(|(_, o)| o.key() == key).count()
    }

    /// One line: what happened so far.
    pub fn summary(&self) -> String {
        let (done, total) = self.progress();
        let verb = self.action().map_or("Change", |a| a.label());
        let mut parts = vec![format!("{} accepted", self.count("accepted"))];
        for (key, word) in [("refused", "refused"), ("unknown", "unknown"), ("not-sent", "not sent")] {
            let n = self.count(key);
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        if !self.skipped.is_empty() {
            parts.push(format!("{} skipped", self.skipped.len()));
        }
        let head = if self.is_finished() {
            format!("{verb} {}: done.", models_text(total))
        } else {
            format!("{verb} {}: {done} of {total} answered.", models_text(total))
        };
        format!("{head} {}.", parts.join(", "))
    }

    /// After a cancel: which requests had already gone out.
    pub fn cancel_note(&self) -> Option<String> {
        if !self.cancelled {
            return None;
        }
        let not_sent = self.count("not-sent");
        Some(match self.out_at_cancel.as_slice() {
            [] => format!("Cancelled: no request was out; {} not sent.", models_text(not_sent)),
            out => format!(
                "Cancelled: {} had already gone out ({}); their answers are below. {} not sent.",
                if out.len() == 1 { "1 request".to_string() } else { format!("{} requests", out.len()) },
                out.join(", "),
                models_text(not_sent)
            ),
        })
    }
}

/// A JSON string literal (written by hand: serde's serializer for `Value` is not otherwise in
/// the catalogue bundle).
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The selection, by model id. A hash set: the catalogue already has that code (a `BTreeSet`
/// cost the bundle its B-tree); plans follow the table's order, not the set's.
pub type Selection = HashSet<String>;

/// Drop ids that no longer exist; returns the ones dropped (the page says so).
pub fn prune(selection: &mut Selection, exists: impl Fn(&str) -> bool) -> Vec<String> {
    let gone: Vec<String> = selection.iter().filter(|id| !exists(id)).cloned().collect();
    for id in &gone {
        selection.remove(id);
    }
    gone
}

/// "m1 and m2 were deleted meanwhile and left the selection."
pub fn gone_notice(gone: &[String]) -> String {
    let names = match gone {
        [] => return String::new(),
        [one] => return format!("{one} no longer exists and left the selection."),
        [a, b] => format!("{a} and {b}"),
        [first @ .., last] if first.len() <= 4 => format!("{} and {last}", first.join(", ")),
        [a, b, c, rest @ ..] => format!("{a}, {b}, {c} and {} more", rest.len()),
    };
    format!("{names} no longer exist and left the selection.")
}

#[cfg(test)]
#[path = "bulk_tests.rs"]
mod tests;
