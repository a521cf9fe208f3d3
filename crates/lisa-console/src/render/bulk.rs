//! The bulk dialog's lists as HTML text: the plan (what each selected model gets, and why some
//! are skipped) and the per-model outcomes of a run. Up to hundreds of items, rewritten as
//! answers arrive: one `innerHTML` per update.

use super::escape;
use crate::bulk::{BulkPlan, BulkRun, Outcome};

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

/// Every model of a run with its outcome (LISA's text for a refusal), then the skipped ones.
pub fn outcome_list(run: &BulkRun) -> String {
    let mut out = String::from(r#"<ul class="bulk-list" id="bulk-outcomes">"#);
    for (id, outcome) in &run.items {
        let text = match outcome {
            Outcome::Refused(t) | Outcome::Unknown(t) => format!(r#" <span class="bulk-text">{}</span>"#, escape(t)),
            _ => String::new(),
        };
        out.push_str(&format!(
            r#"<li class="bulk-item bulk-{key}" data-id="{id}" data-outcome="{key}"><span class="bulk-id">{id}</span> <span class="bulk-tag">{label}</span>{text}</li>"#,
            key = outcome.key(),
            id = escape(id),
            label = outcome.label(),
        ));
    }
    skipped_items(&mut out, &run.skipped);
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::ModelAction;

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
}
