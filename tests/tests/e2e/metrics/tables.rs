//! The metrics tables as rendered: every cell of every row is an HTML table cell, laid out as
//! one, under its column header. (Rows once built their cells in no namespace: the values piled
//! up inline at the left while every test that read their text passed.)

use lisa_e2e::{ensure, Env, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![metrics_table_cells_are_table_cells_under_their_headers]
}

/// How many body cells `table` has, and each one that is not a table cell lined up (±1 px) with
/// the header of its column.
async fn cells(env: &Env, table: &str) -> Result<(u64, Vec<String>), String> {
    let script = format!(
        "const table = document.querySelector({}); if (!table) return {{cells: 0, bad: ['no table']}}; \
         const heads = [...table.tHead.rows[0].cells]; const bad = []; let cells = 0; \
         for (const row of table.tBodies[0].children) {{ [...row.children].forEach((cell, i) => {{ cells += 1; \
           const name = row.rowIndex + ':' + i + ' ' + JSON.stringify(cell.textContent.slice(0, 30)); \
           if (!(cell instanceof HTMLTableCellElement)) {{ bad.push(name + ' is not an HTML table cell (' + cell.namespaceURI + ')'); return; }} \
           const display = getComputedStyle(cell).display; if (display !== 'table-cell') {{ bad.push(name + ' displays as ' + display); return; }} \
           const offset = cell.getBoundingClientRect().left - heads[i].getBoundingClientRect().left; \
           if (Math.abs(offset) > 1) bad.push(name + ' is ' + offset.toFixed(1) + ' px off its header'); }}); }} \
         return {{cells, bad: bad.slice(0, 10)}};",
        json!(table)
    );
    let v = env.js(&script).await?;
    let bad = v["bad"].as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default();
    Ok((v["cells"].as_u64().unwrap_or(0), bad))
}

async fn ensure_cells(env: &Env, table: &str) -> TestResult {
    let (count, bad) = cells(env, table).await?;
    ensure!(count > 0, "{table} has no body cells");
    ensure!(bad.is_empty(), "{table}: {count} cells, not laid out as table cells under their headers:\n{}", bad.join("\n"));
    Ok(())
}

async fn metrics_table_cells_are_table_cells_under_their_headers() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/metrics").await?;
    env.wait_css("#tools-table tbody tr td").await?;
    env.wait_css("#groups-table tbody tr td").await?;
    ensure_cells(&env, "#tools-table").await?;
    ensure_cells(&env, "#groups-table").await?;

    env.goto("/metrics/users/john.doe%40company.com").await?;
    env.wait_css("#sessions-table tbody tr[data-session] td").await?;
    env.wait_css("#user-tools-table tbody tr td").await?;
    ensure_cells(&env, "#sessions-table").await?;
    ensure_cells(&env, "#user-tools-table").await?;
    // A sort rebuilds the rows: they are cells too.
    env.click("#sessions-table th[data-column=prompts] button").await?;
    env.until("sessions sorted by prompts", || async {
        let v = env.attr("#sessions-table th[data-column=prompts]", "aria-sort").await.ok()??;
        (v != "none").then_some(())
    })
    .await?;
    ensure_cells(&env, "#sessions-table").await?;
    env.assert_no_panic().await
}
