//! Start, stop, delete, edit and "create a copy", from a table row or the detail page.
//!
//! Each action is offered only where LISA's lifecycle allows it (`lisa_console::lifecycle`);
//! a control that is not allowed stays focusable, marked `aria-disabled`, and says why (the
//! controls themselves are HTML from `lisa_console::render::catalogue_rows`). Stop and delete ask first (delete wants the id
//! typed). While LISA answers, the button shows a spinner; then a toast says what happened,
//! with LISA's own `detail` text on failure.

use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use lisa_console::auth::AdminStatus;
use lisa_console::lifecycle::{allowed_for, needs_confirmation, Hosting, ModelAction};
use lisa_api::{ApiError, ErrorKind, ModelStatus};

use crate::api::{use_api, ApiClient};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::toast::{use_toasts, Toasts};
use crate::session::use_session;

/// What an action needs to know about a model.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionTarget {
    pub id: String,
    pub status: ModelStatus,
    pub hosting: Hosting,
    /// For "Try" (what LISA Serve can run).
    pub model_type: lisa_api::ModelType,
}

fn allowed(not_admin: Option<&str>, target: &ActionTarget, action: ModelAction) -> Result<(), String> {
    allowed_for(not_admin, &target.status, target.hosting, action)
}

/// Called after LISA answered an action: `(action, accepted)`.
pub type AfterAction = Rc<dyn Fn(ModelAction, bool)>;

/// The actions of one page.
#[derive(Clone, Copy)]
pub struct ModelActions {
    pub pending: RwSignal<HashMap<String, ModelAction>>,
    confirm: RwSignal<Option<(ModelAction, String)>>,
    not_admin: Memo<Option<String>>,
    owner: StoredValue<Owner>,
    api: StoredValue<ApiClient>,
    toasts: Toasts,
    after: StoredValue<AfterAction, LocalStorage>,
}

impl ModelActions {
    pub fn new(after: impl Fn(ModelAction, bool) + 'static) -> Self {
        let admin = use_session().admin_status();
        ModelActions {
            pending: RwSignal::new(HashMap::new()),
            confirm: RwSignal::new(None),
            // The token's groups claim can say "not an admin" up front; the server's 403
            // remains the authority when it cannot (API tokens, no admin group configured).
            not_admin: Memo::new(move |_| match admin.get() {
                AdminStatus::NotAdmin { admin_group } => Some(format!(
                    "Your account is not in LISA's admin group ({admin_group}); only administrators can change models."
                )),
                _ => None,
            }),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            api: StoredValue::new(use_api()),
            toasts: use_toasts(),
            after: StoredValue::new_local(Rc::new(after)),
        }
    }

    /// Tracked: why no action is possible for this account, if the token says so.
    pub fn not_admin(&self) -> Option<String> {
        self.not_admin.get()
    }

    /// Untracked: for event handlers.
    pub fn not_admin_now(&self) -> Option<String> {
        self.not_admin.get_untracked()
    }

    /// A click on start, stop or delete (ignored when not allowed or already running).
    pub fn request(&self, target: &ActionTarget, action: ModelAction) {
        let not_admin = self.not_admin.get_untracked();
        if allowed(not_admin.as_deref(), target, action).is_err()
            || matches!(action, ModelAction::Edit | ModelAction::Copy)
            || self.pending.with_untracked(|p| p.contains_key(&target.id))
        {
            return;
        }
        if needs_confirmation(action) {
            self.confirm.set(Some((action, target.id.clone())));
        } else {
            self.run(target.id.clone(), action);
        }
    }

    fn run(&self, id: String, action: ModelAction) {
        let this = *self;
        let (Some(api), Some(owner)) = (this.api.try_get_value(), this.owner.try_get_value()) else { return };
        this.pending.update(|p| {
            p.insert(id.clone(), action);
        });
        owner.with(|| {
            leptos::task::spawn_local_scoped(async move {
                let result = send_change(&api, &id, action).await;
                this.pending.try_update(|p| p.remove(&id));
                let accepted = result.is_ok();
                match result {
                    Ok(()) => this.toasts.success(action.accepted_message(&id)),
                    Err(e) => this.toasts.error(failure_message(action, &id, &e)),
                }
                if let Some(after) = this.after.try_with_value(Rc::clone) {
                    after(action, accepted);
                }
            });
        });
    }
}

/// Start, stop or delete one model (one request, never retried). Shared by the single buttons
/// and the bulk runner, so the bundle has one copy of these futures.
pub async fn send_change(api: &ApiClient, id: &str, action: ModelAction) -> Result<(), ApiError> {
    match action {
        ModelAction::Start => api.set_model_enabled(id, true).await.map(drop),
        ModelAction::Stop => api.set_model_enabled(id, false).await.map(drop),
        ModelAction::Delete => api.delete_model(id).await.map(drop),
        ModelAction::Edit | ModelAction::Copy => Ok(()),
    }
}

/// LISA's own words, with what they mean for the admin.
pub fn failure_message(action: ModelAction, id: &str, error: &ApiError) -> String {
    let verb = action.label().to_lowercase();
    let mut text = match error.kind {
        ErrorKind::NotAdmin => format!(
            "Could not {verb} {id}: your account is not a LISA administrator. LISA said: {}",
            error.message
        ),
        // An HTTP 2xx: LISA did it, only its answer was unreadable.
        _ if error.is_unreadable_success() => format!("{} {id}: {}", action.label(), error.message),
        _ => format!("Could not {verb} {id}: {}", error.message),
    };
    if let Some(note) = error.change_note() {
        text.push(' ');
        text.push_str(note);
    }
    text
}

/// The page's one confirmation dialog, for whichever control asked.
#[component]
pub fn ActionConfirm(actions: ModelActions) -> impl IntoView {
    move || {
        actions.confirm.get().map(|(action, id)| {
            let delete = action == ModelAction::Delete;
            let (title, label, body) = if delete {
                (
                    format!("Delete {id}?"),
                    "Delete model",
                    format!(
                        "LISA removes {id} from LiteLLM, so requests to it fail from now on, and deletes its \
                         infrastructure if LISA hosts it (container service, autoscaling group, load balancer). \
                         This cannot be undone."
                    ),
                )
            } else {
                (
                    format!("Stop {id}?"),
                    "Stop model",
                    format!(
                        "{id} leaves LiteLLM at once: requests to it fail until it is started again. Its \
                         instances scale down to zero."
                    ),
                )
            };
            let run_id = id.clone();
            view! {
                <ConfirmDialog
                    id="confirm-dialog"
                    title
                    confirm_label=label
                    danger=true
                    require_text=delete.then_some(id)
                    on_confirm=Callback::new(move |_| {
                        actions.confirm.set(None);
                        actions.run(run_id.clone(), action);
                    })
                    on_cancel=Callback::new(move |_| actions.confirm.set(None))
                >
                    <p>{body}</p>
                </ConfirmDialog>
            }
        })
    }
}
