//! The model detail page's field groups as HTML: base, container, autoscaling, load balancer,
//! schedule, guardrails, features, allowed groups. Every field LISA returns is shown; absent
//! parts say why. Environment values are never written out: each is masked until the page
//! reveals it on request (`data-env-key` names the variable).

use crate::lifecycle::{hosting_of, Hosting};
use lisa_api::model::{AutoScalingConfig, ContainerConfig, LoadBalancerConfig, SchedulingConfig};
use lisa_api::LisaModel;

use super::escape;
use crate::catalogue::{format_context_window, format_thousands, groups_text};

/// What an environment value shows until it is revealed.
pub const MASK: &str = "••••••••";

type Fields = Vec<(String, String)>;

fn or_dash(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).filter(|v| !v.is_empty()).unwrap_or_else(|| "—".to_string())
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.to_string()
}

fn fields(list: &[(&str, String)]) -> String {
    let mut out = String::from(r#"<dl class="fields">"#);
    for (name, value) in list {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", escape(name), escape(value)));
    }
    out.push_str("</dl>");
    out
}

fn owned(list: &Fields) -> String {
    let borrowed: Vec<(&str, String)> = list.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    fields(&borrowed)
}

fn note(text: &str) -> String {
    format!(r#"<p class="muted">{}</p>"#, escape(text))
}

fn group(id: &str, title: &str, body: &str) -> String {
    format!(
        r#"<section class="card detail-group" id="{id}" aria-labelledby="{id}-heading"><h2 id="{id}-heading">{title}</h2>{body}</section>"#
    )
}

/// All groups, in page order.
pub fn detail_groups(model: &LisaModel) -> String {
    let hosting = hosting_of(model);
    let absent = |what: &str| {
        note(&match hosting {
            Hosting::LisaHosted => format!("This model has no {what}."),
            other => format!("None: the model is {} (LISA deploys no infrastructure for it).", other.label().to_lowercase()),
        })
    };
    let base = fields(&[
        ("Id", model.model_id.clone()),
        ("Name", or_dash(Some(&model.model_name))),
        ("Description", or_dash(model.model_description.as_ref())),
        ("Type", model.model_type.as_str().to_string()),
        ("Status", model.status.as_str().to_string()),
        ("Hosting", hosting.label().to_string()),
        ("Stored hostingType", or_dash(model.hosting_type.as_ref().map(|h| h.as_str().to_string()))),
        ("Streaming", yes_no(model.streaming)),
        ("Model URL", or_dash(model.model_url.as_ref())),
        (
            "Context window",
            model
                .context_window
                .map(|n| format!("{} ({} tokens)", format_context_window(n), format_thousands(n)))
                .unwrap_or_else(|| "—".to_string()),
        ),
        ("Instance type", or_dash(model.instance_type.as_ref())),
        ("Inference container", or_dash(model.inference_container.as_ref().map(|c| c.as_str().to_string()))),
    ]);
    let scaling = model.auto_scaling_config.as_ref();
    let guardrails: Fields = model
        .guardrails_config
        .iter()
        .flatten()
        .map(|(_, g)| {
            let applies = if g.allowed_groups.is_empty() { "everyone".to_string() } else { g.allowed_groups.join(", ") };
            let description = g.description.as_deref().map(|d| format!(" — {d}")).unwrap_or_default();
            let what = format!("{} (version {}), {}", g.guardrail_identifier, g.guardrail_version, g.mode.as_str());
            (g.guardrail_name.clone(), format!("{what}, applies to {applies}{description}"))
        })
        .collect();
    let features: Fields = model.features.iter().flatten().map(|f| (f.name.clone(), or_dash(Some(&f.overview)))).collect();
    let allowed = model.allowed_groups.clone().unwrap_or_default();
    [
        group("group-base", "Base", &base),
        group("group-container", "Container", &model.container_config.as_ref().map(container).unwrap_or_else(|| absent("container"))),
        group("group-autoscaling", "Autoscaling", &scaling.map(autoscaling).unwrap_or_else(|| absent("autoscaling group"))),
        group(
            "group-load-balancer",
            "Load balancer",
            &model.load_balancer_config.as_ref().map(load_balancer).unwrap_or_else(|| absent("load balancer")),
        ),
        group(
            "group-schedule",
            "Schedule",
            &scaling
                .and_then(|s| s.scheduling.as_ref())
                .map(schedule)
                .unwrap_or_else(|| note("No schedule: the model runs until it is stopped.")),
        ),
        group("group-guardrails", "Guardrails", &if guardrails.is_empty() { note("No guardrails.") } else { owned(&guardrails) }),
        group("group-features", "Features", &if features.is_empty() { note("No features declared.") } else { owned(&features) }),
        group(
            "group-groups",
            "Allowed groups",
            &note(&if allowed.is_empty() {
                "public — every signed-in user may use this model".to_string()
            } else {
                groups_text(Some(&allowed))
            }),
        ),
    ]
    .concat()
}

fn container(c: &ContainerConfig) -> String {
    let hc = &c.health_check_config;
    let mut out = fields(&[
        ("Base image", c.image.base_image.clone()),
        ("Image type", c.image.image_type.clone()),
        ("Shared memory", format!("{} MiB", c.shared_memory_size)),
        ("Memory reservation", c.memory_reservation.map(|m| format!("{m} MiB")).unwrap_or_else(|| "—".into())),
        ("Health check command", hc.command.display()),
        ("Health check interval", format!("{} s", hc.interval)),
        ("Health check start period", format!("{} s", hc.start_period)),
        ("Health check timeout", format!("{} s", hc.timeout)),
        ("Health check retries", hc.retries.to_string()),
    ]);
    out.push_str("<h3>Environment</h3>");
    let env = c.environment.clone().unwrap_or_default();
    if env.is_empty() {
        out.push_str(&note("No environment variables."));
        return out;
    }
    out.push_str(r#"<table class="env-table" id="environment"><thead><tr><th scope="col">Variable</th><th scope="col">Value</th></tr></thead><tbody>"#);
    for key in env.keys() {
        let k = escape(key);
        out.push_str(&format!(
            r#"<tr class="env-row" data-key="{k}"><th scope="row"><code>{k}</code></th><td><code class="env-value">{MASK}</code> <button type="button" class="button small env-reveal" data-env-key="{k}" aria-pressed="false" aria-label="Show the value of {k}">Show</button></td></tr>"#
        ));
    }
    out.push_str("</tbody></table>");
    out
}

fn autoscaling(s: &AutoScalingConfig) -> String {
    let m = &s.metric_config;
    fields(&[
        ("Minimum capacity", s.min_capacity.to_string()),
        ("Maximum capacity", s.max_capacity.to_string()),
        ("Desired capacity", or_dash(s.desired_capacity)),
        ("Cooldown", format!("{} s", s.cooldown)),
        ("Default instance warm-up", format!("{} s", s.default_instance_warmup)),
        ("Block device volume", s.block_device_volume_size.map(|v| format!("{v} GiB")).unwrap_or_else(|| "—".into())),
        ("Scaling metric", m.alb_metric_name.clone()),
        ("Target value", m.target_value.to_string()),
        ("Metric duration", format!("{} s", m.duration)),
        ("Estimated instance warm-up", format!("{} s", m.estimated_instance_warmup)),
    ])
}

fn load_balancer(b: &LoadBalancerConfig) -> String {
    let h = &b.health_check_config;
    fields(&[
        ("Health check path", h.path.clone()),
        ("Health check interval", format!("{} s", h.interval)),
        ("Health check timeout", format!("{} s", h.timeout)),
        ("Healthy threshold", h.healthy_threshold_count.to_string()),
        ("Unhealthy threshold", h.unhealthy_threshold_count.to_string()),
    ])
}

fn schedule(s: &SchedulingConfig) -> String {
    let mut list: Fields = vec![
        ("Schedule type".into(), or_dash(s.schedule_type.as_ref().map(|t| t.as_str().to_string()))),
        ("Time zone".into(), s.timezone.clone()),
        ("Enabled".into(), yes_no(s.schedule_enabled)),
        ("Configured".into(), yes_no(s.schedule_configured)),
    ];
    if let Some(day) = &s.recurring_schedule {
        list.push(("Every day".into(), format!("{} – {}", day.start_time, day.stop_time)));
    }
    if let Some(week) = &s.daily_schedule {
        for (day, times) in week.days() {
            let mut name = day.to_string();
            if let Some(first) = name.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            list.push((name, times.map(|t| format!("{} – {}", t.start_time, t.stop_time)).unwrap_or_else(|| "off".into())));
        }
    }
    let next = s.next_scheduled_action.as_ref().map(|a| format!("{} at {}", a.action, a.scheduled_time));
    list.push(("Next action".into(), or_dash(next)));
    list.push(("Last update".into(), or_dash(s.last_schedule_update.as_ref())));
    list.push(("Last run failed".into(), yes_no(s.last_schedule_failed)));
    if let Some(f) = &s.last_schedule_failure {
        list.push(("Last failure".into(), format!("{}: {} (retries: {})", f.timestamp, f.error, f.retry_count)));
    }
    owned(&list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model(extra: serde_json::Value) -> LisaModel {
        let mut m = json!({"modelId": "m", "modelName": "org/m", "modelType": "textgen", "status": "InService"});
        if let (Some(map), Some(extra)) = (m.as_object_mut(), extra.as_object()) {
            map.extend(extra.clone());
        }
        serde_json::from_value(m).unwrap()
    }

    #[test]
    fn external_model_says_why_parts_are_absent() {
        let html = detail_groups(&model(json!({"allowedGroups": [], "hostingType": "internal_hosted"})));
        for id in ["base", "container", "autoscaling", "load-balancer", "schedule", "guardrails", "features", "groups"] {
            assert!(html.contains(&format!(r#"id="group-{id}""#)), "{id}");
        }
        assert!(html.contains("None: the model is internal hosted"));
        assert!(html.contains("public — every signed-in user"));
        assert!(html.contains("<dt>Hosting</dt><dd>Internal hosted</dd>"));
    }

    #[test]
    fn environment_values_are_masked_and_everything_is_escaped() {
        let m = model(json!({
            "modelDescription": "<script>x</script>",
            "instanceType": "g5.xlarge", "inferenceContainer": "vllm",
            "containerConfig": {"image": {"baseImage": "img", "type": "asset"}, "sharedMemorySize": 2048,
                "healthCheckConfig": {"command": ["CMD-SHELL", "exit 0"], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
                "environment": {"HF_TOKEN": "hf_secret_value", "A\"B": "x"}},
            "guardrailsConfig": {"guardrail-g": {"guardrailName": "g<1>", "guardrailIdentifier": "gid", "allowedGroups": ["a"]}},
            "features": [{"name": "toolCalls", "overview": ""}],
            "contextWindow": 131072,
        }));
        let html = detail_groups(&m);
        assert!(!html.contains("hf_secret_value"), "an environment value reached the page");
        assert!(html.contains(r#"data-env-key="HF_TOKEN" aria-pressed="false""#));
        assert!(html.contains(r#"data-key="A&quot;B""#));
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
        assert!(html.contains("<dt>g&lt;1&gt;</dt><dd>gid (version DRAFT), pre_call, applies to a</dd>"), "{html}");
        assert!(html.contains("<dd>131K (131,072 tokens)</dd>"));
        assert!(html.contains("<dd>CMD-SHELL exit 0</dd>"));
        assert!(html.contains("<dt>toolCalls</dt><dd>—</dd>"));
    }
}
