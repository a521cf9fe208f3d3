//! Metrics pages against the mock: KPIs and charts equal the mock's data, the lookup (known,
//! unknown, `@` and other odd ids), sorting, CSV contents, errors inside the envelope, and
//! failed refreshes that keep the last good data
//! (the last three in `metrics/answers.rs`); the tables laid out as tables (`metrics/tables.rs`).

use lisa_e2e::{ensure, Context, Env, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    let mut cases = crate::cases![
        overview_kpis_equal_the_mock,
        chart_bars_carry_the_mock_values,
        lookup_known_unknown_and_at_sign_users,
        odd_user_ids_round_trip_through_the_url,
        sessions_table_sorts,
        csv_downloads_hold_the_table_and_are_formula_safe,
        metrics_pages_pass_axe,
    ];
    cases.extend(answers::cases());
    cases.extend(tables::cases());
    cases
}

mod answers;
mod tables;

use lisa_e2e::downloads::{downloaded, CAPTURE_DOWNLOADS};

/// A counter as the page shows it: whole numbers without a fraction.
fn count(v: &Value) -> String {
    let n = v.as_f64().unwrap_or(f64::NAN);
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{:.2}", n).trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

async fn mock_body(env: &Env, path: &str) -> Result<Value, String> {
    let (status, body) = env.mock.api("GET", path, None).await?;
    ensure!(status == 200 && body["statusCode"] == json!(200), "mock {path} answered {status}: {body}");
    Ok(body["body"].clone())
}

async fn kpi(env: &Env, id: &str) -> Result<String, String> {
    env.text(&format!("#{id} .kpi-value")).await
}

/// `(label, value)` of every bar of a chart, top to bottom.
async fn bars(env: &Env, chart: &str) -> Result<Vec<(String, String)>, String> {
    let v = env
        .js(&format!(
            "return [...document.querySelectorAll('#{chart} g.bar')].map(g => [g.dataset.label, g.dataset.value, \
             g.querySelector('.bar-value').textContent, g.querySelector('.bar-label').textContent]);"
        ))
        .await?;
    let mut out = Vec::new();
    for item in v.as_array().context("bars")? {
        let s = |i: usize| item[i].as_str().unwrap_or_default().to_string();
        ensure!(s(1) == s(2), "bar {} shows {:?} but carries {:?}", s(0), s(2), s(1));
        ensure!(s(0) == s(3), "bar label text {:?} differs from data-label {:?}", s(3), s(0));
        out.push((s(0), s(1)));
    }
    Ok(out)
}

/// The mock's map as the chart must draw it: biggest first, ties by name.
fn expected_bars(map: &Value) -> Vec<(String, String)> {
    let mut items: Vec<(String, f64)> = map
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_f64().unwrap_or(0.0))).collect())
        .unwrap_or_default();
    items.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase())));
    items.into_iter().map(|(k, v)| (k, count(&json!(v)))).collect()
}

async fn overview_kpis_equal_the_mock() -> TestResult {
    let env = Env::default().await?;
    let all = mock_body(&env, "/metrics/users/all").await?;
    env.signed_in_at("/metrics").await?;
    env.wait_css("#kpi-users").await?;
    ensure!(kpi(&env, "kpi-users").await? == count(&all["totalUniqueUsers"]), "unique users");
    ensure!(kpi(&env, "kpi-prompts").await? == count(&all["totalPrompts"]), "prompts");
    ensure!(kpi(&env, "kpi-rag").await? == count(&all["totalRagUsage"]), "RAG uses");
    ensure!(kpi(&env, "kpi-mcp").await? == count(&all["totalMCPToolCalls"]), "MCP calls");
    let rag = env.text("#kpi-rag .kpi-detail").await?;
    let rag_pct = format!("{:.1}% of prompts", all["ragUsagePercentage"].as_f64().unwrap_or(0.0));
    ensure!(rag == rag_pct, "RAG share {rag:?}, expected {rag_pct:?}");
    let mcp = env.text("#kpi-mcp .kpi-detail").await?;
    let mcp_pct = format!("{:.1}% of prompts", all["mcpToolCallsPercentage"].as_f64().unwrap_or(0.0));
    ensure!(mcp == mcp_pct, "MCP share {mcp:?}, expected {mcp_pct:?}");
    let updated = env.wait_text("#metrics-updated", "updated").await?;
    ensure!(updated.contains("ago") || updated.contains("just now"), "updated says {updated:?}");
    env.assert_no_panic().await
}

