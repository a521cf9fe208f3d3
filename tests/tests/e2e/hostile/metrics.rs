//! The hostile metrics: tool and group names on the overview (charts, tables, CSV), and each
//! payload as a user id on the user page (heading, groups, tools, sessions, timestamps, CSV).

use lisa_console::metrics_view::lookup::check_user_id;
use lisa_console::url::encode_component;
use lisa_e2e::hostile::{Payload, METRICS_FIELDS};
use lisa_e2e::TestResult;

use super::{type_into, wait_shown, Expect, Sweep};

/// A user whose sessions, tools and groups are the whole corpus.
pub const EVERYTHING_USER: &str = "hostile-everything";

/// Split a CSV document (RFC 4180, as the app writes it) into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<(String, bool)>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let (mut quoted, mut in_quotes) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => in_quotes = false,
            ('"', false) if field.is_empty() => (quoted, in_quotes) = (true, true),
            (',', false) => row.push((std::mem::take(&mut field), std::mem::replace(&mut quoted, false))),
            ('\r', false) => {}
            ('\n', false) => {
                row.push((std::mem::take(&mut field), std::mem::replace(&mut quoted, false)));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

/// Every CSV captured so far: a text cell a spreadsheet would run as a formula is a finding.
async fn check_csvs(sweep: &mut Sweep<'_>, what: &str) -> TestResult {
    let blobs = sweep.env.js("const b = window.__blobs || []; window.__blobs = []; return b;").await?;
    let blobs: Vec<String> = blobs.as_array().map(|a| a.iter().filter_map(|b| b.as_str().map(String::from)).collect()).unwrap_or_default();
    lisa_e2e::ensure!(!blobs.is_empty(), "{what}: no CSV was offered");
    for blob in blobs {
        for row in parse_csv(&blob).iter().skip(1) {
            for (cell, _) in row {
                let numeric = cell.parse::<f64>().is_ok();
                if !numeric && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    sweep.csv_formulas.push(format!("{what}: {}", cell.chars().take(60).collect::<String>()));
                }
            }
        }
    }
    Ok(())
}

async fn click_all(sweep: &Sweep<'_>, css: &str) -> TestResult {
    let env = sweep.env;
    for el in env.client.find_all(fantoccini::Locator::Css(css)).await.map_err(|e| e.to_string())? {
        el.click().await.map_err(|e| format!("click {css}: {e}"))?;
    }
    Ok(())
}

pub async fn overview_and_users(sweep: &mut Sweep<'_>, payloads: &[Payload]) -> TestResult {
    let env = sweep.env;
    sweep.fields(&METRICS_FIELDS);
    env.goto("/metrics").await?;
    env.wait_css("#tools-table tbody tr").await?;
    sweep.check("metrics overview", "top bars", Expect::Nothing).await?;
    // Every bar, then each table in both orders, then the CSVs.
    click_all(sweep, ".chart-more").await?;
    for p in payloads {
        sweep.check("metrics overview", &format!("all bars: {}", p.name), Expect::Text(&p.text)).await?;
    }
    click_all(sweep, "#tools-table th button, #groups-table th button").await?;
    sweep.check("metrics overview", "tables re-sorted", Expect::Nothing).await?;
    click_all(sweep, "#tools-table-csv, #groups-table-csv").await?;
    check_csvs(sweep, "overview CSV").await?;

    // The user who has everything: sessions table (every page size), tools, groups, CSVs.
    env.goto(&format!("/metrics/users/{EVERYTHING_USER}")).await?;
    env.wait_css("#sessions-table tbody tr").await?;
    click_all(sweep, ".chart-more").await?;
    for p in payloads {
        sweep.check("user metrics", &format!("sessions: {}", p.name), Expect::Text(&p.text)).await?;
    }
    click_all(sweep, "#sessions-table th button").await?;
    sweep.check("user metrics", "sessions re-sorted", Expect::Nothing).await?;
    click_all(sweep, "#sessions-csv, #user-tools-table-csv").await?;
    check_csvs(sweep, "user CSV").await?;

    // Each payload as a user id: looked up through the lookup box where it accepts the id (a
    // client-side navigation), by address otherwise.
    for p in payloads {
        match check_user_id(&p.text) {
            Ok(id) => {
                env.js("document.querySelectorAll('details.lookup-card').forEach(d => d.open = true); return 0;").await?;
                type_into(env, "#lookup-user-id", &p.text).await?;
                env.click("#lookup-submit").await?;
                // A page showing another id is counted by the check, not fatal here.
                let _ = wait_shown(env, "#page-user-metrics h1", &id).await;
            }
            Err(_) => {
                env.goto(&format!("/metrics/users/{}", encode_component(&p.text))).await?;
                env.wait_css("#page-user-metrics h1").await?;
            }
        }
        env.wait_css("#page-user-metrics #user-no-activity, #page-user-metrics #sessions-table tbody tr, #page-user-metrics .error-panel")
            .await?;
        let expect = if p.text.contains('\0') { Expect::Nothing } else { Expect::Text(p.text.trim()) };
        sweep.check("user metrics", &format!("user id {}", p.name), expect).await?;
    }
    Ok(())
}
