//! Data that refreshes itself while a workflow runs, without flicker.
//!
//! Not a `Resource` under `Suspense`/`Transition`: those swap the view for a fallback or dim it
//! on every refetch. Here the last good value stays on screen, an error sits next to it, and a
//! refetch only replaces the value when it arrives. While `keep_polling` says so (some model is
//! Creating, Updating, …) the next fetch is scheduled `interval_ms` later; then it stops until
//! [`Polled::refresh`] is called (an action, the refresh button, a new sign-in).

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

use leptos::prelude::*;
use leptos::reactive::spawn_local_scoped_with_cancellation;
use lisa_api::{ApiError, LisaModel, ModelStatus};
use lisa_console::try_model::models::InServiceWatch;

use crate::components::toast::Toasts;

/// The models a polled value shows, so that one turning InService can offer "Try it".
pub trait ModelStatuses {
    fn statuses(&self) -> Vec<(&str, &ModelStatus)>;
}

impl ModelStatuses for LisaModel {
    fn statuses(&self) -> Vec<(&str, &ModelStatus)> {
        vec![(self.model_id.as_str(), &self.status)]
    }
}

impl ModelStatuses for super::list::Catalogue {
    fn statuses(&self) -> Vec<(&str, &ModelStatus)> {
        self.rows.iter().map(|r| (r.model.model_id.as_str(), &r.model.status)).collect()
    }
}

/// How long to keep polling after an accepted action for its workflow to show up.
const AFTER_CHANGE_GRACE_MS: u32 = 20_000;

type KeepPolling<T> = Rc<dyn Fn(&T) -> bool>;

type Fetch<T> = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<T, ApiError>>>>>;

pub struct Polled<T: Send + Sync + 'static> {
    /// The last value fetched successfully.
    pub data: RwSignal<Option<T>>,
    /// The last fetch's error; cleared by the next success.
    pub error: RwSignal<Option<ApiError>>,
    /// When `data` was fetched (ms since the epoch).
    pub fetched_at: RwSignal<Option<f64>>,
    /// A fetch is in flight.
    pub busy: RwSignal<bool>,
    /// The next fetch is scheduled (some model is in a transitional state).
    pub polling: RwSignal<bool>,
    seq: StoredValue<u64>,
    fetch: StoredValue<Fetch<T>, LocalStorage>,
    keep_polling: StoredValue<KeepPolling<T>, LocalStorage>,
    interval_ms: u32,
    /// After an action, poll until this time even if nothing is transitional yet: LISA answers
    /// a start, stop or delete before its workflow changes the status.
    grace_until: StoredValue<f64>,
    owner: StoredValue<Owner>,
    /// The owner of the fetch in flight (and its scheduled successor): cleaning it up aborts
    /// the request and the timer, so at most one fetch runs and an old answer never lands.
    current: StoredValue<Option<Owner>>,
    in_service: StoredValue<InServiceWatch>,
    toasts: Option<Toasts>,
}

impl<T: Send + Sync + 'static> Clone for Polled<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Polled<T> {}

