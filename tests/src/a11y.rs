//! Accessibility checks with axe-core (npm, from package-lock.json), injected into the page.

use serde_json::Value;

use crate::env::Env;
use crate::paths;

/// Serious or critical axe-core violations on the current page (or inside `context`, a CSS
/// selector such as an open dialog), one line each: rule, impact, and the offending nodes.
pub async fn serious_violations(env: &Env, context: Option<&str>) -> Result<Vec<String>, String> {
    let source = std::fs::read_to_string(paths::node_modules().join("axe-core/axe.min.js"))
        .map_err(|e| format!("axe-core is not installed (npm ci): {e}"))?;
    env.js(&format!("if (!window.axe) {{ {source} }} return true;")).await?;
    let context = serde_json::to_string(&context.unwrap_or("document")).unwrap_or_default();
    let script = format!(
        "const done = arguments[arguments.length - 1]; \
         const ctx = {context} === 'document' ? document : document.querySelector({context}); \
         axe.run(ctx, {{ resultTypes: ['violations'] }}).then(r => done(r.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}})))).catch(e => done([{{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}}]));"
    );
    let result = env.client.execute_async(&script, vec![]).await.map_err(|e| format!("axe.run: {e}"))?;
    let mut out = Vec::new();
    for v in result.as_array().cloned().unwrap_or_default() {
        let impact = v["impact"].as_str().unwrap_or("");
        if impact == "serious" || impact == "critical" {
            let nodes: Vec<&str> = v["nodes"].as_array().map(|n| n.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            out.push(format!("{} ({impact}): {} at {:?}", v["id"].as_str().unwrap_or("?"), v["help"].as_str().unwrap_or(""), nodes));
        }
    }
    Ok(out)
}
