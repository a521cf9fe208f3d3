//! `/models/new` (and `/models/new?copy=<id>`): the create form.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lisa_console::model_form::create::CreateForm;
use lisa_console::render::form_parts::esc;
use lisa_console::model_form::draft::{recreate_key, CreateDraft, CREATE_KEY};
use lisa_console::model_form::{FormErrors, Problem};
use lisa_console::url::query_value;
use lisa_api::{ApiError, ErrorKind};
use serde_json::Value;

use super::dom::{by_id, fields};
use super::draft::{banner_view, leave_guard, notices, Banner, NoticeAction, NoticeItem};
use super::instances::Instances;
use super::review::{review as review_step, Planned};
use super::ui::{dyn_text, unplaced_problems, FormUi};
use super::{error_count, Step};
use crate::api::use_api;
use crate::components::page::PageHeading;
use crate::components::toast::use_toasts;
use crate::{routes, storage};

const FORM_ID: &str = "model-form";

/// The page's notices, as state.
#[derive(Clone, Debug, Default, PartialEq)]
struct Notes {
    /// Restored or copied: what the form holds now.
    main: Option<(String, bool)>,
    /// A different draft exists besides the copy being made.
    earlier: Option<CreateForm>,
    copying: bool,
    copy_error: Option<String>,
    storage_failed: bool,
}

impl Notes {
    fn items(&self) -> Vec<NoticeItem> {
        let mut out = Vec::new();
        if let Some((text, restored)) = &self.main {
            out.push(NoticeItem::info("form-notice", text.clone(), restored.then_some(NoticeAction::DiscardDraft)));
        }
        if self.earlier.is_some() {
            out.push(NoticeItem::info(
                "earlier-draft",
                "You also have an unsaved draft from earlier in this tab; the copy replaces it once you edit.",
                Some(NoticeAction::RestoreEarlier),
            ));
        }
        if self.copying {
            out.push(NoticeItem::info("copy-loading", "Loading the model to copy…", None));
        }
        if let Some(e) = &self.copy_error {
            out.push(NoticeItem::error("copy-error", format!("The model to copy could not be loaded: {e}"), Some(NoticeAction::RetryCopy)));
        }
        if self.storage_failed {
            out.push(NoticeItem::error(
                "storage-failed",
                "This browser tab cannot store a draft (storage is full or disabled): a reload would lose your input.",
                None,
            ));
        }
        out
    }
}

/// The form to start with, from the stored draft and `?copy=`; `true` when a draft was restored.
fn initial(copy_of: Option<&str>, notes: &mut Notes) -> (CreateForm, bool) {
    let draft = match storage::get(CREATE_KEY).map(|t| CreateDraft::decode(&t)) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            let aside = storage::set_aside(CREATE_KEY);
            notes.main = Some((format!("{e} It is kept in this tab's session storage as {aside}."), false));
            None
        }
        None => None,
    };
    match (copy_of, draft) {
        (Some(id), Some(d)) if d.copy_of.as_deref() == Some(id) => {
            notes.main = Some((format!("Restored your unsaved copy of {id} from this tab session."), true));
            (d.form, true)
        }
        (Some(id), d) => {
            notes.earlier = d.filter(|d| d.has_input(&CreateForm::default())).map(|d| d.form);
            // The edit form of a model deleted meanwhile handed its draft over.
            match storage::get(&recreate_key(id)).map(|t| CreateDraft::decode(&t)) {
                Some(Ok(r)) => {
                    let text = format!("{id} no longer exists in LISA: here it is as you were editing it, changes included. Check it, then review and create.");
                    notes.main = Some((text, true));
                    (r.form, true)
                }
                _ => (CreateForm::default(), false),
            }
        }
        (None, Some(d)) if d.has_input(&CreateForm::default()) => {
            notes.main = Some(("Restored your unsaved draft from this tab session.".into(), true));
            (d.form, true)
        }
        (None, _) => (CreateForm::default(), false),
    }
}

