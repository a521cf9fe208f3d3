use super::*;
use lisa_api::enums::{ModelStatus, ModelType};
use serde_json::json;

fn model(id: &str, status: &str, extra: serde_json::Value) -> ModelSummary {
    let mut m = json!({"modelId": id, "modelName": format!("name-of-{id}"), "modelType": "textgen", "status": status});
    if let (Some(map), Some(extra)) = (m.as_object_mut(), extra.as_object()) {
        map.extend(extra.clone());
    }
    serde_json::from_value(m).unwrap()
}

fn ids(rows: &[CatalogueRow], order: &[u32]) -> Vec<String> {
    order.iter().map(|&i| rows[i as usize].id().to_string()).collect()
}

fn sample() -> Vec<CatalogueRow> {
    let servable: HashSet<String> = ["alpha", "delta"].iter().map(|s| s.to_string()).collect();
    build_rows(
        vec![
            model("delta", "InService", json!({"contextWindow": 8192, "instanceType": "g5.xlarge", "streaming": true,
                "modelDescription": "Chat model for support", "features": [{"name": "toolCalls", "overview": ""}]})),
            model("Alpha", "Stopped", json!({"contextWindow": 131072, "modelType": "embedding", "allowedGroups": ["research"]})),
            model("charlie", "Creating", json!({"hostingType": "internal_hosted", "modelName": "openai/Support-Bot"})),
            model("bravo", "Failed", json!({"contextWindow": 1500000, "allowedGroups": []})),
        ],
        Some(&servable).into(),
    )
}

#[test]
fn rows_precompute_the_cells() {
    let rows = sample();
    let delta = &rows[0];
    assert_eq!(delta.context_text, "8K");
    assert_eq!(delta.features_text, "toolCalls");
    assert_eq!(delta.groups_text, "public");
    assert_eq!(delta.serving, Serving::Yes);
    assert_eq!(delta.hosting, Hosting::LisaHosted);
    assert_eq!(delta.status_text, "In service");
    // The serve list has "alpha"; ids are case-sensitive.
    assert_eq!(rows[1].serving, Serving::No);
    assert_eq!(rows[1].groups_text, "research");
    assert_eq!(rows[2].hosting, Hosting::InternalHosted);
    assert_eq!(rows[2].context_text, "");
    let unknown = build_rows(vec![model("x", "InService", json!({}))], None.into());
    assert_eq!(unknown[0].serving, Serving::Unknown);
    assert_eq!(unknown[0].serving.label(), "unknown");
}

#[test]
fn rows_built_before_the_serve_list_say_so_and_sort_last() {
    let rows = build_rows(vec![model("a", "InService", json!({})), model("b", "InService", json!({}))], Availability::Pending);
    assert!(rows.iter().all(|r| r.serving == Serving::Pending));
    assert_eq!(rows[0].serving.label(), "checking…");
    let listed: HashSet<String> = ["b".to_string()].into();
    let done = build_rows(vec![model("a", "InService", json!({})), model("b", "InService", json!({}))], Availability::Listed(&listed));
    assert_eq!(rows[1].fingerprint, done[1].fingerprint, "only the availability cell changes when the list arrives");
    assert_ne!(rows[1].serving, done[1].serving);
    let mixed: Vec<&CatalogueRow> = vec![&rows[0], &done[1]];
    assert_eq!(sort_order(&mixed, Column::Serving, SortDir::Asc), vec![1, 0]);
}

#[test]
fn fingerprint_changes_with_what_the_row_shows_only() {
    let a = CatalogueRow::new(model("m", "Creating", json!({})), None.into());
    let same = CatalogueRow::new(model("m", "Creating", json!({})), None.into());
    let moved = CatalogueRow::new(model("m", "InService", json!({})), None.into());
    let served = CatalogueRow::new(model("m", "Creating", json!({})), Some(&HashSet::from(["m".to_string()])).into());
    assert_eq!(a.fingerprint, same.fingerprint);
    assert_ne!(a.fingerprint, moved.fingerprint);
    // Availability has its own cell, updated in place.
    assert_eq!(a.fingerprint, served.fingerprint);
    assert_ne!(a.serving, served.serving);
}

