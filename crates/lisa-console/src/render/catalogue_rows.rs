//! The catalogue row and the action bar as HTML text (why text: see [`crate::render`]).
//!
//! The windowed table replaces up to ~30 rows on every sort, search keystroke and scroll.
//! One `innerHTML` per row lets the browser's parser build its ~60 elements natively instead of
//! ~150 separate DOM calls from WebAssembly. Every value from LISA (ids, names, groups,
//! features) goes through [`escape`]; links come in already built by the app's router helpers.

use crate::lifecycle::{allowed_for, status_label, status_tone, Hosting, ModelAction, StatusTone};
use crate::try_model::models::try_availability;
use lisa_api::{ModelStatus, ModelType};

pub use super::escape;
use crate::catalogue::{CatalogueRow, Serving};

/// The app paths of a model's pages (from `routes.rs`, base path included).
pub struct Links {
    pub model: String,
    pub edit: String,
    pub copy: String,
    pub try_model: String,
}

/// What the action bar needs about a model.
pub struct Target<'a> {
    pub id: &'a str,
    pub status: &'a ModelStatus,
    pub hosting: Hosting,
    pub model_type: &'a ModelType,
}

/// Icon and text, never colour alone; a spinner while a workflow runs.
pub fn status_badge(status: &ModelStatus) -> String {
    let tone = status_tone(status);
    let (class, icon) = match tone {
        StatusTone::Ok => ("status-ok", r#"<span class="status-icon" aria-hidden="true">✓</span>"#),
        StatusTone::Stopped => ("status-stopped", r#"<span class="status-icon" aria-hidden="true">■</span>"#),
        StatusTone::Failed => ("status-failed", r#"<span class="status-icon" aria-hidden="true">✕</span>"#),
        StatusTone::Progress => ("status-progress", r#"<span class="spinner" aria-hidden="true"></span>"#),
        StatusTone::Unknown => ("status-unknown", r#"<span class="status-icon" aria-hidden="true">?</span>"#),
    };
    format!(
        r#"<span class="status {class}" data-status="{}">{icon}<span class="status-text">{}</span></span>"#,
        escape(status.as_str()),
        escape(&status_label(status))
    )
}

/// Start, Stop, Edit, Copy ("Create a copy"), Delete. Edit and copy are links to the forms;
/// the others are buttons carrying `data-action`. A control that is not allowed stays
/// focusable, is marked `aria-disabled` and points (`aria-describedby`) at its reason, whose
/// id is `{id_prefix}-{action}`.
pub fn action_bar(target: &Target, links: &Links, not_admin: Option<&str>, compact: bool, id_prefix: &str) -> String {
    let id = escape(target.id);
    let mut out = format!(r#"<div class="model-actions" role="group" aria-label="Actions for {id}" data-model-id="{id}">"#);
    out.push_str(&try_action(target, links, id_prefix));
    for action in ModelAction::ALL {
        let verdict = allowed_for(not_admin, target.status, target.hosting, action);
        let label = if compact && action == ModelAction::Copy { "Copy" } else { action.label() };
        let mut class = format!("button small action-{}", action.key());
        if action == ModelAction::Delete {
            class.push_str(" danger");
        }
        if verdict.is_err() {
            class.push_str(" is-disabled");
        }
        let reason_id = format!("{id_prefix}-{}", action.key());
        let disabled = if verdict.is_err() {
            format!(r#" aria-disabled="true" aria-describedby="{}""#, escape(&reason_id))
        } else {
            String::new()
        };
        let aria_label = escape(&format!("{} {}", action.label(), target.id));
        out.push_str(r#"<span class="action">"#);
        match (action, &verdict) {
            (ModelAction::Edit | ModelAction::Copy, Ok(())) => {
                let href = if action == ModelAction::Edit { &links.edit } else { &links.copy };
                out.push_str(&format!(r#"<a class="{class}" href="{}" aria-label="{aria_label}">{label}</a>"#, escape(href)));
            }
            (ModelAction::Edit | ModelAction::Copy, Err(_)) => {
                out.push_str(&format!(r#"<a class="{class}" role="link" tabindex="0" aria-label="{aria_label}"{disabled}>{label}</a>"#));
            }
            _ => out.push_str(&format!(
                r#"<button type="button" class="{class}" data-action="{}" aria-label="{aria_label}"{disabled}>{label}</button>"#,
                action.key()
            )),
        }
        if let Err(reason) = verdict {
            out.push_str(&format!(r#"<span class="action-reason" role="tooltip" id="{}">{}</span>"#, escape(&reason_id), escape(&reason)));
        }
        out.push_str("</span>");
    }
    out.push_str("</div>");
    out
}

/// "Try" (issue 13): a link to the try page while the model is in service (calling LISA Serve
/// needs no admin rights), else disabled with the reason, like the other actions.
fn try_action(target: &Target, links: &Links, id_prefix: &str) -> String {
    let aria_label = escape(&format!("Try {}", target.id));
    match try_availability(target.status, target.model_type) {
        Ok(()) => format!(
            r#"<span class="action"><a class="button small action-try" href="{}" aria-label="{aria_label}">Try</a></span>"#,
            escape(&links.try_model)
        ),
        Err(reason) => {
            let reason_id = escape(&format!("{id_prefix}-try"));
            format!(
                r#"<span class="action"><a class="button small action-try is-disabled" role="link" tabindex="0" aria-label="{aria_label}" aria-disabled="true" aria-describedby="{reason_id}">Try</a><span class="action-reason" role="tooltip" id="{reason_id}">{}</span></span>"#,
                escape(&reason)
            )
        }
    }
}

fn dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// The class of the "available for inference" cell.
pub fn serving_class(serving: Serving) -> &'static str {
    match serving {
        Serving::Yes => "cell-serving serving-yes",
        Serving::No => "cell-serving serving-no",
        Serving::Unknown => "cell-serving serving-unknown",
        Serving::Pending => "cell-serving serving-pending",
    }
}

/// The cells of one catalogue row (the content of its `<tr>`).
pub fn row_cells(row: &CatalogueRow, links: &Links, not_admin: Option<&str>, id_prefix: &str) -> String {
    let m = &row.model;
    let cell = |class: &str, text: &str| format!(r#"<td class="{class}">{}</td>"#, escape(text));
    let titled = |class: &str, text: &str, title: &str| format!(r#"<td class="{class}" title="{}">{}</td>"#, escape(title), escape(text));
    let exact = m.context_window.map(|n| format!("{} tokens", crate::catalogue::format_thousands(n))).unwrap_or_default();
    let serving = serving_class(row.serving);
    let target = Target { id: &m.model_id, status: &m.status, hosting: row.hosting, model_type: &m.model_type };
    let id = escape(&m.model_id);
    [
        // Checked and the default badge are set in place by the table (they change without the
        // model changing).
        format!(r#"<td class="cell-select"><input type="checkbox" class="row-select" aria-label="Select {id}"></td>"#),
        format!(
            r#"<td class="cell-model"><span class="id-wrap"><a class="model-id" href="{}" title="{id}">{id}</a><span class="default-badge" hidden>Default</span></span><span class="model-name muted" title="{}">{}</span></td>"#,
            escape(&links.model),
            escape(&m.model_name),
            escape(dash(&m.model_name))
        ),
        cell("cell-type", m.model_type.as_str()),
        cell("cell-hosting", row.hosting.label()),
        format!(r#"<td class="cell-status">{}</td>"#, status_badge(&m.status)),
        cell("cell-instance", dash(m.instance_type.as_deref().unwrap_or(""))),
        cell("cell-streaming", if m.streaming { "Yes" } else { "No" }),
        titled("cell-features", dash(&row.features_text), &row.features_text),
        titled("cell-context num", dash(&row.context_text), &exact),
        titled("cell-groups", &row.groups_text, &row.groups_text),
        cell(serving, row.serving.label()),
        format!(r#"<td class="cell-actions">{}</td>"#, action_bar(&target, links, not_admin, true, id_prefix)),
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::CatalogueRow;

    fn links(id: &str) -> Links {
        Links { model: format!("/admin/models/{id}"), edit: format!("/admin/models/{id}/edit"), copy: format!("/admin/models/new?copy={id}&x=1"), try_model: format!("/admin/models/{id}/try") }
    }

    fn row(json: serde_json::Value) -> CatalogueRow {
        let model: crate::catalogue::ModelSummary = serde_json::from_value(json).unwrap();
        CatalogueRow::new(model, None.into())
    }

    #[test]
    fn everything_from_lisa_is_escaped() {
        assert_eq!(escape(r#"<img src=x onerror="a('b')">&"#), "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;");
        let r = row(serde_json::json!({
            "modelId": "x\"><script>", "modelName": "<b>name</b>", "modelType": "textgen", "status": "In\"Service",
            "allowedGroups": ["<g>"], "features": [{"name": "f&<", "overview": ""}],
        }));
        let html = row_cells(&r, &links("x%22"), None, "r1");
        assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<g>") && !html.contains("f&<"), "{html}");
        assert!(html.contains("x&quot;&gt;&lt;script&gt;"));
        assert!(html.contains(r#"aria-label="Select x&quot;&gt;&lt;script&gt;""#), "{html}");
        assert!(html.contains("copy=x%22&amp;x=1"), "hrefs are escaped too: {html}");
        // Every attribute value is quoted, and no raw quote from the data closes one.
        assert!(!html.contains("In\"Service"));
    }

    #[test]
    fn row_has_every_cell_and_the_actions() {
        let r = row(serde_json::json!({"modelId": "m1", "modelName": "", "modelType": "embedding", "status": "Creating",
            "contextWindow": 131072, "instanceType": "g5.xlarge", "inferenceContainer": "tei"}));
        let html = row_cells(&r, &links("m1"), None, "r7");
        assert_eq!(html.matches("<td").count(), 12);
        assert!(html.starts_with(r#"<td class="cell-select"><input type="checkbox" class="row-select" aria-label="Select m1"></td>"#), "{html}");
        assert!(html.contains(r#"<span class="default-badge" hidden>Default</span>"#));
        assert!(html.contains(r#"title="131,072 tokens">131K</td>"#), "{html}");
        assert!(html.contains(r#"<span class="spinner" aria-hidden="true"></span><span class="status-text">Creating</span>"#));
        assert!(html.contains(r#"class="model-name muted" title="">—</span>"#));
        // Creating: everything but copy disabled, each with its reason.
        assert!(html.contains(r#"data-action="delete" aria-label="Delete m1" aria-disabled="true" aria-describedby="r7-delete""#), "{html}");
        assert!(html.contains(r#"<span class="action-reason" role="tooltip" id="r7-delete">A model can be deleted only when"#));
        assert!(html.contains(r#"<a class="button small action-copy" href="/admin/models/new?copy=m1&amp;x=1" aria-label="Create a copy m1">Copy</a>"#));
        assert!(html.contains(r#"<a class="button small action-edit is-disabled" role="link" tabindex="0""#));
    }

    #[test]
    fn not_admin_disables_everything_with_that_reason() {
        let status = ModelStatus::InService;
        let target = Target { id: "m", status: &status, hosting: Hosting::LisaHosted, model_type: &ModelType::Textgen };
        let html = action_bar(&target, &links("m"), Some("Not an admin."), false, "p");
        assert_eq!(html.matches("aria-disabled=\"true\"").count(), 5);
        assert_eq!(html.matches(">Not an admin.</span>").count(), 5);
        assert!(html.contains(">Create a copy</a>"), "full labels outside the table");
        let allowed = action_bar(&target, &links("m"), None, false, "p");
        assert!(allowed.contains(r#"<button type="button" class="button small action-stop" data-action="stop" aria-label="Stop m">Stop</button>"#));
        assert!(allowed.contains(r#"href="/admin/models/m/edit""#));
        // Trying needs no admin rights: offered to non-admins too.
        assert!(html.contains(r#"<a class="button small action-try" href="/admin/models/m/try" aria-label="Try m">Try</a>"#), "{html}");
    }

    #[test]
    fn try_is_offered_in_service_and_says_why_not_otherwise() {
        let link = |status: ModelStatus, model_type: ModelType| {
            let target = Target { id: "m", status: &status, hosting: Hosting::ThirdParty, model_type: &model_type };
            action_bar(&target, &links("m"), None, true, "r")
        };
        assert!(link(ModelStatus::InService, ModelType::Embedding).contains(r#"href="/admin/models/m/try""#));
        let stopped = link(ModelStatus::Stopped, ModelType::Textgen);
        assert!(stopped.contains(r#"action-try is-disabled" role="link" tabindex="0" aria-label="Try m" aria-disabled="true" aria-describedby="r-try""#), "{stopped}");
        assert!(stopped.contains(r#"id="r-try">Only a model in service can be tried; this one is stopped.</span>"#));
        assert!(link(ModelStatus::InService, ModelType::Videogen).contains("asynchronous job"));
    }
}