#[component]
pub fn CreateModelPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = routes::use_go();
    let copy_of: Option<String> =
        use_location().search.with_untracked(|s| query_value(s, "copy")).filter(|s| !s.trim().is_empty());

    let mut start_notes = Notes::default();
    // A definition of the import plan, to fix and send back (`?import=<row>`).
    let from_import = crate::pages::transfer::handover::start();
    let import_row = from_import.as_ref().map(|h| h.row);
    let (start, restored) = match from_import {
        Some(h) => {
            let text = format!("Definition {} of your import plan. Fix it here, then take it back to the plan: nothing is created from this page.", h.row + 1);
            start_notes.main = Some((text, false));
            (h.form, true)
        }
        None => initial(copy_of.as_deref(), &mut start_notes),
    };
    let notes = RwSignal::new(start_notes);
    let form = RwSignal::new(start.clone());
    // Bumped whenever the form is replaced from outside, so the fields are drawn again.
    let rendered = RwSignal::new(0u64);
    // The form as it started (blank, copied or restored): "unsaved changes" means different.
    let pristine = RwSignal::new(start);

    // "Create a copy": everything from the model but its id.
    let load_copy = {
        let (api, copy_of) = (api.clone(), copy_of.clone());
        move || {
            let Some(id) = copy_of.clone() else { return };
            let api = api.clone();
            notes.update(|n| {
                n.copying = true;
                n.copy_error = None;
            });
            leptos::task::spawn_local(async move {
                let result = api.get_model(&id).await;
                notes.try_update(|n| n.copying = false);
                match result {
                    Ok(model) => {
                        let copied = CreateForm::from_model(&model);
                        form.try_set(copied.clone());
                        pristine.try_set(copied);
                        rendered.try_update(|n| *n += 1);
                        let text = format!("Copied from {id}: everything except the id (and the API key, which LISA never returns).");
                        notes.try_update(|n| n.main = Some((text, false)));
                    }
                    Err(e) => {
                        notes.try_update(|n| n.copy_error = Some(e.message));
                    }
                }
            });
        }
    };
    if copy_of.is_some() && !restored {
        load_copy();
    }

    let instances = Instances::load(api.clone());
    let errors = Memo::new(move |_| instances.list.with(|i| form.with(|f| f.check(i))));
    let ui = FormUi::new(errors.into()).provide();
    let banner = RwSignal::new(None::<Banner>);
    let step = RwSignal::new(Step::Form);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let dirty = Memo::new(move |_| form.with(|f| pristine.with(|p| f != p)));

    // The draft follows every change (not the initial state: nothing typed yet).
    let draft_copy_of = copy_of.clone();
    Effect::new(move |first: Option<()>| {
        let text = form.with(|f| CreateDraft::new(f.clone(), draft_copy_of.clone()).encode());
        if first.is_some() && !done.get_untracked() && dirty.get_untracked() {
            let failed = match import_row {
                // The import's definition, not the admin's own create draft.
                Some(row) => form.with_untracked(|f| !crate::pages::transfer::handover::keep(row, f)),
                None => !storage::set(CREATE_KEY, &text),
            };
            notes.update(|n| n.storage_failed = failed);
        }
    });

    let recreate_of = StoredValue::new(copy_of.clone());
    let forget_recreate = move || {
        if let Some(id) = recreate_of.get_value() {
            storage::remove(&recreate_key(&id));
        }
    };
    let on_action = Callback::new(move |a: NoticeAction| match a {
        NoticeAction::DiscardDraft => {
            storage::remove(CREATE_KEY);
            forget_recreate();
            form.set(CreateForm::default());
            pristine.set(CreateForm::default());
            rendered.update(|n| *n += 1);
            notes.update(|n| n.main = None);
            ui.submitted.set(false);
            ui.touched.set(Default::default());
            ui.server.set(FormErrors::default());
        }
        NoticeAction::RestoreEarlier => {
            if let Some(f) = notes.try_update(|n| n.earlier.take()).flatten() {
                form.set(f);
                rendered.update(|n| *n += 1);
                notes.update(|n| n.main = Some(("Restored your earlier draft instead of the copy.".into(), true)));
            }
        }
        NoticeAction::RetryCopy => load_copy(),
        NoticeAction::CreateFromDraft => {}
    });

    let go_back = go.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        if ui.remaining() > 0 {
            ui.reveal_and_focus(FORM_ID);
        } else if let Some(row) = import_row {
            match crate::pages::transfer::handover::back(row, &form.with_untracked(CreateForm::to_json)) {
                Ok(path) => {
                    done.set(true);
                    go_back(&path);
                }
                Err(e) => toasts.error(e),
            }
        } else {
            step.set(Step::Review);
        }
    };

    let server_answer = move |e: ApiError| {
        let placer = form.with_untracked(CreateForm::placer);
        let mut placed = match e.kind {
            ErrorKind::Validation => placer.server_errors(&e.field_errors),
            _ => FormErrors::default(),
        };
        if e.kind == ErrorKind::Conflict {
            let mut p = Problem::new("A model with this id already exists.");
            p.from_server = true;
            placed.add(Some("modelId".into()), p);
        }
        let unplaced = std::mem::take(&mut placed.unplaced);
        let count = placed.count();
        banner.set(Some(Banner::from_error(&e, &unplaced, count)));
        ui.server.set(placed);
        if count > 0 {
            ui.reveal_and_focus(FORM_ID);
        }
    };

    let create = move |body: Value| {
        let (api, go) = (api.clone(), go.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.create_model(&body).await {
                Ok(model) => {
                    done.try_set(true);
                    storage::remove(CREATE_KEY);
                    forget_recreate();
                    toasts.success(format!("LISA is creating {}.", model.model_id));
                    go(&routes::model(&model.model_id));
                }
                Err(e) => {
                    busy.try_set(false);
                    step.try_set(Step::Form);
                    server_answer(e);
                }
            }
        });
    };

    let review = move || {
        if step.get() != Step::Review {
            return None;
        }
        // The form was checked on submit; should it have changed since, back to it.
        let Ok(body) = instances.list.with_untracked(|i| form.with_untracked(|f| f.to_request(i))) else {
            step.set(Step::Form);
            return None;
        };
        let text = serde_json::to_string_pretty(&body).unwrap_or_default();
        let planned = vec![Planned { method: "POST", path: "/models".into(), body: Some(text) }];
        let create = create.clone();
        let actions = view! {
                <button type="button" class="button" id="review-back" on:click=move |_| step.set(Step::Form) disabled=move || busy.get()>
                    "Back to the form"
                </button>
                <button type="button" class="button primary" id="create-submit" disabled=move || busy.get() on:click=move |_| create(body.clone())>
                    {dyn_text(Signal::derive(move || if busy.get() { "Creating…" } else { "Create model" }.to_string()))}
                </button>
        };
        Some(review_step(planned, "This is exactly the JSON LISA will receive.", actions))
    };

    // The instance-type picker: its options and its loading problem live inside the fields.
    let fill_instances = Callback::new(move |_: ()| {
        let options = instances.list.with(|l| {
            let mut html = String::new();
            for t in l.as_slice() {
                html.push_str(&format!(r#"<option value="{}"></option>"#, esc(t)));
            }
            html
        });
        let loading = instances.loading.get();
        let status = instances.error.with(|e| match e {
            None if loading => r#"<p class="hint" id="instance-types-loading">Loading the instance types LISA knows…</p>"#.to_string(),
            Some(e) => format!(
                r#"<div class="warning-panel" id="instance-types-error" role="alert"><p>The instance-type list could not be loaded ({}). Type the instance type; LISA checks it when you submit.</p><button type="button" class="button small" data-action="retry-instances">Retry</button></div>"#,
                esc(&e.message)
            ),
            None => String::new(),
        });
        if let Some(e) = by_id("instance-types") {
            e.set_inner_html(&options);
        }
        if let Some(e) = by_id("instance-status") {
            e.set_inner_html(&status);
        }
    });
    Effect::new(move |_| fill_instances.run(()));
    let retry_api = use_api();
    let on_other = Callback::new(move |action: String| {
        if action == "retry-instances" {
            instances.fetch(retry_api.clone());
        }
    });
    let field_view = fields(form, Signal::derive(|| ()), ui, rendered, Some(on_other), Some(fill_instances));

    view! {
        <section class="page model-form-page" id="page-model-create">
            <PageHeading text=match (import_row, copy_of.is_some()) {
                (Some(_), _) => "Edit a definition of the import",
                (None, true) => "Create a copy",
                (None, false) => "Create a model",
            } />
            {leave_guard(Signal::derive(move || dirty.get() && !done.get()))}
            {notices(Signal::derive(move || notes.with(Notes::items)), on_action)}
            {banner_view(banner)}
            {review}
            // Hidden while a copy loads, so nothing typed meanwhile is overwritten by it.
            <form
                id=FORM_ID
                class="model-form"
                novalidate=true
                on:submit=on_submit
                class:hidden=move || step.get() == Step::Review || notes.with(|n| n.copying)
            >
                {unplaced_problems()}
                {field_view}
                <div class="form-actions">
                    {error_count()}
                    <a class="button" href=if import_row.is_some() { crate::pages::transfer::handover::import_page() } else { routes::href(routes::MODELS) }>"Cancel"</a>
                    <button type="submit" class="button primary" id="form-submit">{if import_row.is_some() { "Back to the import plan" } else { "Review" }}</button>
                </div>
            </form>
        </section>
    }
}
