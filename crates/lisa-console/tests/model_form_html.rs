//! The forms as HTML and driven by key: every place a complaint can land has a slot, every
//! input's key is one the form accepts, values are escaped, row buttons work.

// The rule tests' body builders and assertions (one copy, in lisa-api).
#[path = "../../lisa-api/tests/common/mod.rs"]
mod common;

use std::collections::BTreeSet;

use lisa_console::model_form::create::{CreateForm, Hosting};
use lisa_console::model_form::edit::EditForm;
use lisa_console::model_form::element_id;
use lisa_console::render::form_parts::esc;
use lisa_console::model_form::input::{EditCtx, KeyedForm};
use lisa_console::model_form::rows::{EnvRow, FeatureRow, GuardrailRow};
use lisa_console::model_form::schedule::ScheduleMode;
use serde_json::json;

/// Every value of `attr="…"` in `html`.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(r#" {attr}=""#);
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

fn ids(html: &str) -> BTreeSet<String> {
    attr_values(html, "id").into_iter().collect()
}

fn create_forms() -> Vec<CreateForm> {
    let mut hosted = CreateForm { hosting: Hosting::LisaHosted, ..Default::default() };
    hosted.container.environment = vec![EnvRow { key: "A".into(), value: "1".into() }, EnvRow::default()];
    hosted.features = vec![FeatureRow::default()];
    hosted.guardrails = vec![GuardrailRow::default(), GuardrailRow::default()];
    let mut daily = hosted.clone();
    daily.schedule.mode = ScheduleMode::Daily;
    let mut recurring = hosted.clone();
    recurring.schedule.mode = ScheduleMode::Recurring;
    vec![
        CreateForm::default(),
        CreateForm { hosting: Hosting::InternalHosted, ..Default::default() },
        hosted,
        daily,
        recurring,
    ]
}

fn edit_ctxs() -> Vec<(EditForm, EditCtx)> {
    let mut out = Vec::new();
    for (body, status) in [(common::hosted(), "InService"), (common::hosted(), "Stopped"), (common::external(), "InService")] {
        let body = common::with(body, "guardrailsConfig", json!({"g": {"guardrailName": "g", "guardrailIdentifier": "x"}}));
        let model = common::model(&body, status);
        let mut form = EditForm::from_model(&model);
        form.schedule.mode = ScheduleMode::Daily;
        form.features = vec![FeatureRow::default()];
        out.push((form.clone(), EditCtx { original: EditForm::from_model(&model), model }));
    }
    out
}

#[test]
fn every_key_a_complaint_can_land_on_has_a_slot() {
    for form in create_forms() {
        let html = form.render(&());
        let ids = ids(&html);
        for key in form.placer().keys() {
            let slot = format!("{}-msg", element_id(key));
            assert!(ids.contains(&slot), "{:?}: no {slot} for {key}", form.hosting);
        }
    }
    for (form, ctx) in edit_ctxs() {
        let html = form.render(&ctx);
        let ids = ids(&html);
        for key in form.placer(&ctx.model).keys() {
            let slot = format!("{}-msg", element_id(key));
            assert!(ids.contains(&slot), "{}: no {slot} for {key}", ctx.model.status);
        }
    }
}

#[test]
fn every_input_key_is_one_the_form_takes() {
    for form in create_forms() {
        let html = form.render(&());
        for key in attr_values(&html, "data-key") {
            let mut f = form.clone();
            assert!(f.set(&key, "true"), "create form refuses its own key {key}");
        }
        assert!(!form.clone().set("noSuchField", "x"));
    }
    for (form, ctx) in edit_ctxs() {
        for key in attr_values(&form.render(&ctx), "data-key") {
            assert!(form.clone().set(&key, "true"), "edit form refuses its own key {key}");
        }
    }
}

#[test]
fn ids_are_unique() {
    for form in create_forms() {
        let all = attr_values(&form.render(&()), "id");
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(all.len(), unique.len(), "duplicate ids in the create form");
    }
    for (form, ctx) in edit_ctxs() {
        let all = attr_values(&form.render(&ctx), "id");
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(all.len(), unique.len(), "duplicate ids in the edit form");
    }
}

#[test]
fn values_are_escaped_and_set_by_key() {
    assert_eq!(esc(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    let mut f = CreateForm::default();
    assert!(f.set("modelId", r#"a"><script>"#));
    assert!(f.set("hostingType", "lisa_hosted"));
    assert!(f.set("containerConfig.healthCheckConfig.command.mode", "string"));
    assert!(f.set("autoScalingConfig.scheduling.mode", "daily"));
    assert!(f.set("autoScalingConfig.scheduling.dailySchedule.sunday.on", "true"));
    assert!(f.set("streaming", "true"));
    let html = f.render(&());
    assert!(html.contains(r#"value="a&quot;&gt;&lt;script&gt;""#));
    assert!(!html.contains("<script>"));
    assert_eq!(f.hosting, Hosting::LisaHosted);
    assert!(f.streaming && f.schedule.days[6].enabled);
    let visible: Vec<(String, bool)> = f.visibility(&());
    assert!(visible.contains(&("day-sunday-times".to_string(), true)));
    assert!(visible.contains(&("hosted-part".to_string(), true)));
    assert!(visible.contains(&("schedule-recurring-part".to_string(), false)));
}

#[test]
fn row_buttons_add_remove_and_keep() {
    let mut f = CreateForm::default();
    assert_eq!(f.act("add-env", 0, &()).as_deref(), Some("containerConfig.environment.0.key"));
    assert_eq!(f.act("add-guardrail", 0, &()).as_deref(), Some("guardrailsConfig.0.guardrailName"));
    assert!(f.set("containerConfig.environment.0.key", "X"));
    let regions = f.regions(&());
    assert!(regions.iter().any(|(id, html)| *id == "rows-env" && html.contains(r#"value="X""#)));
    assert!(f.act("remove-env", 0, &()).is_some());
    assert!(f.container.environment.is_empty());
    assert!(f.act("remove-env", 5, &()).is_some(), "a stale index is harmless");
    assert!(f.act("explode", 0, &()).is_none());

    let (mut form, ctx) = edit_ctxs().remove(0);
    form.container.environment.clear();
    assert!(form.regions(&ctx).iter().any(|(id, html)| *id == "env-removed" && html.contains("MAX_TOTAL_TOKENS")));
    assert!(form.act("keep-env", 0, &ctx).is_some());
    assert_eq!(form.container.environment, ctx.original.container.environment);
    assert!(form.act("keep-env", 3, &ctx).is_none());
}
