//! The import page's state and its runs: what is stored, the plan, and the creates (at most four
//! at a time, never retried by themselves).

use std::cell::RefCell;

use leptos::prelude::*;
use lisa_api::ApiError;
use lisa_console::transfer::apply::{Outcome, Runner};
use lisa_console::transfer::plan::{self, Existing, Row, Secrets, Status};
use lisa_console::transfer::state::{decode_outcomes, encode_outcomes, ImportState, OUTCOMES_KEY, STORAGE_KEY};
use lisa_console::transfer::handover;

use crate::api::ApiClient;
use crate::pages::forms::instances::Instances;
use crate::storage;

thread_local! {
    /// API keys and environment values typed into the plan, by definition: in memory only,
    /// never in storage. They survive a visit to the create form (same page load), not a reload.
    static SECRETS: RefCell<Vec<Secrets>> = const { RefCell::new(Vec::new()) };
}

pub fn secrets() -> Vec<Secrets> {
    SECRETS.with(|s| s.borrow().clone())
}

pub fn update_secret(row: usize, change: impl FnOnce(&mut Secrets)) {
    SECRETS.with(|s| {
        let mut s = s.borrow_mut();
        if s.len() <= row {
            s.resize(row + 1, Secrets::default());
        }
        change(&mut s[row]);
    });
}

pub fn forget_secrets() {
    SECRETS.with(|s| s.borrow_mut().clear());
}

/// Everything the page and its background tasks share (all `Copy` but the client).
#[derive(Clone)]
pub struct Import {
    pub api: ApiClient,
    pub state: RwSignal<Option<ImportState>>,
    pub rows: RwSignal<Vec<Row>>,
    /// LISA's models now (`None` until read).
    pub existing: RwSignal<Option<Existing>>,
    pub existing_error: RwSignal<Option<ApiError>>,
    pub instances: Instances,
    /// The current or last run.
    pub runner: RwSignal<Option<Runner>>,
    /// Reading LISA's models before a run.
    pub preparing: RwSignal<bool>,
    /// Storage refused to keep the plan (quota).
    pub storage_failed: RwSignal<bool>,
}

/// The stored import, if any, with what came back from the create form put in; and a note to
/// show (an unreadable store set aside, a definition brought back).
pub fn restore() -> (Option<ImportState>, Option<String>) {
    let mut note = None;
    let mut state = match storage::get(STORAGE_KEY) {
        Some(text) => match ImportState::decode(&text, storage::get(OUTCOMES_KEY).as_deref()) {
            Some(s) => Some(s),
            None => {
                let aside = storage::set_aside(STORAGE_KEY);
                note = Some(format!("A stored import could not be read and was set aside (kept in this tab's session storage as {aside})."));
                None
            }
        },
        None => None,
    };
    storage::remove(handover::HANDOVER_KEY);
    if let (Some(s), Some(text)) = (state.as_mut(), storage::get(handover::RETURNED_KEY)) {
        storage::remove(handover::RETURNED_KEY);
        if handover::take_back(s, &text) {
            storage::set(STORAGE_KEY, &s.encode());
            storage::set(OUTCOMES_KEY, &encode_outcomes(&s.outcomes));
            note = Some("The definition you edited in the create form is back in the plan and was checked again.".into());
        }
    }
    (state, note)
}

impl Import {
    /// Check every definition again (after any change of the file, a choice, LISA's models or
    /// the instance list).
    pub fn replan(&self) {
        let secrets = secrets();
        let rows = self.state.with_untracked(|s| {
            let Some(s) = s else { return Vec::new() };
            self.existing.with_untracked(|e| {
                let none = Existing::default();
                self.instances.list.with_untracked(|i| plan::plan(&s.definitions, &s.choices, &secrets, &s.options, e.as_ref().unwrap_or(&none), i))
            })
        });
        super::dom::mark("import:planned");
        self.rows.try_set(rows);
    }

    /// Store the plan (not the outcomes, see [`Import::save_outcome`]).
    pub fn save(&self) {
        let text = self.state.with_untracked(|s| s.as_ref().map(ImportState::encode));
        let ok = match text {
            Some(t) => storage::set(STORAGE_KEY, &t),
            None => {
                storage::remove(STORAGE_KEY);
                storage::remove(OUTCOMES_KEY);
                true
            }
        };
        self.storage_failed.try_set(!ok);
    }