async fn chart_bars_carry_the_mock_values() -> TestResult {
    let env = Env::default().await?;
    let all = mock_body(&env, "/metrics/users/all").await?;
    env.signed_in_at("/metrics").await?;
    env.wait_css("#tools-chart g.bar").await?;
    let tools = bars(&env, "tools-chart").await?;
    ensure!(tools == expected_bars(&all["mcpToolUsage"]), "tool bars {tools:?}");
    let groups = bars(&env, "groups-chart").await?;
    ensure!(groups == expected_bars(&all["userGroups"]), "group bars {groups:?}");
    // The longest bar is the biggest value; lengths are proportional.
    let widths = env
        .js("return [...document.querySelectorAll('#tools-chart rect.bar-fill')].map(r => parseFloat(r.getAttribute('width')));")
        .await?;
    let widths: Vec<f64> = widths.as_array().context("widths")?.iter().filter_map(Value::as_f64).collect();
    ensure!(widths.windows(2).all(|w| w[0] >= w[1]), "bars not sorted by length: {widths:?}");
    let values: Vec<f64> = tools.iter().filter_map(|(_, v)| v.parse().ok()).collect();
    if let (Some(&w0), Some(&v0)) = (widths.first(), values.first()) {
        for (w, v) in widths.iter().zip(&values) {
            ensure!((w / w0 - (v / v0).max(0.005)).abs() < 0.01, "bar of {v} has width {w} (largest {w0} for {v0})");
        }
    }
    // Real SVG: the bars are laid out (an HTML element named "rect" would have no box).
    let drawn = env
        .js("const r = document.querySelector('#tools-chart rect.bar-fill'); \
             return r.namespaceURI === 'http://www.w3.org/2000/svg' && r.getBBox().width > 0;")
        .await?;
    ensure!(drawn == json!(true), "the bars are not drawn as SVG");
    // The charts are labelled SVG, and the tables carry the same rows.
    let label = env.attr("#tools-chart svg", "aria-label").await?.unwrap_or_default();
    ensure!(label.contains("MCP tool calls by tool"), "chart label {label:?}");
    let rows = env.texts("#tools-table tbody tr td:first-child").await?;
    let names: Vec<String> = tools.iter().map(|(l, _)| l.clone()).collect();
    ensure!(rows == names, "tool table rows {rows:?}");

    // Long series: the top 20 bars, then all of them on request; the table has every row.
    env.mock.post("/__mock/generate", json!({"tools": 30, "groups": 2})).await?;
    let all = mock_body(&env, "/metrics/users/all").await?;
    let tool_count = all["mcpToolUsage"].as_object().map(|m| m.len()).unwrap_or(0);
    ensure!(tool_count > 20, "the mock has only {tool_count} tools");
    env.click("#metrics-refresh").await?;
    env.until("20 bars and every row", || async {
        let bars = env.count("#tools-chart g.bar").await.ok()?;
        let rows = env.count("#tools-table tbody tr").await.ok()?;
        (bars == 20 && rows == tool_count).then_some(())
    })
    .await?;
    env.wait_text("#tools-chart .chart-more", &format!("Show all {tool_count}")).await?;
    env.click("#tools-chart .chart-more").await?;
    env.until("every bar", || async { (env.count("#tools-chart g.bar").await.ok()? == tool_count).then_some(()) }).await?;
    let shown = bars(&env, "tools-chart").await?;
    ensure!(shown == expected_bars(&all["mcpToolUsage"]), "all bars {shown:?}");
    env.assert_no_panic().await
}

async fn lookup(env: &Env, id: &str) -> TestResult {
    env.fill("#lookup-user-id", id).await?;
    env.click("#lookup-submit").await
}

