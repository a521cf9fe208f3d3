//! Metrics pages with 5,000 sessions, 500 tools and 300 groups (issue: metrics, "Scale").
//!
//! A mock started with `--empty` gets one generated user (`bench-user`, 5,000 sessions, 500
//! tools, 300 groups), so the overview has 500 tools and 300 groups. Each figure is the time
//! from a click to the animation frame in which the page shows the expected result, measured
//! in the page with `performance.now()`; the median of a few runs is printed.

use serde_json::{json, Value};

use super::{median, Figure};
use crate::{Context, Env, EnvOptions};

const RUNS: usize = 5;
const USER: &str = "bench-user";

/// Click `click_css`, then poll every animation frame until `done_js` (an expression) holds;
/// answers the elapsed milliseconds.
async fn timed_click(env: &Env, click_css: &str, done_js: &str) -> Result<f64, String> {
    let action = format!("const target = document.querySelector({}); if (!target) {{ done(-1); return; }} target.click();", json!(click_css));
    timed(env, &action, done_js).await.map_err(|e| format!("{click_css}: {e}"))
}

/// Run `action_js` (statements), then time until `done_js` holds.
async fn timed(env: &Env, action_js: &str, done_js: &str) -> Result<f64, String> {
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
        const t0 = performance.now();
        const limit = t0 + 60000;
        {action_js}
        function check() {{
          let ok = false;
          try {{ ok = ({done_js}); }} catch (e) {{ ok = false; }}
          if (ok) {{ done(performance.now() - t0); }}
          else if (performance.now() > limit) {{ done(-2); }}
          else {{ requestAnimationFrame(check); }}
        }}
        requestAnimationFrame(check);"#
    );
    let value = env.client.execute_async(&script, vec![]).await.context("timed script")?;
    match value.as_f64() {
        Some(ms) if ms >= 0.0 => Ok(ms),
        Some(-1.0) => Err("nothing to click".to_string()),
        _ => Err(format!("this never held: {done_js}")),
    }
}

fn first_cell(table: &str) -> String {
    format!("document.querySelector('#{table} tbody tr td')?.textContent")
}

fn figure(name: &str, value: f64) -> Figure {
    Figure { name: name.to_string(), value, unit: "ms" }
}

/// The first session id the table shows for "prompts ascending", "id descending" and "prompt
/// tokens descending" (ties go by id, A→Z).
fn expected_firsts(user: &Value) -> Result<(String, String, String), String> {
    let sessions = user["sessionMetrics"].as_object().context("bench user has sessions")?;
    let mut by_prompts: Vec<(f64, &String)> =
        sessions.iter().map(|(id, s)| (s["totalPrompts"].as_f64().unwrap_or(0.0), id)).collect();
    by_prompts.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let fewest = by_prompts.first().map(|(_, id)| id.to_string()).context("no sessions")?;
    let last_id = sessions
        .keys()
        .max_by(|a, b| a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase()).then_with(|| a.cmp(b)))
        .cloned()
        .context("no sessions")?;
    let mut by_tokens: Vec<(f64, &String)> =
        sessions.iter().map(|(id, s)| (s["promptTokens"].as_f64().unwrap_or(0.0), id)).collect();
    by_tokens.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let most_tokens = by_tokens.first().map(|(_, id)| id.to_string()).context("no sessions")?;
    Ok((fewest, last_id, most_tokens))
}

