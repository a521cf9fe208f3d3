//! The bulk dialog's lists as HTML text: the plan (what each selected model gets, and why some
//! are skipped) and the per-model outcomes of a run. Up to hundreds of items, rewritten as
//! answers arrive: one `innerHTML` per update.

use super::escape;
use crate::bulk::{models_text, BulkPlan, BulkRun, Outcome, MAX_IN_FLIGHT};
use crate::lifecycle::ModelAction;

fn skipped_items(out: &mut String, skipped: &[(String, String)]) {
    for (id, reason) in skipped {
        out.push_str(&format!(
            r#"<li class="bulk-item bulk-skipped" data-id="{0}"><span class="bulk-id">{0}</span> <span class="bulk-tag">Skipped</span> <span class="bulk-text">{1}</span></li>"#,
            escape(id),
            escape(reason)
        ));
    }
}

/// Two lists: the models the action applies to, then the skipped ones with their reasons.
pub fn plan_lists(verb: &str, plan: &BulkPlan) -> String {
    let mut out = String::new();
    if !plan.apply.is_empty() {
        out.push_str(&format!(
            r#"<h3 class="bulk-heading">{} ({})</h3><ul class="bulk-list" id="bulk-apply">"#,
            escape(verb),
            plan.apply.len()
        ));
        for id in &plan.apply {
            out.push_str(&format!(r#"<li class="bulk-item" data-id="{0}"><span class="bulk-id">{0}</span></li>"#, escape(id)));
        }
        out.push_str("</ul>");
    }
    if !plan.skipped.is_empty() {
        out.push_str(&format!(r#"<h3 class="bulk-heading">Skipped ({})</h3><ul class="bulk-list" id="bulk-skipped">"#, plan.skipped.len()));
        skipped_items(&mut out, &plan.skipped);
        out.push_str("</ul>");
    }
    out
}

/// One model's line in the outcome list (the page replaces just this line when its answer
/// arrives: rewriting 200 lines per answer made layout the longest task of a bulk run).
pub fn outcome_item(id: &str, outcome: &Outcome) -> String {
    let text = match outcome {
        Outcome::Refused(t) | Outcome::Unknown(t) => format!(r#" <span class="bulk-text">{}</span>"#, escape(t)),
        _ => String::new(),
    };
    format!(
        r#"<li class="bulk-item bulk-{key}" data-id="{id}" data-outcome="{key}"><span class="bulk-id">{id}</span> <span class="bulk-tag">{label}</span>{text}</li>"#,
        key = outcome.key(),
        id = escape(id),
        label = outcome.label(),
    )
}

/// Every model of a run with its outcome (LISA's text for a refusal), then the skipped ones.
pub fn outcome_list(run: &BulkRun) -> String {
    let mut out = String::from(r#"<ul class="bulk-list" id="bulk-outcomes">"#);
    for (id, outcome) in &run.items {
        out.push_str(&outcome_item(id, outcome));
    }
    skipped_items(&mut out, &run.skipped);
    out.push_str("</ul>");
    out
}

fn dialog_open(title: &str, body: &str) -> String {
    format!(
        r#"<div class="dialog-backdrop"><div class="dialog bulk-dialog" role="dialog" aria-modal="true" aria-labelledby="bulk-title" id="bulk-dialog"><h2 id="bulk-title" tabindex="-1">{}</h2>{body}</div></div>"#,
        escape(title)
    )
}

/// The plan step: what will be sent, the typed count for a delete, Cancel and Go (disabled
/// until the count is typed, or when nothing applies).
pub fn plan_dialog(action: ModelAction, plan: &BulkPlan) -> String {
    let n = plan.apply.len();
    let verb = action.label();
    let intro = if n == 0 {
        "None of the selected models allows this now; nothing will be sent.".to_string()
    } else {
        format!(
            "{verb}: one request per model, at most {MAX_IN_FLIGHT} at a time. Each change is sent once and never retried on its own."
        )
    };
    let delete = action == ModelAction::Delete;
    let confirm = if delete && n > 0 {
        format!(
            r#"<label for="bulk-confirm-input" class="confirm-prompt">Deleting cannot be undone. Type <code>{n}</code> (the number of models) to confirm</label><input id="bulk-confirm-input" type="text" inputmode="numeric" autocomplete="off">"#
        )
    } else {
        String::new()
    };
    let go_class = if delete { "button primary danger" } else { "button primary" };
    let disabled = if n == 0 || delete { " disabled" } else { "" };
    let body = format!(
        r#"<p class="muted">{}</p>{confirm}<div class="dialog-actions"><button type="button" class="button" id="bulk-plan-cancel" data-bulk="close">Cancel</button><button type="button" class="{go_class}" id="bulk-go" data-bulk="go"{disabled}>{verb} {}</button></div><div class="bulk-lists">{}</div>"#,
        escape(&intro),
        models_text(n),
        plan_lists(verb, plan)
    );
    dialog_open(&format!("{verb} {}?", models_text(n)), &body)
}

/// The run step, its outcome list included; the page updates `#bulk-summary`,
/// `#bulk-cancel-note`, the progress bar and the buttons ([`run_state`]) and each model's line
/// ([`outcome_item`]) in place as answers arrive.
pub fn run_dialog(run: &BulkRun) -> String {
    let verb = run.action().map_or("Change", |a| a.label());
    let body = r#"<progress id="bulk-progress" max="1" value="0" aria-label="Answered"></progress><p id="bulk-summary" role="status"></p><p id="bulk-cancel-note" class="warning-text"></p><div class="dialog-actions"><button type="button" class="button danger" id="bulk-cancel" data-bulk="cancel">Cancel the rest</button><button type="button" class="button primary" id="bulk-dismiss" data-bulk="dismiss">Dismiss</button></div><div class="bulk-lists" id="bulk-outcomes-host">"#;
    dialog_open(&format!("{verb}: outcomes"), &format!("{body}{}</div>", outcome_list(run)))
}

/// What the run step shows now.
pub struct RunState {
    pub answered: usize,
    pub total: usize,
    pub summary: String,
    pub cancel_note: String,
    /// "Cancel the rest" is offered.
    pub can_cancel: bool,
    /// "Dismiss" is enabled.
    pub finished: bool,
}

pub fn run_state(run: &BulkRun) -> RunState {
    let (answered, total) = run.progress();
    RunState {
        answered,
        total,
        summary: run.summary(),
        cancel_note: run.cancel_note().unwrap_or_default(),
        can_cancel: !run.cancelled && !run.is_finished(),
        finished: run.is_finished(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_and_outcomes_are_escaped_and_complete() {
        let plan = BulkPlan {
            apply: vec!["a<b".into(), "c".into()],
            skipped: vec![("d\"".into(), "It is already stopped.".into())],
        };
        let html = plan_lists("Stop", &plan);
        assert!(html.contains(r#"<h3 class="bulk-heading">Stop (2)</h3>"#));
        assert!(html.contains(r#"data-id="a&lt;b""#) && !html.contains("a<b"));
        assert!(html.contains(r#"<span class="bulk-tag">Skipped</span> <span class="bulk-text">It is already stopped.</span>"#));
        let mut run = BulkRun::new(ModelAction::Stop, plan);
        run.launch();
        run.finish(0, Outcome::Refused("<detail>".into()));
        let html = outcome_list(&run);
        assert!(html.contains(r#"data-outcome="refused""#) && html.contains("&lt;detail&gt;"));
        assert!(html.contains(r#"data-id="c" data-outcome="sent""#), "{html}");
        assert_eq!(html.matches("<li").count(), 3);
        assert_eq!(plan_lists("Start", &BulkPlan::default()), "");
    }

    #[test]
    fn dialogs() {
        let plan = BulkPlan { apply: vec!["a".into(), "b".into()], skipped: vec![] };
        let html = plan_dialog(ModelAction::Delete, &plan);
        assert!(html.contains(r#"<h2 id="bulk-title" tabindex="-1">Delete 2 models?</h2>"#), "{html}");
        assert!(html.contains("Type <code>2</code>") && html.contains(r#"data-bulk="go" disabled>Delete 2 models</button>"#), "{html}");
        let stop = plan_dialog(ModelAction::Stop, &plan);
        assert!(!stop.contains("bulk-confirm-input") && stop.contains(r#"data-bulk="go">Stop 2 models</button>"#), "{stop}");
        let none = plan_dialog(ModelAction::Start, &BulkPlan::default());
        assert!(none.contains("nothing will be sent") && none.contains(r#"data-bulk="go" disabled>"#));
        let mut run = BulkRun::new(ModelAction::Stop, plan);
        assert!(run_dialog(&run).contains("Stop: outcomes"));
        run.launch();
        let state = run_state(&run);
        assert_eq!((state.answered, state.total, state.can_cancel, state.finished), (0, 2, true, false));
        run.finish(0, Outcome::Accepted);
        run.finish(1, Outcome::Accepted);
        let state = run_state(&run);
        assert!(state.finished && !state.can_cancel && state.summary.contains("2 accepted"));
    }
}