#[test]
fn sort_by_every_column_both_ways_with_missing_values_last() {
    let rows = sample();
    let by = |c, d| ids(&rows, &sort_order(&rows, c, d));
    assert_eq!(by(Column::Model, SortDir::Asc), ["Alpha", "bravo", "charlie", "delta"], "case-insensitive");
    assert_eq!(by(Column::Model, SortDir::Desc), ["delta", "charlie", "bravo", "Alpha"]);
    assert_eq!(by(Column::Context, SortDir::Asc), ["delta", "Alpha", "bravo", "charlie"]);
    assert_eq!(by(Column::Context, SortDir::Desc), ["bravo", "Alpha", "delta", "charlie"], "no context window stays last");
    assert_eq!(by(Column::Instance, SortDir::Desc)[0], "delta");
    assert_eq!(by(Column::Status, SortDir::Asc), ["charlie", "bravo", "delta", "Alpha"], "creating, failed, in service, stopped");
    assert_eq!(by(Column::Type, SortDir::Asc)[0], "Alpha", "embedding before textgen");
    assert_eq!(by(Column::Hosting, SortDir::Asc)[0], "charlie", "internal hosted first");
    assert_eq!(by(Column::Streaming, SortDir::Desc)[0], "delta");
    assert_eq!(by(Column::Features, SortDir::Asc)[0], "delta");
    assert_eq!(by(Column::Features, SortDir::Desc)[0], "delta", "empty features last either way");
    assert_eq!(by(Column::Groups, SortDir::Asc), ["bravo", "charlie", "delta", "Alpha"], "public < research; ties by id");
    // "alpha" is in the serve list but the model is "Alpha": ids are case-sensitive.
    assert_eq!(by(Column::Serving, SortDir::Asc), ["delta", "Alpha", "bravo", "charlie"], "served first");
    assert_eq!(by(Column::Serving, SortDir::Desc), ["Alpha", "bravo", "charlie", "delta"]);
}

#[test]
fn ties_keep_a_stable_id_order() {
    let rows = build_rows((0..50).map(|i| model(&format!("m{i:02}"), "InService", json!({}))).collect(), Availability::Unknown);
    let asc = ids(&rows, &sort_order(&rows, Column::Status, SortDir::Asc));
    let desc = ids(&rows, &sort_order(&rows, Column::Status, SortDir::Desc));
    assert_eq!(asc, desc, "equal keys are ordered by id in both directions");
    let mut sorted = asc.clone();
    sorted.sort();
    assert_eq!(asc, sorted);
}

#[test]
fn filters_and_search() {
    let rows = sample();
    let order = sort_order(&rows, Column::Model, SortDir::Asc);
    let run = |q: ViewQuery| ids(&rows, &filter_order(&rows, &order, &q));
    assert_eq!(run(ViewQuery::default()).len(), 4);
    assert_eq!(run(ViewQuery { search: "SUPPORT".into(), ..Default::default() }), ["charlie", "delta"], "name and description");
    assert_eq!(run(ViewQuery { search: "support chat".into(), ..Default::default() }), ["delta"], "every term");
    assert_eq!(run(ViewQuery { search: "  alp ".into(), ..Default::default() }), ["Alpha"], "id, trimmed");
    assert!(run(ViewQuery { search: "zzz".into(), ..Default::default() }).is_empty());
    assert_eq!(run(ViewQuery { status: Some(ModelStatus::Failed), ..Default::default() }), ["bravo"]);
    assert_eq!(run(ViewQuery { model_type: Some(ModelType::Embedding), ..Default::default() }), ["Alpha"]);
    assert_eq!(run(ViewQuery { hosting: Some(Hosting::ThirdParty), ..Default::default() }), ["Alpha", "bravo"]);
    assert_eq!(run(ViewQuery { hosting: Some(Hosting::LisaHosted), search: "delta".into(), ..Default::default() }), ["delta"]);
    assert!(run(ViewQuery { hosting: Some(Hosting::LisaHosted), status: Some(ModelStatus::Stopped), ..Default::default() }).is_empty());
}

