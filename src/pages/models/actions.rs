//! Start, stop, delete, edit and "create a copy", from a table row or the detail page.
//!
//! Each action is offered only where LISA's lifecycle allows it (`lisa_contract::lifecycle`);
//! a control that is not allowed stays focusable, marked `aria-disabled`, and says why. Stop
//! and delete ask first (delete wants the id typed). While LISA answers, the button shows a
//! spinner; then a toast says what happened, with LISA's own `detail` text on failure.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use lisa_contract::auth::AdminStatus;
use lisa_contract::lifecycle::{action_availability, needs_confirmation, ModelAction};
use lisa_contract::requests::UpdateModelRequest;
use lisa_contract::{ApiError, ErrorKind, LisaModel};

use crate::api::{use_api, ApiClient};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::page::Spinner;
use crate::components::toast::{use_toasts, Toasts};
use crate::routes;
use crate::session::use_session;

/// Called after LISA answered an action: `(action, model id, accepted)`.
pub type AfterAction = Rc<dyn Fn(ModelAction, &str, bool)>;

/// The actions of one page, shared by its rows through context.
#[derive(Clone, Copy)]
pub struct ModelActions {
    pending: RwSignal<HashMap<String, ModelAction>>,
    confirm: RwSignal<Option<(ModelAction, String)>>,
    admin: Signal<AdminStatus>,
    owner: StoredValue<Owner>,
    api: StoredValue<ApiClient>,
    toasts: Toasts,
    after: StoredValue<AfterAction, LocalStorage>,
}

impl ModelActions {
    pub fn new(after: impl Fn(ModelAction, &str, bool) + 'static) -> Self {
        ModelActions {
            pending: RwSignal::new(HashMap::new()),
            confirm: RwSignal::new(None),
            admin: use_session().admin_status(),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            api: StoredValue::new(use_api()),
            toasts: use_toasts(),
            after: StoredValue::new_local(Rc::new(after)),
        }
    }

    /// Tracked: `Ok`, or why the control is disabled.
    pub fn availability(&self, model: &LisaModel, action: ModelAction) -> Result<(), String> {
        if let AdminStatus::NotAdmin { admin_group } = self.admin.get() {
            return Err(format!(
                "Your account is not in LISA's admin group ({admin_group}); only administrators can change models."
            ));
        }
        action_availability(model, action)
    }

    /// Tracked: the action running for this model, if any.
    pub fn pending(&self, model_id: &str) -> Option<ModelAction> {
        self.pending.with(|p| p.get(model_id).copied())
    }

    /// A click on start, stop or delete.
    pub fn request(&self, model: &LisaModel, action: ModelAction) {
        if self.availability_untracked(model, action).is_err()
            || self.pending.with_untracked(|p| p.contains_key(&model.model_id))
        {
            return;
        }
        if needs_confirmation(action) {
            self.confirm.set(Some((action, model.model_id.clone())));
        } else {
            self.run(model.model_id.clone(), action);
        }
    }

    fn availability_untracked(&self, model: &LisaModel, action: ModelAction) -> Result<(), String> {
        untrack(|| self.availability(model, action))
    }

    fn run(&self, id: String, action: ModelAction) {
        let this = *self;
        let Some(api) = this.api.try_get_value() else { return };
        let toasts = this.toasts;
        this.pending.update(|p| {
            p.insert(id.clone(), action);
        });
        let Some(owner) = this.owner.try_get_value() else { return };
        owner.with(|| {
            leptos::task::spawn_local_scoped(async move {
                let result = match action {
                    ModelAction::Start => api.update_model(&id, &UpdateModelRequest::enabled(true)).await.map(drop),
                    ModelAction::Stop => api.update_model(&id, &UpdateModelRequest::enabled(false)).await.map(drop),
                    ModelAction::Delete => api.delete_model(&id).await.map(drop),
                    ModelAction::Edit | ModelAction::Copy => Ok(()),
                };
                this.pending.try_update(|p| {
                    p.remove(&id);
                });
                let accepted = result.is_ok();
                match result {
                    Ok(()) => toasts.success(action.accepted_message(&id)),
                    Err(e) => toasts.error(failure_message(action, &id, &e)),
                }
                if let Some(after) = this.after.try_with_value(Rc::clone) {
                    after(action, &id, accepted);
                }
            });
        });
    }
}

/// LISA's own words, with what it means for the admin.
pub fn failure_message(action: ModelAction, id: &str, error: &ApiError) -> String {
    let verb = action.label().to_lowercase();
    match error.kind {
        ErrorKind::NotAdmin => format!(
            "Could not {verb} {id}: your account is not a LISA administrator. LISA said: {}",
            error.message
        ),
        _ => format!("Could not {verb} {id}: {}", error.message),
    }
}

pub fn use_model_actions() -> ModelActions {
    expect_context::<ModelActions>()
}

