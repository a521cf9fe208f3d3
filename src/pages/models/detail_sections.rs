//! The detail page's field groups: base, container, autoscaling, load balancer, schedule,
//! guardrails, features, groups. Every field LISA returns is shown; absent parts say why.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use lisa_contract::catalogue::{format_context_window, format_thousands, groups_text};
use lisa_contract::lifecycle::{hosting_of, Hosting};
use lisa_contract::model::{AutoScalingConfig, ContainerConfig, GuardrailConfig, LoadBalancerConfig, SchedulingConfig};
use lisa_contract::LisaModel;

type Fields = Vec<(&'static str, String)>;

fn or_dash(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).filter(|v| !v.is_empty()).unwrap_or_else(|| "—".to_string())
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.to_string()
}

#[component]
fn FieldList(fields: Fields) -> impl IntoView {
    view! {
        <dl class="fields">
            {fields
                .into_iter()
                .map(|(name, value)| view! { <dt>{name}</dt> <dd>{value}</dd> })
                .collect_view()}
        </dl>
    }
}

#[component]
fn Group(id: &'static str, title: &'static str, children: Children) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelledby = heading.clone();
    view! {
        <section class="card detail-group" id=id aria-labelledby=labelledby>
            <h2 id=heading>{title}</h2>
            {children()}
        </section>
    }
}