#[test]
fn query_string_round_trip() {
    let q = ViewQuery {
        search: "llama 3/8b & co".into(),
        status: Some(ModelStatus::InService),
        model_type: Some(ModelType::Textgen),
        hosting: Some(Hosting::InternalHosted),
        sort: Column::Context,
        dir: SortDir::Desc,
    };
    let text = q.to_query_string();
    assert_eq!(text, "q=llama%203%2F8b%20%26%20co&status=InService&type=textgen&hosting=internal_hosted&sort=context&dir=desc");
    assert_eq!(ViewQuery::parse(&text), q);
    assert_eq!(ViewQuery::parse(&format!("?{text}")), q);
    for column in Column::ALL {
        let q = ViewQuery { sort: column, ..Default::default() };
        assert_eq!(ViewQuery::parse(&q.to_query_string()), q, "{column:?}");
    }
    assert_eq!(ViewQuery::default().to_query_string(), "", "the default view has a plain URL");
    assert_eq!(ViewQuery::parse("q=a+b").search, "a b", "forms encode spaces as +");
}

#[test]
fn unknown_query_values_are_ignored() {
    let q = ViewQuery::parse("status=Active&type=audio&hosting=LISA_HOSTED&sort=colour&dir=sideways&extra=1&q");
    assert_eq!(q, ViewQuery::default());
    let q = ViewQuery::parse("%zz=1&status=%E2%28");
    assert_eq!(q.status, None);
}

#[test]
fn header_clicks_flip_or_start_ascending() {
    let q = ViewQuery::default();
    let once = q.sorted_by(Column::Model);
    assert_eq!((once.sort, once.dir), (Column::Model, SortDir::Desc));
    let other = once.sorted_by(Column::Status);
    assert_eq!((other.sort, other.dir), (Column::Status, SortDir::Asc));
    let filtered = ViewQuery { search: "x".into(), hosting: Some(Hosting::ThirdParty), ..other.clone() };
    assert!(filtered.has_filters());
    let cleared = filtered.cleared();
    assert!(!cleared.has_filters());
    assert_eq!(cleared.sort, Column::Status, "clearing filters keeps the sort");
}

#[test]
fn context_window_short_forms() {
    for (n, text) in [
        (0, "0"),
        (512, "512"),
        (999, "999"),
        (1000, "1K"),
        (4096, "4K"),
        (8192, "8K"),
        (16384, "16K"),
        (32768, "32K"),
        (128000, "128K"),
        (131072, "131K"),
        (200000, "200K"),
        (999_999, "999K"),
        (1_000_000, "1M"),
        (1_048_576, "1M"),
        (1_500_000, "1.5M"),
        (2_097_152, "2M"),
        (10_000_000, "10M"),
        (-5, "-5"),
    ] {
        assert_eq!(format_context_window(n), text, "{n}");
    }
    assert_eq!(format_thousands(131072), "131,072");
    assert_eq!(format_thousands(512), "512");
    assert_eq!(format_thousands(1_000_000), "1,000,000");
    assert_eq!(format_thousands(-1234), "-1,234");
}

#[test]
fn groups_and_ages() {
    assert_eq!(groups_text(None), "public");
    assert_eq!(groups_text(Some(&[])), "public");
    assert_eq!(groups_text(Some(&["a".to_string(), "b".to_string()])), "a, b");
    assert_eq!(age_text(300.0), "just now");
    assert_eq!(age_text(12_400.0), "12 s ago");
    assert_eq!(age_text(180_000.0), "3 min ago");
    assert_eq!(age_text(7_300_000.0), "2 h ago");
    assert_eq!(age_text(-50.0), "just now");
}

#[test]
fn transitional_lists_keep_polling() {
    let stable = vec![model("a", "InService", json!({})), model("b", "Failed", json!({}))];
    assert!(!any_transitional(&stable));
    let busy = vec![model("a", "InService", json!({})), model("b", "Deleting", json!({}))];
    assert!(any_transitional(&busy));
    assert!(!any_transitional(&[]));
}

#[test]
fn body_fingerprints_tell_bodies_apart() {
    let a = r#"{"models":[{"modelId":"a","status":"Creating"}]}"#;
    let b = r#"{"models":[{"modelId":"a","status":"InService"}]}"#;
    assert_eq!(body_fingerprint(a), body_fingerprint(a));
    assert_ne!(body_fingerprint(a), body_fingerprint(b));
    assert_ne!(body_fingerprint("abcdefgh1"), body_fingerprint("abcdefgh2"), "the tail counts");
    assert_ne!(body_fingerprint(""), body_fingerprint("\0"));
}