impl<T: Send + Sync + ModelStatuses + 'static> Polled<T> {
    /// Starts the first fetch at once. Everything stops when the calling component unmounts.
    pub fn start<F, Fut>(interval_ms: u32, fetch: F, keep_polling: impl Fn(&T) -> bool + 'static) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let fetch: Fetch<T> = Rc::new(move || Box::pin(fetch()));
        let polled = Polled {
            data: RwSignal::new(None),
            error: RwSignal::new(None),
            fetched_at: RwSignal::new(None),
            busy: RwSignal::new(false),
            polling: RwSignal::new(false),
            seq: StoredValue::new(0),
            fetch: StoredValue::new_local(fetch),
            keep_polling: StoredValue::new_local(Rc::new(keep_polling)),
            interval_ms: interval_ms.max(250),
            grace_until: StoredValue::new(0.0),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            current: StoredValue::new(None),
            in_service: StoredValue::new(InServiceWatch::default()),
            toasts: use_context::<Toasts>(),
        };
        polled.refresh();
        polled
    }

    /// Fetch now (cancelling a fetch in flight), then keep polling while needed.
    pub fn refresh(&self) {
        let this = *self;
        let Some(seq) = this.seq.try_update_value(|s| {
            *s += 1;
            *s
        }) else {
            return; // the page is gone
        };
        if let Some(previous) = this.current.try_update_value(Option::take).flatten() {
            previous.cleanup();
        }
        let Some(owner) = this.owner.try_get_value() else { return };
        let child = owner.child();
        this.current.set_value(Some(child.clone()));
        child.with(|| spawn_local_scoped_with_cancellation(this.run(seq)));
    }

    /// After a change was accepted: fetch now and keep polling for a while, until the workflow
    /// shows up as a transitional status (then polling follows it to the end).
    pub fn refresh_after_change(&self) {
        let until = crate::time::now_ms() + f64::from(AFTER_CHANGE_GRACE_MS);
        if self.grace_until.try_set_value(until).is_none() {
            self.refresh();
        }
    }

    fn in_grace(&self) -> bool {
        self.grace_until.try_get_value().is_some_and(|until| crate::time::now_ms() < until)
    }

    async fn run(self, seq: u64) {
        let is_current = move || self.seq.try_get_value() == Some(seq);
        let Some(fetch) = self.fetch.try_with_value(Rc::clone) else { return };
        self.busy.set(true);
        let result = fetch().await;
        if !is_current() {
            return;
        }
        self.busy.set(false);
        let again = match result {
            Ok(value) => {
                let transitional = self.keep_polling.try_with_value(|k| k(&value)).unwrap_or(false);
                if transitional {
                    // The workflow is visible now; the usual rule takes over.
                    self.grace_until.set_value(0.0);
                }
                let again = transitional || self.in_grace();
                let arrived = self.in_service.try_update_value(|w| w.observe(value.statuses())).unwrap_or_default();
                for id in arrived {
                    if let Some(toasts) = self.toasts {
                        toasts.success_with_link(format!("{id} is in service."), "Try it", crate::routes::model_try(&id));
                    }
                }
                self.data.set(Some(value));
                self.error.set(None);
                self.fetched_at.set(Some(crate::time::now_ms()));
                again
            }
            Err(e) => {
                // A blip while a workflow runs should not freeze the status; a session problem
                // waits for the sign-in dialog, which triggers a refresh.
                let again = !e.is_session_problem()
                    && (self.in_grace()
                        || self.data.with_untracked(|d| d.as_ref().is_some_and(|v| self.keep_polling.with_value(|k| k(v)))));
                self.error.set(Some(e));
                again
            }
        };
        self.polling.set(again);
        if again {
            crate::time::sleep(self.interval_ms).await;
            if is_current() {
                self.refresh();
            }
        }
    }
}

/// Which of two futures finished first: its output, and the other one, still running.
pub enum First<A: Future, B: Future> {
    A(A::Output, B),
    B(A, B::Output),
}

/// Run two futures at the same time until one of them finishes (the list and the serve list).
pub async fn first_of<A: Future + Unpin, B: Future + Unpin>(a: A, b: B) -> First<A, B> {
    let mut both = Some((a, b));
    std::future::poll_fn(move |cx| {
        let Some((a, b)) = both.as_mut() else { return Poll::Pending };
        if let Poll::Ready(out) = Pin::new(a).poll(cx) {
            return match both.take() {
                Some((_, b)) => Poll::Ready(First::A(out, b)),
                None => Poll::Pending,
            };
        }
        if let Poll::Ready(out) = Pin::new(b).poll(cx) {
            return match both.take() {
                Some((a, _)) => Poll::Ready(First::B(a, out)),
                None => Poll::Pending,
            };
        }
        Poll::Pending
    })
    .await
}

/// A clock that ticks every second while the page is open, for "updated 12 s ago".
pub fn seconds_clock() -> ReadSignal<f64> {
    let (now, set_now) = signal(crate::time::now_ms());
    spawn_local_scoped_with_cancellation(async move {
        loop {
            crate::time::sleep(1000).await;
            if set_now.try_set(crate::time::now_ms()).is_some() {
                // try_set hands the value back when the signal is gone: the page unmounted.
                break;
            }
        }
    });
    now
}