async fn lookup_known_unknown_and_at_sign_users() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/metrics").await?;
    env.wait_css("#kpi-users").await?;
    // Empty input: a message, nothing sent.
    lookup(&env, "   ").await?;
    env.wait_text("#lookup-error", "Enter a user id").await?;
    ensure!(env.path().await? == "/admin/metrics", "an empty lookup navigated");

    lookup(&env, "johnDoe").await?;
    env.wait_css("#user-kpi-prompts").await?;
    ensure!(env.path().await? == "/admin/metrics/users/johnDoe", "path {}", env.path().await?);
    ensure!(kpi(&env, "user-kpi-prompts").await? == "20", "johnDoe prompts");
    ensure!(kpi(&env, "user-kpi-mcp").await? == "12", "johnDoe MCP calls");
    ensure!(env.count("#sessions-table tbody tr[data-session]").await? == 3, "johnDoe has three sessions");
    let title = env.attr("#user-first-seen time", "title").await?.unwrap_or_default();
    ensure!(title == "2025-07-01 16:47:21 UTC", "first seen UTC title {title:?}");
    let groups = env.text("#user-groups").await?;
    ensure!(groups.contains("coffee-lovers") && groups.contains("lisa-enjoyers"), "groups {groups:?}");

    env.click(".breadcrumb a").await?;
    env.wait_css("#kpi-users").await?;
    lookup(&env, "nobody-at-all").await?;
    let text = env.wait_text("#user-no-activity", "No activity recorded for").await?;
    ensure!(text.contains("nobody-at-all"), "no-activity message {text:?}");
    ensure!(env.count("#page-user-metrics .error-panel").await? == 0, "unknown user shown as an error");
    ensure!(env.count("#user-kpi-prompts").await? == 0, "unknown user shown as a page of zeros");

    env.click(".breadcrumb a").await?;
    env.wait_css("#kpi-users").await?;
    lookup(&env, "john.doe@company.com").await?;
    env.wait_css("#user-kpi-prompts").await?;
    ensure!(
        env.path().await? == "/admin/metrics/users/john.doe%40company.com",
        "path {}",
        env.path().await?
    );
    let expected = mock_body(&env, "/metrics/users/john.doe%40company.com").await?;
    let user = &expected["john.doe@company.com"];
    ensure!(kpi(&env, "user-kpi-prompts").await? == count(&user["totalPrompts"]), "prompts of john.doe@company.com");
    let sessions = user["sessionMetrics"].as_object().map(|m| m.len()).unwrap_or(0);
    ensure!(kpi(&env, "user-kpi-sessions").await? == sessions.to_string(), "session count");
    let asked: Vec<String> = env
        .mock
        .requests()
        .await?
        .iter()
        .filter(|r| r["method"] == "GET")
        .filter_map(|r| r["path"].as_str().map(String::from))
        .filter(|p| p.starts_with("/metrics/users/john."))
        .collect();
    ensure!(asked.iter().all(|p| p == "/metrics/users/john.doe%40company.com"), "API paths {asked:?}");

    // Recent lookups are remembered for the session and offered as links.
    env.click(".breadcrumb a").await?;
    env.wait_css("#recent-lookups").await?;
    let links = env.js("return [...document.querySelectorAll('#recent-lookups a')].map(a => [a.textContent, a.getAttribute('href')]);").await?;
    ensure!(
        links == json!([
            ["john.doe@company.com", "/admin/metrics/users/john.doe%40company.com"],
            ["nobody-at-all", "/admin/metrics/users/nobody-at-all"],
            ["johnDoe", "/admin/metrics/users/johnDoe"]
        ]),
        "recent links {links}"
    );
    let stored = env.session_storage("lisa-admin.metrics.recent-users").await?.unwrap_or_default();
    ensure!(stored.contains("john.doe@company.com"), "sessionStorage holds {stored:?}");
    env.click("#recent-lookups a[href$='johnDoe']").await?;
    env.wait_text("#user-kpi-prompts", "20").await?;
    env.assert_no_panic().await
}

