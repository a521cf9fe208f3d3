//! Every metrics fixture in shared/fixtures, and the seed document's metrics examples, through
//! the decoder and the metrics pages' logic (lisa-api.md §7).

use std::collections::BTreeMap;
use std::path::PathBuf;

use lisa_api::metrics::{single_user_entry, AllUsersMetrics, UserMetrics};
use lisa_console::metrics_view::fmt::{count as format_count, percent as format_percent};
use lisa_console::metrics_view::lookup::{user_answer, UserAnswer};
use lisa_console::metrics_view::sessions::{session_rows, sessions_csv, sort_sessions, default_sort};
use lisa_console::metrics_view::time::{format_utc, seen_display, SeenDisplay};
use lisa_console::metrics_view::{bars_from, chart_order, overview_is_empty};
use lisa_api::{decode_metrics, ErrorKind};
use serde_json::Value;

type UserBody = BTreeMap<String, UserMetrics>;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
}

fn fixture(name: &str) -> String {
    let path = fixtures_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const COVERED: [&str; 6] = [
    "metrics-all-empty.json",
    "metrics-all.json",
    "metrics-error-500.json",
    "metrics-user-inner-error.json",
    "metrics-user-unknown.json",
    "metrics-user.json",
];

#[test]
fn every_metrics_fixture_is_covered_here() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("shared/fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("metrics-") && n.ends_with(".json"))
        .collect();
    found.sort();
    assert_eq!(found, COVERED, "a metrics fixture was added or removed: cover it in this file");
}

#[test]
fn documented_user_example_decodes() {
    let body: UserBody = decode_metrics(200, &fixture("metrics-user.json")).unwrap();
    let (key, user) = single_user_entry(body).unwrap();
    assert_eq!(key, "johnDoe");
    assert_eq!(format_count(user.total_prompts), "20");
    assert_eq!(format_count(user.rag_usage_count), "1");
    assert_eq!(format_count(user.mcp_tool_calls_count), "12");
    assert_eq!(user.mcp_tool_usage.get("GMAIL-SEND-EMAIL"), Some(&11.0));
    assert_eq!(user.user_groups, ["lisa-enjoyers", "coffee-lovers"]);
    // The documented record has no token counts: the sums are zero from zero sessions.
    let tokens = user.token_totals();
    assert_eq!((tokens.prompt_tokens, tokens.completion_tokens, tokens.sessions_with_tokens), (0.0, 0.0, 0));
    let rows = session_rows(&user);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, "c6d20198-b1b1-46d9-8bec-3ddaafeb96a6");
    assert_eq!(rows[0].tools_text(), "GMAIL-SEND-EMAIL ×3");
    let csv = sessions_csv(&rows, &sort_sessions(&rows, default_sort()));
    assert_eq!(csv.split("\r\n").nth(1), Some("c6d20198-b1b1-46d9-8bec-3ddaafeb96a6,5,0,3,GMAIL-SEND-EMAIL=3,,,"));
    // No offset in the documented timestamps: read as UTC.
    match seen_display(user.first_seen.as_deref()) {
        SeenDisplay::At { epoch_ms } => assert_eq!(format_utc(epoch_ms), "2025-07-01 16:47:21 UTC"),
        other => panic!("firstSeen: {other:?}"),
    }
    assert!(matches!(user_answer("john.doe@company.com", Some((key, user))), UserAnswer::Found { stored_as: Some(_), .. }));
}

#[test]
fn documented_all_users_example_decodes() {
    let all: AllUsersMetrics = decode_metrics(200, &fixture("metrics-all.json")).unwrap();
    assert_eq!(format_count(all.total_unique_users), "3");
    assert_eq!(format_count(all.total_prompts), "31");
    assert_eq!(format_count(all.total_rag_usage), "1");
    assert_eq!(format_percent(all.rag_usage_percentage), "3.2%");
    assert_eq!(format_count(all.total_mcp_tool_calls), "12");
    assert_eq!(format_percent(all.mcp_tool_calls_percentage), "38.7%");
    assert!(!overview_is_empty(&all));
    let tools = bars_from(&all.mcp_tool_usage);
    let order: Vec<&str> = chart_order(&tools).into_iter().map(|i| tools[i].label.as_str()).collect();
    assert_eq!(order, ["GMAIL-SEND-EMAIL", "GOOGLE_CALENDAR-LIST-EVENTS"]);
    let groups = bars_from(&all.user_groups);
    let order: Vec<(&str, f64)> = chart_order(&groups).into_iter().map(|i| (groups[i].label.as_str(), groups[i].value)).collect();
    assert_eq!(order, [("lisa-enjoyers", 2.0), ("tea-lovers", 2.0), ("coffee-lovers", 1.0)]);
}

#[test]
fn empty_table_is_integer_zeros_and_reads_as_empty() {
    let all: AllUsersMetrics = decode_metrics(200, &fixture("metrics-all-empty.json")).unwrap();
    assert!(overview_is_empty(&all));
    assert_eq!(format_percent(all.rag_usage_percentage), "0.0%");
}