#[component]
pub fn Sections(model: LisaModel) -> impl IntoView {
    let hosting = hosting_of(&model);
    let not_hosted = move |what: &str| match hosting {
        Hosting::LisaHosted => format!("This model has no {what}."),
        other => format!("None: the model is {} (LISA deploys no infrastructure for it).", other.label().to_lowercase()),
    };
    let stored_hosting = model.hosting_type.as_ref().map(|h| h.as_str().to_string());
    let base: Fields = vec![
        ("Id", model.model_id.clone()),
        ("Name", or_dash(Some(&model.model_name))),
        ("Description", or_dash(model.model_description.as_ref())),
        ("Type", model.model_type.as_str().to_string()),
        ("Status", model.status.as_str().to_string()),
        ("Hosting", hosting.label().to_string()),
        ("Stored hostingType", or_dash(stored_hosting)),
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
    ];
    let container = model.container_config.clone();
    let scaling = model.auto_scaling_config.clone();
    let schedule = scaling.as_ref().and_then(|s| s.scheduling.clone());
    let balancer = model.load_balancer_config.clone();
    let guardrails = model.guardrails_config.clone().unwrap_or_default();
    let features = model.features.clone().unwrap_or_default();
    let groups = model.allowed_groups.clone().unwrap_or_default();

    view! {
        <div class="detail-groups">
            <Group id="group-base" title="Base">
                <FieldList fields=base />
            </Group>
            <Group id="group-container" title="Container">
                {match container {
                    Some(c) => view! { <ContainerFields config=c /> }.into_any(),
                    None => view! { <p class="muted">{not_hosted("container")}</p> }.into_any(),
                }}
            </Group>
            <Group id="group-autoscaling" title="Autoscaling">
                {match scaling {
                    Some(s) => view! { <FieldList fields=scaling_fields(&s) /> }.into_any(),
                    None => view! { <p class="muted">{not_hosted("autoscaling group")}</p> }.into_any(),
                }}
            </Group>
            <Group id="group-load-balancer" title="Load balancer">
                {match balancer {
                    Some(b) => view! { <FieldList fields=balancer_fields(&b) /> }.into_any(),
                    None => view! { <p class="muted">{not_hosted("load balancer")}</p> }.into_any(),
                }}
            </Group>
            <Group id="group-schedule" title="Schedule">
                {match schedule {
                    Some(s) => view! { <FieldList fields=schedule_fields(&s) /> }.into_any(),
                    None => view! { <p class="muted">"No schedule: the model runs until it is stopped."</p> }.into_any(),
                }}
            </Group>
            <Group id="group-guardrails" title="Guardrails">
                <GuardrailTable guardrails />
            </Group>
            <Group id="group-features" title="Features">
                {if features.is_empty() {
                    view! { <p class="muted">"No features declared."</p> }.into_any()
                } else {
                    view! {
                        <ul class="feature-list">
                            {features
                                .into_iter()
                                .map(|f| view! { <li><strong>{f.name}</strong> " " <span class="muted">{f.overview}</span></li> })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Group>
            <Group id="group-groups" title="Allowed groups">
                <p>
                    {groups_text(Some(&groups))}
                    {groups.is_empty().then(|| view! { <span class="muted">" — every signed-in user may use this model"</span> })}
                </p>
            </Group>
        </div>
    }
}

#[component]
fn ContainerFields(config: ContainerConfig) -> impl IntoView {
    let hc = &config.health_check_config;
    let fields: Fields = vec![
        ("Base image", config.image.base_image.clone()),
        ("Image type", config.image.image_type.clone()),
        ("Shared memory", format!("{} MiB", config.shared_memory_size)),
        ("Memory reservation", config.memory_reservation.map(|m| format!("{m} MiB")).unwrap_or_else(|| "—".into())),
        ("Health check command", hc.command.display()),
        ("Health check interval", format!("{} s", hc.interval)),
        ("Health check start period", format!("{} s", hc.start_period)),
        ("Health check timeout", format!("{} s", hc.timeout)),
        ("Health check retries", hc.retries.to_string()),
    ];
    view! {
        <FieldList fields />
        <h3>"Environment"</h3>
        <EnvironmentTable environment=config.environment.unwrap_or_default() />
    }
}

/// Environment values can hold secrets: masked until asked for, one at a time.
#[component]
fn EnvironmentTable(environment: BTreeMap<String, String>) -> impl IntoView {
    if environment.is_empty() {
        return view! { <p class="muted">"No environment variables."</p> }.into_any();
    }
    let revealed = RwSignal::new(HashSet::<String>::new());
    view! {
        <table class="env-table" id="environment">
            <thead>
                <tr>
                    <th scope="col">"Variable"</th>
                    <th scope="col">"Value"</th>
                </tr>
            </thead>
            <tbody>
                {environment
                    .into_iter()
                    .map(|(key, value)| {
                        let shown_key = key.clone();
                        let toggle_key = key.clone();
                        let shown = Memo::new(move |_| revealed.with(|r| r.contains(&shown_key)));
                        let label = format!("Show the value of {key}");
                        view! {
                            <tr class="env-row" data-key=key.clone()>
                                <th scope="row"><code>{key.clone()}</code></th>
                                <td>
                                    <code class="env-value">
                                        {move || if shown.get() { value.clone() } else { "••••••••".to_string() }}
                                    </code>
                                    " "
                                    <button
                                        type="button"
                                        class="button small env-reveal"
                                        aria-pressed=move || if shown.get() { "true" } else { "false" }
                                        aria-label=label
                                        on:click=move |_| {
                                            revealed.update(|r| {
                                                if !r.remove(&toggle_key) {
                                                    r.insert(toggle_key.clone());
                                                }
                                            })
                                        }
                                    >
                                        {move || if shown.get() { "Hide" } else { "Show" }}
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn scaling_fields(s: &AutoScalingConfig) -> Fields {
    let m = &s.metric_config;
    vec![
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
    ]
}

fn balancer_fields(b: &LoadBalancerConfig) -> Fields {
    let h = &b.health_check_config;
    vec![
        ("Health check path", h.path.clone()),
        ("Health check interval", format!("{} s", h.interval)),
        ("Health check timeout", format!("{} s", h.timeout)),
        ("Healthy threshold", h.healthy_threshold_count.to_string()),
        ("Unhealthy threshold", h.unhealthy_threshold_count.to_string()),
    ]
}

fn schedule_fields(s: &SchedulingConfig) -> Fields {
    let mut fields: Fields = vec![
        ("Schedule type", or_dash(s.schedule_type.as_ref().map(|t| t.as_str().to_string()))),
        ("Time zone", s.timezone.clone()),
        ("Enabled", yes_no(s.schedule_enabled)),
        ("Configured", yes_no(s.schedule_configured)),
    ];
    if let Some(day) = &s.recurring_schedule {
        fields.push(("Every day", format!("{} – {}", day.start_time, day.stop_time)));
    }
    if let Some(week) = &s.daily_schedule {
        for (day, times) in week.days() {
            let text = times.map(|t| format!("{} – {}", t.start_time, t.stop_time)).unwrap_or_else(|| "off".into());
            fields.push((day_label(day), text));
        }
    }
    fields.push((
        "Next action",
        s.next_scheduled_action
            .as_ref()
            .map(|a| format!("{} at {}", a.action, a.scheduled_time))
            .unwrap_or_else(|| "—".into()),
    ));
    fields.push(("Last update", or_dash(s.last_schedule_update.as_ref())));
    fields.push(("Last run failed", yes_no(s.last_schedule_failed)));
    if let Some(f) = &s.last_schedule_failure {
        fields.push(("Last failure", format!("{}: {} (retries: {})", f.timestamp, f.error, f.retry_count)));
    }
    fields
}

fn day_label(day: &str) -> &'static str {
    match day {
        "monday" => "Monday",
        "tuesday" => "Tuesday",
        "wednesday" => "Wednesday",
        "thursday" => "Thursday",
        "friday" => "Friday",
        "saturday" => "Saturday",
        _ => "Sunday",
    }
}

#[component]
fn GuardrailTable(guardrails: BTreeMap<String, GuardrailConfig>) -> impl IntoView {
    if guardrails.is_empty() {
        return view! { <p class="muted">"No guardrails."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="guardrail-table" id="guardrails">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Identifier"</th>
                        <th scope="col">"Version"</th>
                        <th scope="col">"Mode"</th>
                        <th scope="col">"Applies to"</th>
                        <th scope="col">"Description"</th>
                    </tr>
                </thead>
                <tbody>
                    {guardrails
                        .into_values()
                        .map(|g| {
                            view! {
                                <tr>
                                    <td>{g.guardrail_name}</td>
                                    <td><code>{g.guardrail_identifier}</code></td>
                                    <td>{g.guardrail_version}</td>
                                    <td>{g.mode.as_str().to_string()}</td>
                                    <td>{if g.allowed_groups.is_empty() { "everyone".to_string() } else { g.allowed_groups.join(", ") }}</td>
                                    <td>{or_dash(g.description)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