async fn odd_user_ids_round_trip_through_the_url() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/metrics").await?;
    env.wait_css("#lookup-user-id").await?;
    let id = "a/b c?%#é";
    lookup(&env, id).await?;
    env.wait_css("#user-no-activity").await?;
    let path = env.path().await?;
    ensure!(path == "/admin/metrics/users/a%2Fb%20c%3F%25%23%C3%A9", "path {path}");
    let heading = env.text("#page-user-metrics h1").await?;
    ensure!(heading == format!("Metrics for {id}"), "heading {heading:?}");
    // A reload of the deep link decodes the same id.
    env.client.refresh().await.map_err(|e| e.to_string())?;
    env.wait_text("#user-no-activity", id).await?;
    let asked = env.mock.requests().await?;
    ensure!(
        asked.iter().any(|r| r["path"] == "/metrics/users/a%2Fb%20c%3F%25%23%C3%A9"),
        "the API was not asked with the encoded id: {asked:?}"
    );
    // "all" is LISA's aggregate route: explained, not sent.
    env.goto("/metrics/users/all").await?;
    env.wait_text("#page-user-metrics .error-panel", "all-users summary").await?;
    env.assert_no_panic().await
}

async fn sessions_table_sorts() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/metrics/users/johnDoe").await?;
    env.wait_css("#sessions-table tbody tr[data-session]").await?;
    let prompts = "#sessions-table tbody tr td:nth-child(2)";
    ensure!(env.texts(prompts).await? == ["8", "7", "5"], "default order {:?}", env.texts(prompts).await?);
    env.click("#sessions-table th[data-column=prompts] button").await?;
    env.until("prompts ascending", || async { (env.texts(prompts).await.ok()? == ["5", "7", "8"]).then_some(()) }).await?;
    let aria = env.attr("#sessions-table th[data-column=prompts]", "aria-sort").await?;
    ensure!(aria.as_deref() == Some("ascending"), "aria-sort {aria:?}");
    env.click("#sessions-table th[data-column=id] button").await?;
    let ids = "#sessions-table tbody tr td:first-child";
    env.until("ids ascending", || async {
        let ids = env.texts(ids).await.ok()?;
        let mut sorted = ids.clone();
        sorted.sort();
        (ids.len() == 3 && ids == sorted).then_some(())
    })
    .await?;
    let aria = env.attr("#sessions-table th[data-column=prompts]", "aria-sort").await?;
    ensure!(aria.as_deref() == Some("none"), "old column still sorted: {aria:?}");

    // A long table is shown a page at a time; sorting applies to all rows, not just the page.
    env.mock.post("/__mock/generate", json!({"metricsUser": {"userId": "paged-user", "sessions": 250}, "tools": 3})).await?;
    let paged = mock_body(&env, "/metrics/users/paged-user").await?;
    let mut all: Vec<(f64, String)> = paged["paged-user"]["sessionMetrics"]
        .as_object()
        .context("sessions")?
        .iter()
        .map(|(id, s)| (s["totalPrompts"].as_f64().unwrap_or(0.0), id.clone()))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    env.goto("/metrics/users/paged-user").await?;
    env.wait_text("#sessions-status", "Sessions 1–100 of 250").await?;
    ensure!(env.count("#sessions-table tbody tr[data-session]").await? == 100, "first page size");
    env.click("#sessions-table th[data-column=prompts] button").await?;
    let first = "#sessions-table tbody tr[data-session]:first-child td:first-child";
    env.wait_text(first, &all[0].1).await?;
    env.click("#sessions-next").await?;
    env.wait_text("#sessions-status", "Sessions 101–200 of 250").await?;
    env.wait_text(first, &all[100].1).await?;
    env.click("#sessions-next").await?;
    env.wait_text("#sessions-status", "Sessions 201–250 of 250").await?;
    ensure!(env.count("#sessions-table tbody tr[data-session]").await? == 50, "last page size");
    ensure!(env.attr("#sessions-next", "disabled").await?.is_some(), "next enabled on the last page");
    ensure!(env.attr("#sessions-prev", "disabled").await?.is_none(), "previous disabled on the last page");
    env.assert_no_panic().await
}

