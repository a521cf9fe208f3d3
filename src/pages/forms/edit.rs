//! `/models/:id/edit`: the edit form. It sends only what changed; schedule changes go to the
//! schedule routes.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lisa_console::model_form::draft::{edit_key, recreate_key, CreateDraft, EditDraft};
use lisa_console::model_form::edit::{EditForm, ScheduleChange, Scope};
use lisa_console::model_form::input::EditCtx;
use lisa_console::model_form::FormErrors;
use serde_json::Value;
use lisa_api::{ApiError, ErrorKind, FieldError, LisaModel, LocPart};

use super::dom::fields;
use super::draft::{banner_view, leave_guard, notices, Banner, NoticeAction, NoticeItem};
use super::review::{review as review_step, Planned};
use super::ui::{dyn_text, unplaced_problems, FormUi};
use super::{error_count, Step};
use crate::api::{use_api, ApiClient};
use crate::components::page::{ErrorPanel, PageHeading, Skeleton};
use crate::components::toast::use_toasts;
use crate::{routes, storage};

const FORM_ID: &str = "model-form";

#[component]
pub fn EditModelPage() -> impl IntoView {
    let api = use_api();
    let id = use_location().pathname.with_untracked(|p| routes::id_in_path(p, "/models/", "/edit")).unwrap_or_default();
    let model = RwSignal::new(None::<(LisaModel, String)>);
    let error = RwSignal::new(None::<ApiError>);
    let load = {
        let (api, id) = (api.clone(), id.clone());
        move || {
            let (api, id) = (api.clone(), id.clone());
            error.set(None);
            leptos::task::spawn_local(async move {
                match api.get_model_answer(&id).await {
                    Ok(m) => {
                        model.try_set(Some(m));
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        }
    };
    load();
    let heading = format!("Edit {id}");
    let deleted_draft = deleted_draft_offer(id.clone(), error);
    view! {
        <section class="page model-form-page" id="page-model-edit">
            <PageHeading text=heading />
            {move || {
                let retry = load.clone();
                error.get().map(|e| view! { <ErrorPanel error=e on_retry=Callback::new(move |_| retry()) /> })
            }}
            {deleted_draft}
            {move || (model.with(Option::is_none) && error.with(Option::is_none)).then(|| view! { <Skeleton rows=8 /> })}
            {move || model.get().map(edit_body)}
        </section>
    }
}

/// LISA answered 404 and this tab still holds edits to the model (typically a reload after it
/// was deleted while being edited): offer them as a create form, as the form itself does.
fn deleted_draft_offer(id: String, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let go = routes::use_go();
    let stored_id = StoredValue::new(id.clone());
    let items = Signal::derive(move || {
        let gone = error.with(|e| e.as_ref().is_some_and(|e| e.kind == ErrorKind::NotFound));
        let has_draft = gone && stored_recreate(&id).is_some();
        let text = format!(
            "{id} no longer exists in LISA. Your unsaved changes to it are still kept in this tab: you can create a \
             new model from them."
        );
        has_draft.then(|| NoticeItem::error("model-gone", text, Some(NoticeAction::CreateFromDraft))).into_iter().collect()
    });
    let on_action = Callback::new(move |_| {
        let id = stored_id.get_value();
        if let Some(draft) = stored_recreate(&id) {
            if storage::set(&recreate_key(&id), &draft.encode()) {
                go(&routes::model_copy(&id));
            }
        }
    });
    notices(items, on_action)
}

fn stored_recreate(id: &str) -> Option<CreateDraft> {
    storage::get(&edit_key(id)).and_then(|t| EditDraft::decode(&t).ok()).and_then(|d| d.recreate())
}

/// The draft against the model as just loaded: `(original, edited, notice)`.
fn restore(model: &LisaModel) -> (EditForm, EditForm, Option<String>) {
    let fresh = EditForm::from_model(model);
    let key = edit_key(&model.model_id);
    match storage::get(&key).map(|t| EditDraft::decode(&t)) {
        Some(Ok(draft)) => {
            let (edited, moved) = draft.restore(&fresh);
            let text = if moved {
                "Restored your unsaved changes. The model changed since: the fields you did not touch show its current values."
            } else {
                "Restored your unsaved changes from this tab session."
            };
            let notice = (edited != fresh).then(|| text.to_string());
            (fresh, edited, notice)
        }
        Some(Err(e)) => {
            let aside = storage::set_aside(&key);
            (fresh.clone(), fresh, Some(format!("{e} It is kept in this tab's session storage as {aside}.")))
        }
        None => (fresh.clone(), fresh, None),
    }
}

/// A 422 from the schedule route names the schedule as the body (`["body","RECURRING",…]`);
/// the form knows it as `autoScalingConfig.scheduling`.
fn schedule_loc(mut e: FieldError) -> FieldError {
    let mut loc: Vec<LocPart> = ["body", "autoScalingConfig", "scheduling"].iter().map(|s| LocPart::Key(s.to_string())).collect();
    loc.extend(e.loc.into_iter().skip(1));
    e.loc = loc;
    e
}

/// `answer`: LISA's text of the model, kept in the draft (see `EditDraft::model_answer`).
fn edit_body((model, answer): (LisaModel, String)) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = routes::use_go();
    let id = model.model_id.clone();
    let scope = Scope::of(&model);
    let (base, edited, restored_text) = restore(&model);
    let stored = StoredValue::new(model.clone());
    let original = RwSignal::new(base);
    let form = RwSignal::new(edited);
    let notice = RwSignal::new(restored_text);
    let storage_failed = RwSignal::new(false);
    let errors = Memo::new(move |_| stored.with_value(|m| original.with(|o| form.with(|f| f.check(o, m)))));
    let ui = FormUi::new(errors.into()).provide();
    let unchanged = Memo::new(move |_| stored.with_value(|m| original.with(|o| form.with(|f| f.is_unchanged(o, m)))));
    let banner = RwSignal::new(None::<Banner>);
    let step = RwSignal::new(Step::Form);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    // LISA answered 404: the model was deleted meanwhile (another tab, another admin).
    let gone = RwSignal::new(false);

    let key = edit_key(&id);
    let draft_key = key.clone();
    Effect::new(move |first: Option<()>| {
        let text = original.with(|o| form.with(|f| EditDraft::new(o.clone(), f.clone(), Some(answer.clone())).encode()));
        if first.is_none() || done.get_untracked() {
            return;
        }
        if unchanged.get_untracked() {
            storage::remove(&draft_key);
        } else {
            storage_failed.set(!storage::set(&draft_key, &text));
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        if unchanged.get_untracked() {
            return;
        }
        if ui.remaining() > 0 {
            ui.reveal_and_focus(FORM_ID);
        } else {
            step.set(Step::Review);
        }
    };

    let server_answer = move |e: ApiError, from_schedule: bool, note: Option<&str>| {
        let placer = stored.with_value(|m| form.with_untracked(|f| f.placer(m)));
        let mut placed = match e.kind {
            ErrorKind::Validation if from_schedule => {
                placer.server_errors(&e.field_errors.iter().cloned().map(schedule_loc).collect::<Vec<_>>())
            }
            ErrorKind::Validation => placer.server_errors(&e.field_errors),
            _ => FormErrors::default(),
        };
        let unplaced = std::mem::take(&mut placed.unplaced);
        let count = placed.count();
        let mut b = Banner::from_error(&e, &unplaced, count);
        if let Some(n) = note {
            b.lines.insert(0, n.to_string());
        }
        banner.set(Some(b));
        ui.server.set(placed);
        if count > 0 {
            ui.reveal_and_focus(FORM_ID);
        }
    };

    let go_create = go.clone();
    let save = {
        let (api, id, key) = (api.clone(), id.clone(), key.clone());
        move |update: Option<Value>, schedule: ScheduleChange| {
            let (api, id, key, go) = (api.clone(), id.clone(), key.clone(), go.clone());
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = send(&api, &id, update, &schedule, form, original).await;
                busy.try_set(false);
                match result {
                    Ok(()) => {
                        done.try_set(true);
                        storage::remove(&key);
                        toasts.success(format!("LISA accepted the changes to {id}."));
                        go(&routes::model(&id));
                    }
                    Err(Failure { error, from_schedule, schedule_saved }) => {
                        step.try_set(Step::Form);
                        gone.try_set(error.kind == ErrorKind::NotFound);
                        let note = schedule_saved.then_some("The schedule was saved; the other changes were not.");
                        server_answer(error, from_schedule, note);
                    }
                }
            });
        }
    };

    let review = move || {
        if step.get() != Step::Review {
            return None;
        }
        let planned = stored.with_value(|m| original.with_untracked(|o| form.with_untracked(|f| (f.to_request(o, m), f.schedule_change(o, m)))));
        // Checked on submit; should the form have changed since, back to it.
        let (Ok(update), schedule) = planned else {
            step.set(Step::Form);
            return None;
        };
        let update = update.as_object().is_some_and(|m| !m.is_empty()).then_some(update);
        let requests = plan(&stored.with_value(|m| m.model_id.clone()), update.as_ref(), &schedule);
        let save = save.clone();
        let actions = view! {
                <button type="button" class="button" id="review-back" on:click=move |_| step.set(Step::Form) disabled=move || busy.get()>
                    "Back to the form"
                </button>
                <button
                    type="button"
                    class="button primary"
                    id="edit-submit"
                    disabled=move || busy.get()
                    on:click=move |_| save(update.clone(), schedule.clone())
                >
                    {dyn_text(Signal::derive(move || if busy.get() { "Saving…" } else { "Save changes" }.to_string()))}
                </button>
        };
        Some(review_step(requests, "These are exactly the requests LISA will receive, in this order.", actions))
    };

    let rendered = RwSignal::new(0u64);
    // The draft goes to the create form under its own key; this page's draft stays too.
    let recreate = {
        let id = id.clone();
        move || {
            let draft = stored.with_value(|m| form.with_untracked(|f| CreateDraft::recreate(m, f)));
            if storage::set(&recreate_key(&id), &draft.encode()) {
                done.set(true);
                go_create(&routes::model_copy(&id));
            } else {
                storage_failed.set(true);
            }
        }
    };
    let on_action = Callback::new(move |action: NoticeAction| {
        if action == NoticeAction::CreateFromDraft {
            return recreate();
        }
        form.set(original.get_untracked());
        rendered.update(|n| *n += 1);
        notice.set(None);
        ui.server.set(FormErrors::default());
        ui.submitted.set(false);
    });
    let gone_text = format!(
        "{id} was deleted while you were editing it (in another tab, or by another admin), so these changes cannot be \
         saved. Nothing you typed is lost: it stays in this form, and you can create a new model from it."
    );
    let notices_list = Signal::derive(move || {
        let mut out = Vec::new();
        if gone.get() {
            out.push(NoticeItem::error("model-gone", gone_text.clone(), Some(NoticeAction::CreateFromDraft)));
        }
        if let Some(text) = notice.get() {
            out.push(NoticeItem::info("form-notice", text, Some(NoticeAction::DiscardDraft)));
        }
        if storage_failed.get() {
            out.push(NoticeItem::error(
                "storage-failed",
                "This browser tab cannot store a draft (storage is full or disabled): a reload would lose your changes.",
                None,
            ));
        }
        out
    });
    let ctx = Signal::derive(move || EditCtx { original: original.get(), model: stored.get_value() });
    let field_view = fields(form, ctx, ui, rendered, None, None);
    view! {
        {leave_guard(Signal::derive(move || !unchanged.get() && !done.get()))}
        {notices(notices_list, on_action)}
        {banner_view(banner)}
        {review}
        <form id=FORM_ID class="model-form" novalidate=true on:submit=on_submit class:hidden=move || step.get() == Step::Review>
            {unplaced_problems()}
            {field_view}
            <div class="form-actions">
                {error_count()}
                <p class="hint" id="nothing-changed">
                    {dyn_text(Signal::derive(move || if unchanged.get() { "Nothing changed" } else { "" }.to_string()))}
                </p>
                <a class="button" href=routes::model(&id)>"Cancel"</a>
                <button
                    type="submit"
                    class="button primary"
                    id="form-submit"
                    disabled=move || unchanged.get() || !scope.changeable
                    aria-describedby="nothing-changed"
                >
                    "Review changes"
                </button>
            </div>
        </form>
    }
}

/// The requests of a save, in the order they are sent.
fn plan(id: &str, update: Option<&Value>, schedule: &ScheduleChange) -> Vec<Planned> {
    let path = format!("/models/{id}");
    let mut out = Vec::new();
    match schedule {
        ScheduleChange::Put(body) => out.push(Planned {
            method: "PUT",
            path: format!("{path}/schedule"),
            body: Some(serde_json::to_string_pretty(body).unwrap_or_default()),
        }),
        ScheduleChange::Delete => out.push(Planned { method: "DELETE", path: format!("{path}/schedule"), body: None }),
        ScheduleChange::None => {}
    }
    if let Some(u) = update {
        out.push(Planned { method: "PUT", path, body: Some(serde_json::to_string_pretty(u).unwrap_or_default()) });
    }
    out
}

struct Failure {
    error: ApiError,
    from_schedule: bool,
    schedule_saved: bool,
}

/// The schedule first: an update moves the model to Updating, where LISA refuses schedule
/// changes (V73). A saved schedule becomes part of the original, so a retry does not send it
/// again.
async fn send(
    api: &ApiClient,
    id: &str,
    update: Option<Value>,
    schedule: &ScheduleChange,
    form: RwSignal<EditForm>,
    original: RwSignal<EditForm>,
) -> Result<(), Failure> {
    let schedule_result = match schedule {
        ScheduleChange::Put(body) => Some(api.put_schedule(id, body).await.map(|_| ())),
        ScheduleChange::Delete => Some(api.delete_schedule(id).await.map(|_| ())),
        ScheduleChange::None => None,
    };
    let schedule_saved = match schedule_result {
        Some(Err(error)) => return Err(Failure { error, from_schedule: true, schedule_saved: false }),
        Some(Ok(())) => {
            if let Some(s) = form.try_with_untracked(|f| f.schedule.clone()) {
                original.try_update(|o| o.schedule = s);
            }
            true
        }
        None => false,
    };
    if let Some(update) = update {
        api.update_model(id, &update).await.map_err(|error| Failure { error, from_schedule: false, schedule_saved })?;
    }
    Ok(())
}