pub async fn run() -> Result<Vec<Figure>, String> {
    let env = Env::start(EnvOptions { mock_args: vec!["--empty"], ..Default::default() }).await?;
    env.mock
        .post(
            "/__mock/generate",
            json!({"metricsUser": {"userId": USER, "sessions": 5000}, "tools": 500, "groups": 300}),
        )
        .await?;
    let (_, body) = env.mock.api("GET", &format!("/metrics/users/{USER}"), None).await?;
    let (fewest_prompts, last_id, most_tokens) = expected_firsts(&body["body"][USER])?;
    let mut figures = Vec::new();

    // Warm up: boot the app on the user page, then go to the overview.
    env.signed_in_at(&format!("/metrics/users/{USER}")).await?;
    env.wait_css("#sessions-table tbody tr[data-session]").await?;

    let overview_ready = "document.querySelectorAll('#tools-table tbody tr').length === 500 && \
                          document.querySelectorAll('#groups-table tbody tr').length === 300 && \
                          document.querySelectorAll('#tools-chart g.bar').length > 0";
    let user_ready = "document.querySelectorAll('#sessions-table tbody tr[data-session]').length === 100 && \
                      document.querySelectorAll('#user-tools-table tbody tr').length === 500";
    let (mut to_overview, mut to_user) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        to_overview.push(timed_click(&env, ".breadcrumb a", overview_ready).await?);
        env.fill("#lookup-user-id", USER).await?;
        to_user.push(timed_click(&env, "#lookup-submit", user_ready).await?);
    }

    // Sessions table: 5,000 rows, 100 on screen.
    let first_session = "document.querySelector('#sessions-table tbody tr')?.dataset.session";
    let (mut by_prompts, mut by_id, mut by_tokens) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        // Prompts is the default (descending): one click makes it ascending.
        by_prompts.push(
            timed_click(
                &env,
                "#sessions-table th[data-column=prompts] button",
                &format!("{first_session} === {}", json!(fewest_prompts)),
            )
            .await?,
        );
        env.click("#sessions-table th[data-column=id] button").await?;
        by_id.push(
            timed_click(
                &env,
                "#sessions-table th[data-column=id] button",
                &format!("{first_session} === {}", json!(last_id)),
            )
            .await?,
        );
        by_tokens.push(
            timed_click(
                &env,
                "#sessions-table th[data-column=prompt-tokens] button",
                &format!("{first_session} === {}", json!(most_tokens)),
            )
            .await?,
        );
        // Back to the default order for the next run.
        env.click("#sessions-table th[data-column=prompts] button").await?;
    }
    let next_page = timed_click(
        &env,
        "#sessions-next",
        "document.querySelector('#sessions-status')?.textContent.startsWith('Sessions 101–200')",
    )
    .await?;
    let rows_500 = timed(
        &env,
        "const s = document.querySelector('#sessions-page-size'); s.value = '500'; s.dispatchEvent(new Event('change'));",
        "document.querySelectorAll('#sessions-table tbody tr[data-session]').length === 500",
    )
    .await?;
    let user_tools_all = timed_click(
        &env,
        "#user-tools-chart .chart-more",
        "document.querySelectorAll('#user-tools-chart g.bar').length === 500",
    )
    .await?;

    // Overview: 500 tools and 300 groups.
    env.click(".breadcrumb a").await?;
    env.wait_css("#tools-table tbody tr").await?;
    let (mut tools_by_name, mut groups_by_name) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        tools_by_name.push(
            timed_click(&env, "#tools-table th[data-column=label] button", &format!("{} === 'TOOL-00000'", first_cell("tools-table")))
                .await?,
        );
        env.click("#tools-table th[data-column=value] button").await?;
        groups_by_name.push(
            timed_click(
                &env,
                "#groups-table th[data-column=label] button",
                &format!("{} === 'group-00000'", first_cell("groups-table")),
            )
            .await?,
        );
        env.click("#groups-table th[data-column=value] button").await?;
    }
    let tools_all = timed_click(
        &env,
        "#tools-chart .chart-more",
        "document.querySelectorAll('#tools-chart g.bar').length === 500",
    )
    .await?;
    let groups_all = timed_click(
        &env,
        "#groups-chart .chart-more",
        "document.querySelectorAll('#groups-chart g.bar').length === 300",
    )
    .await?;
    env.assert_no_panic().await?;

    figures.push(figure("overview: open (500 tools, 300 groups)", median(to_overview)));
    figures.push(figure("overview: sort 500-row tool table by name", median(tools_by_name)));
    figures.push(figure("overview: sort 300-row group table by name", median(groups_by_name)));
    figures.push(figure("overview: draw all 500 tool bars", tools_all));
    figures.push(figure("overview: draw all 300 group bars", groups_all));
    figures.push(figure("user: open (5,000 sessions, 500 tools)", median(to_user)));
    figures.push(figure("user: sort 5,000 sessions by prompts", median(by_prompts)));
    figures.push(figure("user: sort 5,000 sessions by id", median(by_id)));
    figures.push(figure("user: sort 5,000 sessions by prompt tokens", median(by_tokens)));
    figures.push(figure("user: next page of sessions (100 rows)", next_page));
    figures.push(figure("user: show 500 sessions per page", rows_500));
    figures.push(figure("user: draw all 500 tool bars", user_tools_all));
    Ok(figures)
}