static NEXT_REASON_ID: AtomicU32 = AtomicU32::new(0);

fn reason_id() -> String {
    format!("action-reason-{}", NEXT_REASON_ID.fetch_add(1, Ordering::Relaxed))
}

/// The five actions for one model. `compact` is the table row's version (short labels).
#[component]
pub fn ActionBar(model: LisaModel, #[prop(optional)] compact: bool) -> impl IntoView {
    let model = StoredValue::new(model);
    view! {
        <div class="model-actions" role="group" aria-label=move || format!("Actions for {}", model.with_value(|m| m.model_id.clone()))>
            {ModelAction::ALL
                .into_iter()
                .map(|action| view! { <ActionControl model action compact /> })
                .collect_view()}
        </div>
    }
}

#[component]
fn ActionControl(model: StoredValue<LisaModel>, action: ModelAction, compact: bool) -> impl IntoView {
    let actions = use_model_actions();
    let id = model.with_value(|m| m.model_id.clone());
    let availability = Memo::new(move |_| model.with_value(|m| actions.availability(m, action)));
    let pending_here = {
        let id = id.clone();
        Memo::new(move |_| actions.pending(&id) == Some(action))
    };
    let busy = {
        let id = id.clone();
        Memo::new(move |_| actions.pending(&id).is_some())
    };
    let reason_id = reason_id();
    let label = if compact && action == ModelAction::Copy { "Copy" } else { action.label() };
    let aria_label = format!("{} {id}", action.label());
    let class = move || {
        let danger = if action == ModelAction::Delete { " danger" } else { "" };
        let off = if availability.with(Result::is_err) { " is-disabled" } else { "" };
        format!("button small action-{}{danger}{off}", action.key())
    };
    let described_by = {
        let reason_id = reason_id.clone();
        move || availability.with(Result::is_err).then(|| reason_id.clone())
    };
    let reason = move || {
        availability.get().err().map(|r| view! { <span class="action-reason" role="tooltip" id=reason_id.clone()>{r}</span> })
    };
    let control = match action {
        ModelAction::Edit | ModelAction::Copy => {
            let href = if action == ModelAction::Edit { routes::model_edit(&id) } else { routes::model_copy(&id) };
            view! {
                <a
                    class=class
                    href=move || availability.with(Result::is_ok).then(|| href.clone())
                    role=move || availability.with(Result::is_err).then_some("link")
                    tabindex=move || availability.with(Result::is_err).then_some("0")
                    aria-disabled=move || availability.with(Result::is_err).then_some("true")
                    aria-describedby=described_by
                    aria-label=aria_label
                >
                    {label}
                </a>
            }
            .into_any()
        }
        _ => view! {
            <button
                type="button"
                class=class
                disabled=move || busy.get()
                aria-disabled=move || availability.with(Result::is_err).then_some("true")
                aria-describedby=described_by
                aria-label=aria_label
                aria-busy=move || pending_here.get().then_some("true")
                on:click=move |_| model.with_value(|m| actions.request(m, action))
            >
                {move || pending_here.get().then(|| view! { <Spinner /> })}
                {label}
            </button>
        }
        .into_any(),
    };
    view! { <span class="action">{control} {reason}</span> }
}

/// The page's one confirmation dialog, for whichever row asked.
#[component]
pub fn ActionConfirm() -> impl IntoView {
    let actions = use_model_actions();
    move || {
        actions.confirm.get().map(|(action, id)| {
            let cancel = Callback::new(move |_| actions.confirm.set(None));
            let confirm = {
                let id = id.clone();
                Callback::new(move |_| {
                    actions.confirm.set(None);
                    actions.run(id.clone(), action);
                })
            };
            match action {
                ModelAction::Delete => view! {
                    <ConfirmDialog
                        id="confirm-dialog"
                        title=format!("Delete {id}?")
                        confirm_label="Delete model"
                        danger=true
                        require_text=id.clone()
                        on_confirm=confirm
                        on_cancel=cancel
                    >
                        <p>
                            "LISA removes " <strong>{id.clone()}</strong>
                            " from LiteLLM, so requests to it fail from now on, and deletes its \
                             infrastructure if LISA hosts it (container service, autoscaling group, \
                             load balancer). This cannot be undone."
                        </p>
                    </ConfirmDialog>
                }
                .into_any(),
                _ => view! {
                    <ConfirmDialog
                        id="confirm-dialog"
                        title=format!("Stop {id}?")
                        confirm_label="Stop model"
                        danger=true
                        on_confirm=confirm
                        on_cancel=cancel
                    >
                        <p>
                            <strong>{id.clone()}</strong>
                            " leaves LiteLLM at once: requests to it fail until it is started again. \
                             Its instances scale down to zero."
                        </p>
                    </ConfirmDialog>
                }
                .into_any(),
            }
        })
    }
}