async fn csv_text(env: &Env, index: usize) -> Result<(String, String), String> {
    let (name, mime, text) = downloaded(env, index).await?;
    if mime != "text/csv;charset=utf-8" {
        return Err(format!("{name} is {mime}, not CSV"));
    }
    Ok((name, text))
}

async fn csv_downloads_hold_the_table_and_are_formula_safe() -> TestResult {
    let env = Env::default().await?;
    env.on_new_document(CAPTURE_DOWNLOADS).await?;
    env.signed_in_at("/metrics/users/johnDoe").await?;
    env.wait_css("#sessions-table tbody tr[data-session]").await?;
    env.click("#sessions-csv").await?;
    let (name, text) = csv_text(&env, 0).await?;
    ensure!(name == "lisa-sessions-johnDoe.csv", "file name {name:?}");
    let lines: Vec<&str> = text.split("\r\n").collect();
    ensure!(
        lines[0] == "session_id,prompts,rag_uses,mcp_calls,tools,prompt_tokens,completion_tokens,model_id",
        "header {:?}",
        lines[0]
    );
    ensure!(
        lines[1] == "0b7f3c2e-9a41-4d8e-b6a5-2f1e8c7d9a10,8,1,6,GMAIL-SEND-EMAIL=5; GOOGLE_CALENDAR-LIST-EVENTS=1,,,",
        "first row (busiest session) {:?}",
        lines[1]
    );
    ensure!(lines.len() == 5, "three rows expected: {text:?}");

    // Hostile names from LISA's data: quoted and neutralised.
    let evil = json!({"statusCode": 200, "body": {"evil": {
        "totalPrompts": 2.0, "ragUsageCount": 0.0, "mcpToolCallsCount": 3.0,
        "mcpToolUsage": {"=HYPERLINK(\"http://x\")": 2.0, "tool, with \"quotes\"\nand lines": 1.0},
        "userGroups": ["@admins"],
        "sessionMetrics": {"+session": {"totalPrompts": 2.0, "ragUsage": 0.0, "mcpToolCallsCount": 3.0,
            "mcpToolUsage": {"=HYPERLINK(\"http://x\")": 2.0}, "promptTokens": 10.0, "completionTokens": 4.0, "modelId": "-model"}},
        "firstSeen": "2026-01-02T03:04:05.000000+00:00", "lastSeen": null}}});
    env.mock.inject(json!({"method": "GET", "path": "/metrics/users/evil", "body": evil})).await?;
    env.goto("/metrics/users/evil").await?;
    env.wait_css("#sessions-table tbody tr[data-session]").await?;
    env.click("#sessions-csv").await?;
    let (_, sessions) = csv_text(&env, 0).await?;
    let row = sessions.split("\r\n").nth(1).unwrap_or_default();
    ensure!(
        row == "\"'+session\",2,0,3,\"'=HYPERLINK(\"\"http://x\"\")=2\",10,4,\"'-model\"",
        "session row {row:?}"
    );
    env.click("#user-tools-table-csv").await?;
    let (name, tools) = csv_text(&env, 1).await?;
    ensure!(name == "lisa-tool-usage-evil.csv", "tools file name {name:?}");
    ensure!(
        tools
            == "tool,calls,share_percent\r\n\"'=HYPERLINK(\"\"http://x\"\")\",2,66.67\r\n\"tool, with \"\"quotes\"\"\nand lines\",1,33.33\r\n",
        "tools CSV {tools:?}"
    );
    ensure!(env.text("#user-last-seen").await? == "never", "null lastSeen");
    env.assert_no_panic().await
}

async fn metrics_pages_pass_axe() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/metrics").await?;
    env.wait_css("#tools-chart g.bar").await?;
    let problems = lisa_e2e::a11y::serious_violations(&env, None).await?;
    ensure!(problems.is_empty(), "overview: {problems:#?}");
    env.goto("/metrics/users/john.doe%40company.com").await?;
    env.wait_css("#sessions-table tbody tr[data-session]").await?;
    let problems = lisa_e2e::a11y::serious_violations(&env, None).await?;
    ensure!(problems.is_empty(), "user page: {problems:#?}");
    env.assert_no_panic().await
}