#[test]
fn unknown_user_is_zeros_not_an_error() {
    let body: UserBody = decode_metrics(200, &fixture("metrics-user-unknown.json")).unwrap();
    let entry = single_user_entry(body);
    assert_eq!(entry.as_ref().map(|(k, _)| k.as_str()), Some("nobody"));
    assert_eq!(user_answer("nobody", entry), UserAnswer::NoActivity);
}

#[test]
fn inner_error_status_is_an_error_with_its_message() {
    let text = fixture("metrics-user-inner-error.json");
    let e = decode_metrics::<UserBody>(200, &text).unwrap_err();
    assert_eq!(e.status, Some(500));
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(e.message, "Failed to retrieve metrics");
    // The same envelope on the aggregate route.
    let e = decode_metrics::<AllUsersMetrics>(200, &text).unwrap_err();
    assert_eq!(e.message, "Failed to retrieve metrics");
    // Inner 400 (empty user id).
    let e = decode_metrics::<UserBody>(200, r#"{"statusCode":400,"body":"{\"error\": \"Missing userId parameter\"}"}"#)
        .unwrap_err();
    assert_eq!((e.status, e.kind, e.message.as_str()), (Some(400), ErrorKind::BadRequest, "Missing userId parameter"));
}

#[test]
fn unhandled_exception_is_a_bare_string_on_http_500() {
    let e = decode_metrics::<AllUsersMetrics>(500, &fixture("metrics-error-500.json")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(e.message, "An unexpected error occurred while processing your request");
}

#[test]
fn body_as_a_json_string_and_bare_bodies_are_accepted() {
    for name in ["metrics-user.json", "metrics-user-unknown.json"] {
        let envelope: Value = serde_json::from_str(&fixture(name)).unwrap();
        let inner = envelope["body"].clone();
        let as_string = serde_json::json!({"statusCode": 200, "body": inner.to_string()}).to_string();
        let a: UserBody = decode_metrics(200, &as_string).unwrap();
        let b: UserBody = decode_metrics(200, &inner.to_string()).unwrap();
        let c: UserBody = decode_metrics(200, &fixture(name)).unwrap();
        assert_eq!(a, c, "{name}: string body");
        assert_eq!(b, c, "{name}: bare body");
    }
    let envelope: Value = serde_json::from_str(&fixture("metrics-all.json")).unwrap();
    let bare: AllUsersMetrics = decode_metrics(200, &envelope["body"].to_string()).unwrap();
    assert_eq!(bare.total_prompts, 31.0);
}

#[test]
fn counts_may_be_floats_or_integers() {
    let body: UserBody = decode_metrics(
        200,
        r#"{"statusCode":200,"body":{"u":{"totalPrompts":7,"ragUsageCount":2.0,"mcpToolCallsCount":0,
            "sessionMetrics":{"s":{"totalPrompts":7,"ragUsage":2.0,"promptTokens":100,"completionTokens":50.0}}}}}"#,
    )
    .unwrap();
    let (_, user) = single_user_entry(body).unwrap();
    assert_eq!((format_count(user.total_prompts), format_count(user.rag_usage_count)), ("7".into(), "2".into()));
    let tokens = user.token_totals();
    assert_eq!((tokens.prompt_tokens, tokens.completion_tokens, tokens.sessions_with_tokens), (100.0, 50.0, 1));
}

/// The response example under the heading `marker` in the seed text: the JSON object after the
/// next "Response Format:" (braces matched, strings respected).
fn seed_json_after(seed: &str, marker: &str) -> Value {
    let start = seed.find(marker).unwrap_or_else(|| panic!("seed has no {marker:?}"));
    let example = seed[start..].find("Response Format:").expect("a response example follows");
    let rest = &seed[start + example..];
    let open = rest.find('{').expect("a JSON object follows");
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    for (i, c) in rest[open..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' if !in_string => depth += 1,
            '}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return serde_json::from_str(&rest[open..open + i + 1]).expect("seed JSON parses");
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced JSON after {marker:?}");
}

#[test]
fn seed_document_examples_match_the_fixtures_and_decode() {
    let seed_dir = fixtures_dir().join("../seed");
    let seed: String = std::fs::read_dir(&seed_dir)
        .expect("shared/seed")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    let user = seed_json_after(&seed, "Get Individual User Metrics");
    let all = seed_json_after(&seed, "Get All Users Metrics");
    assert_eq!(user, serde_json::from_str::<Value>(&fixture("metrics-user.json")).unwrap());
    assert_eq!(all, serde_json::from_str::<Value>(&fixture("metrics-all.json")).unwrap());
    let user: UserBody = decode_metrics(200, &user.to_string()).unwrap();
    assert_eq!(single_user_entry(user).map(|(k, u)| (k, u.total_prompts)), Some(("johnDoe".into(), 20.0)));
    let all: AllUsersMetrics = decode_metrics(200, &all.to_string()).unwrap();
    assert_eq!(all.user_groups.get("tea-lovers"), Some(&2.0));
}
