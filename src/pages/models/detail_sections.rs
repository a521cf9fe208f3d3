//! The detail page's field groups: base, container, autoscaling, load balancer, schedule,
//! guardrails, features, groups. Every field LISA returns is shown; absent parts say why.
//! The groups are built as plain data and rendered by one view.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use lisa_contract::catalogue::{format_context_window, format_thousands, groups_text};
use lisa_contract::lifecycle::{hosting_of, Hosting};
use lisa_contract::model::{AutoScalingConfig, ContainerConfig, LoadBalancerConfig, SchedulingConfig};
use lisa_contract::LisaModel;

enum Block {
    Fields(Vec<(String, String)>),
    Note(String),
    /// Container environment: values masked until revealed.
    Environment(BTreeMap<String, String>),
}

struct Group {
    id: &'static str,
    title: &'static str,
    blocks: Vec<Block>,
}

fn or_dash(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).filter(|v| !v.is_empty()).unwrap_or_else(|| "—".to_string())
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.to_string()
}

fn fields(list: Vec<(&str, String)>) -> Block {
    Block::Fields(list.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn groups(model: &LisaModel) -> Vec<Group> {
    let hosting = hosting_of(model);
    let absent = |what: &str| {
        Block::Note(match hosting {
            Hosting::LisaHosted => format!("This model has no {what}."),
            other => format!("None: the model is {} (LISA deploys no infrastructure for it).", other.label().to_lowercase()),
        })
    };
    let base = fields(vec![
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
    let guardrails: Vec<(String, String)> = model
        .guardrails_config
        .iter()
        .flatten()
        .map(|(_, g)| {
            let applies = if g.allowed_groups.is_empty() { "everyone".to_string() } else { g.allowed_groups.join(", ") };
            let description = g.description.as_deref().map(|d| format!(" — {d}")).unwrap_or_default();
            (
                g.guardrail_name.clone(),
                format!("{} (version {}), {}, applies to {applies}{description}", g.guardrail_identifier, g.guardrail_version, g.mode.as_str()),
            )
        })
        .collect();
    let features: Vec<(String, String)> =
        model.features.iter().flatten().map(|f| (f.name.clone(), or_dash(Some(&f.overview)))).collect();
    let allowed = model.allowed_groups.clone().unwrap_or_default();

    vec![
        Group { id: "group-base", title: "Base", blocks: vec![base] },
        Group {
            id: "group-container",
            title: "Container",
            blocks: match &model.container_config {
                Some(c) => container_blocks(c),
                None => vec![absent("container")],
            },
        },
        Group {
            id: "group-autoscaling",
            title: "Autoscaling",
            blocks: vec![scaling.map(scaling_fields).unwrap_or_else(|| absent("autoscaling group"))],
        },
        Group {
            id: "group-load-balancer",
            title: "Load balancer",
            blocks: vec![model.load_balancer_config.as_ref().map(balancer_fields).unwrap_or_else(|| absent("load balancer"))],
        },
        Group {
            id: "group-schedule",
            title: "Schedule",
            blocks: vec![scaling
                .and_then(|s| s.scheduling.as_ref())
                .map(schedule_fields)
                .unwrap_or_else(|| Block::Note("No schedule: the model runs until it is stopped.".into()))],
        },
        Group {
            id: "group-guardrails",
            title: "Guardrails",
            blocks: vec![if guardrails.is_empty() { Block::Note("No guardrails.".into()) } else { Block::Fields(guardrails) }],
        },
        Group {
            id: "group-features",
            title: "Features",
            blocks: vec![if features.is_empty() { Block::Note("No features declared.".into()) } else { Block::Fields(features) }],
        },
        Group {
            id: "group-groups",
            title: "Allowed groups",
            blocks: vec![Block::Note(if allowed.is_empty() {
                "public — every signed-in user may use this model".to_string()
            } else {
                groups_text(Some(&allowed))
            })],
        },
    ]
}

fn container_blocks(c: &ContainerConfig) -> Vec<Block> {
    let hc = &c.health_check_config;
    vec![
        fields(vec![
            ("Base image", c.image.base_image.clone()),
            ("Image type", c.image.image_type.clone()),
            ("Shared memory", format!("{} MiB", c.shared_memory_size)),
            ("Memory reservation", c.memory_reservation.map(|m| format!("{m} MiB")).unwrap_or_else(|| "—".into())),
            ("Health check command", hc.command.display()),
            ("Health check interval", format!("{} s", hc.interval)),
            ("Health check start period", format!("{} s", hc.start_period)),
            ("Health check timeout", format!("{} s", hc.timeout)),
            ("Health check retries", hc.retries.to_string()),
        ]),
        match c.environment.clone().unwrap_or_default() {
            env if env.is_empty() => Block::Note("No environment variables.".into()),
            env => Block::Environment(env),
        },
    ]
}

fn scaling_fields(s: &AutoScalingConfig) -> Block {
    let m = &s.metric_config;
    fields(vec![
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

fn balancer_fields(b: &LoadBalancerConfig) -> Block {
    let h = &b.health_check_config;
    fields(vec![
        ("Health check path", h.path.clone()),
        ("Health check interval", format!("{} s", h.interval)),
        ("Health check timeout", format!("{} s", h.timeout)),
        ("Healthy threshold", h.healthy_threshold_count.to_string()),
        ("Unhealthy threshold", h.unhealthy_threshold_count.to_string()),
    ])
}

fn schedule_fields(s: &SchedulingConfig) -> Block {
    let mut list: Vec<(String, String)> = vec![
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
    Block::Fields(list)
}

#[component]
pub fn Sections(model: LisaModel) -> impl IntoView {
    view! {
        <div class="detail-groups">
            {groups(&model)
                .into_iter()
                .map(|g| {
                    let heading = format!("{}-heading", g.id);
                    let labelledby = heading.clone();
                    view! {
                        <section class="card detail-group" id=g.id aria-labelledby=labelledby>
                            <h2 id=heading>{g.title}</h2>
                            {g.blocks.into_iter().map(block_view).collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn block_view(block: Block) -> AnyView {
    match block {
        Block::Fields(list) => view! {
            <dl class="fields">
                {list.into_iter().map(|(name, value)| view! { <dt>{name}</dt> <dd>{value}</dd> }).collect_view()}
            </dl>
        }
        .into_any(),
        Block::Note(text) => view! { <p class="muted">{text}</p> }.into_any(),
        Block::Environment(env) => view! { <EnvironmentTable env /> }.into_any(),
    }
}

/// Environment values can hold secrets: masked until asked for, one at a time.
#[component]
fn EnvironmentTable(env: BTreeMap<String, String>) -> impl IntoView {
    let revealed = RwSignal::new(HashSet::<String>::new());
    let rows = env
        .into_iter()
        .map(|(key, value)| {
            let k = key.clone();
            let shown = Memo::new(move |_| revealed.with(|r| r.contains(&k)));
            let toggle = key.clone();
            view! {
                <tr class="env-row" data-key=key.clone()>
                    <th scope="row"><code>{key.clone()}</code></th>
                    <td>
                        <code class="env-value">{move || if shown.get() { value.clone() } else { "••••••••".to_string() }}</code>
                        " "
                        <button
                            type="button"
                            class="button small env-reveal"
                            aria-pressed=move || shown.get().to_string()
                            aria-label=format!("Show the value of {key}")
                            on:click=move |_| revealed.update(|r| if !r.remove(&toggle) { r.insert(toggle.clone()); })
                        >
                            {move || if shown.get() { "Hide" } else { "Show" }}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>"Environment"</h3>
        <table class="env-table" id="environment">
            <thead>
                <tr>
                    <th scope="col">"Variable"</th>
                    <th scope="col">"Value"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
