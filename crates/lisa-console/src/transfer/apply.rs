//! Applying a plan: at most [`MAX_IN_FLIGHT`] creates at a time, one outcome per definition, a
//! change never sent twice by itself. The page drives a [`Runner`]: it asks for the next
//! definition to send while fewer than four are in flight, and reports each answer.

use std::collections::{BTreeMap, VecDeque};

use lisa_api::{ApiError, ErrorKind};

/// LISA's API Gateway and Lambda concurrency are shared with every other user: four at a time.
pub const MAX_IN_FLIGHT: usize = 4;

/// What happened to one definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// LISA accepted the create. `context_window`: the follow-up `PUT …/context-window`, when one
    /// was due (`Ok`: set; `Err`: why not).
    Created { context_window: Option<Result<i64, String>> },
    /// 409: a model with this id was created meanwhile (by someone else, or by an earlier
    /// attempt whose answer was lost). Not an error: it is there.
    Exists,
    /// LISA refused, with its `detail`.
    Failed(String),
    /// No answer (network, timeout) or an unreadable one: the model may or may not exist.
    Unknown(String),
    /// Not sent: the admin cancelled before its turn.
    NotSent,
}

impl Outcome {
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Created { .. } => "created",
            Outcome::Exists => "exists",
            Outcome::Failed(_) => "failed",
            Outcome::Unknown(_) => "unknown",
            Outcome::NotSent => "not-sent",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Created { context_window: Some(Err(_)) } => "Created (context window not set)",
            Outcome::Created { .. } => "Created",
            Outcome::Exists => "Exists (created meanwhile)",
            Outcome::Failed(_) => "Failed",
            Outcome::Unknown(_) => "Unknown",
            Outcome::NotSent => "Not sent",
        }
    }

    /// The text beside the label.
    pub fn detail(&self) -> String {
        match self {
            Outcome::Created { context_window: Some(Ok(n)) } => format!("Context window set to {n}."),
            Outcome::Created { context_window: Some(Err(e)) } => format!("The context window could not be set: {e}"),
            Outcome::Created { context_window: None } => String::new(),
            Outcome::Exists => "LISA answered 409: a model with this id exists. Nothing was changed.".into(),
            Outcome::Failed(m) | Outcome::Unknown(m) => m.clone(),
            Outcome::NotSent => "Cancelled before it was sent.".into(),
        }
    }

    /// The outcome of a create LISA did not accept.
    pub fn from_error(e: &ApiError) -> Outcome {
        let mut text = e.message.clone();
        if e.kind == ErrorKind::Validation {
            for f in &e.field_errors {
                text.push_str(&format!(" {}: {}", f.path(), f.message()));
            }
        }
        match (e.kind, e.change_note()) {
            (ErrorKind::Conflict, _) => Outcome::Exists,
            (_, Some(note)) => Outcome::Unknown(format!("{text} {note}")),
            _ => Outcome::Failed(text),
        }
    }

    /// Settled: applying again would not send this one (`Created`, `Exists`).
    pub fn is_done(&self) -> bool {
        matches!(self, Outcome::Created { .. } | Outcome::Exists)
    }
}

/// One run over the definitions to create.
#[derive(Clone, Debug, Default)]
pub struct Runner {
    waiting: VecDeque<usize>,
    in_flight: Vec<usize>,
    pub outcomes: BTreeMap<usize, Outcome>,
    pub total: usize,
    pub cancelled: bool,
}

impl Runner {
    /// `rows`: the positions of the definitions to create, in order.
    pub fn new(rows: Vec<usize>) -> Self {
        Runner { total: rows.len(), waiting: rows.into(), ..Runner::default() }
    }

    /// The next definition to send, if fewer than four are in flight and the run goes on.
    pub fn launch(&mut self) -> Option<usize> {
        if self.cancelled || self.in_flight.len() >= MAX_IN_FLIGHT {
            return None;
        }
        let row = self.waiting.pop_front()?;
        self.in_flight.push(row);
        Some(row)
    }

    /// Record the answer for `row`.
    pub fn finish(&mut self, row: usize, outcome: Outcome) {
        self.in_flight.retain(|r| *r != row);
        self.outcomes.insert(row, outcome);
    }

    /// Stop launching: the waiting ones become "not sent"; those in flight finish.
    pub fn cancel(&mut self) {
        self.cancelled = true;
        for row in self.waiting.drain(..) {
            self.outcomes.insert(row, Outcome::NotSent);
        }
    }

    pub fn in_flight(&self) -> &[usize] {
        &self.in_flight
    }

    /// Answers received or given up (cancelled).
    pub fn settled(&self) -> usize {
        self.outcomes.len()
    }

    pub fn is_finished(&self) -> bool {
        self.in_flight.is_empty() && self.waiting.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_four_in_flight_and_cancel_keeps_those_sent() {
        let mut r = Runner::new((0..10).collect());
        let first: Vec<usize> = std::iter::from_fn(|| r.launch()).collect();
        assert_eq!(first, [0, 1, 2, 3]);
        r.finish(1, Outcome::Created { context_window: None });
        assert_eq!(r.launch(), Some(4));
        assert_eq!(r.launch(), None);
        r.cancel();
        assert_eq!(r.launch(), None, "nothing new after cancel");
        assert_eq!(r.in_flight(), [0, 2, 3, 4]);
        assert_eq!(r.outcomes.get(&9), Some(&Outcome::NotSent));
        for row in [0, 2, 3, 4] {
            r.finish(row, Outcome::Exists);
        }
        assert!(r.is_finished());
        assert_eq!(r.settled(), 10);
    }

    #[test]
    fn errors_become_outcomes() {
        assert_eq!(Outcome::from_error(&ApiError { status: Some(409), kind: ErrorKind::Conflict, message: "x".into(), field_errors: vec![] }), Outcome::Exists);
        let unknown = Outcome::from_error(&ApiError::network());
        assert!(matches!(&unknown, Outcome::Unknown(m) if m.contains("may or may not")), "{unknown:?}");
        let failed = Outcome::from_error(&ApiError { status: Some(500), kind: ErrorKind::Server, message: "boom".into(), field_errors: vec![] });
        assert_eq!(failed, Outcome::Failed("boom".into()));
        assert!(!failed.is_done() && Outcome::Exists.is_done());
    }
}