    /// Change the stored state, then store and check again.
    pub fn change(&self, f: impl FnOnce(&mut ImportState)) {
        self.state.update(|s| {
            if let Some(s) = s {
                f(s);
            }
        });
        self.save();
        self.replan();
    }

    /// Read LISA's models (the plan compares with them).
    pub async fn read_existing(&self) -> bool {
        match self.api.list_model_records().await {
            Ok(records) => {
                super::dom::mark("import:existing");
                let existing = Existing::from_records(records);
                // Read again when a file is loaded and before applying: most often nothing
                // changed, and checking 1,000 definitions again would be a 50 ms task for the
                // same plan.
                let same = self.existing.with_untracked(|e| e.as_ref() == Some(&existing));
                self.existing_error.try_set(None);
                if !same {
                    self.existing.try_set(Some(existing));
                    self.replan();
                }
                true
            }
            Err(e) => {
                self.existing_error.try_set(Some(e));
                false
            }
        }
    }

    pub fn refresh_existing(&self) {
        let this = self.clone();
        leptos::task::spawn_local(async move {
            this.read_existing().await;
        });
    }

    /// One outcome, stored at once (also when the page is gone meanwhile).
    fn save_outcome(&self, row: usize, outcome: &Outcome) {
        let len = self.state.with_untracked(|s| s.as_ref().map_or(usize::MAX, |s| s.definitions.len()));
        let mut stored = storage::get(OUTCOMES_KEY).map(|t| decode_outcomes(&t, len)).unwrap_or_default();
        stored.insert(row, outcome.clone());
        storage::set(OUTCOMES_KEY, &encode_outcomes(&stored));
        self.state.try_update(|s| {
            if let Some(s) = s {
                s.outcomes.insert(row, outcome.clone());
            }
        });
    }

    /// Apply: read LISA's models again (what exists now is skipped: an interrupted import is
    /// finished by applying again), then create every definition the plan says to create.
    pub fn apply(&self) {
        if self.preparing.get_untracked() || self.runner.with_untracked(|r| r.as_ref().is_some_and(|r| !r.is_finished())) {
            return;
        }
        self.preparing.set(true);
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let read = this.read_existing().await;
            this.preparing.try_set(false);
            if !read {
                return;
            }
            let to_create: Vec<usize> = this.rows.with_untracked(|rows| {
                rows.iter().enumerate().filter(|(_, r)| r.status == Status::Create).map(|(i, _)| i).collect()
            });
            this.runner.try_set(Some(Runner::new(to_create)));
            this.pump();
        });
    }

    /// Launch while fewer than four are in flight.
    fn pump(&self) {
        while let Some(row) = self.runner.try_update(|r| r.as_mut().and_then(Runner::launch)).flatten() {
            let Some(planned) = self.rows.with_untracked(|rows| rows.get(row).cloned()) else {
                self.finish(row, Outcome::NotSent);
                continue;
            };
            let this = self.clone();
            leptos::task::spawn_local(async move {
                let outcome = create_one(&this.api, &planned).await;
                this.finish(row, outcome);
                this.pump();
            });
        }
    }

    fn finish(&self, row: usize, outcome: Outcome) {
        self.save_outcome(row, &outcome);
        let finished = self.runner.try_update(|r| {
            r.as_mut().map(|r| {
                r.finish(row, outcome);
                r.is_finished()
            })
        });
        if finished.flatten() == Some(true) {
            // What was created now exists: the plan says so, and applying again skips it.
            self.refresh_existing();
        }
    }

    /// Stop launching; those in flight finish.
    pub fn cancel(&self) {
        let not_sent = self.runner.try_update(|r| {
            r.as_mut().map(|r| {
                let before: Vec<usize> = r.outcomes.keys().copied().collect();
                r.cancel();
                r.outcomes.iter().filter(|(i, _)| !before.contains(i)).map(|(i, _)| *i).collect::<Vec<_>>()
            })
        });
        for row in not_sent.flatten().unwrap_or_default() {
            self.save_outcome(row, &Outcome::NotSent);
        }
    }
}

/// One create, then the context window it was exported with (external models only).
async fn create_one(api: &ApiClient, row: &Row) -> Outcome {
    match api.create_model_accepted(&row.body).await {
        Ok(id) => {
            let context_window = match row.context_window {
                Some(n) => Some(api.set_context_window(&id, n).await.map(|_| n).map_err(|e| e.message)),
                None => None,
            };
            Outcome::Created { context_window }
        }
        Err(e) => Outcome::from_error(&e),
    }
}
