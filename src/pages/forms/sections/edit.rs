//! The edit form's sections: what LISA lets an admin change (§5.5), each offered only where the
//! model's state allows it, with the reason where it does not.

use leptos::prelude::*;
use lisa_contract::lifecycle::{hosting_of, Hosting};
use lisa_contract::model_form::edit::{EditForm, RunChange, Scope};
use lisa_contract::model_form::rows::EnvRow;
use lisa_contract::{LisaModel, ModelStatus};

use crate::pages::forms::fields::{card, text_fields, Text, NUM};
use crate::pages::forms::lens::Lens;
use crate::pages::forms::sections::base::MODEL_TYPES;
use crate::pages::forms::sections::rows::{command_editor, env_editor};
use crate::pages::forms::ui::{messages, read_only, use_form_ui, CheckField, SelectField};
use crate::{lens, text};

/// What cannot be changed after creation, for reference.
pub fn read_only_section(model: &LisaModel) -> impl IntoView {
    let hosting = hosting_of(model);
    let mut facts: Vec<(&'static str, String)> = vec![
        ("Model id", model.model_id.clone()),
        ("Model name", model.model_name.clone()),
        ("Hosting", hosting.label().to_string()),
        ("Status", model.status.label().to_string()),
        ("URL", model.model_url.clone().unwrap_or_default()),
    ];
    if hosting == Hosting::LisaHosted {
        let container = model.container_config.as_ref();
        let scaling = model.auto_scaling_config.as_ref();
        facts.extend([
            ("Instance type", model.instance_type.clone().unwrap_or_default()),
            ("Inference container", model.inference_container.as_ref().map(|c| c.to_string()).unwrap_or_default()),
            ("Base image", container.map(|c| format!("{} ({})", c.image.base_image, c.image.image_type)).unwrap_or_default()),
            ("Block device", scaling.and_then(|s| s.block_device_volume_size).map(|v| format!("{v} GiB")).unwrap_or_default()),
            (
                "Scaling metric",
                scaling.map(|s| format!("{} target {}", s.metric_config.alb_metric_name, s.metric_config.target_value)).unwrap_or_default(),
            ),
            ("Health-check path", model.load_balancer_config.as_ref().map(|l| l.health_check_config.path.clone()).unwrap_or_default()),
        ]);
    }
    let list = view! { <dl class="readonly-list">{facts.into_iter().map(|(label, value)| read_only(label, value)).collect_view()}</dl> };
    card("section-fixed", "Fixed at creation", "", "LISA cannot change these; create a copy of the model to change them.", list)
}

const META: &[Text<EditForm>] = &[
    text!("modelDescription", "Description", "", 0, model_description),
    text!("allowedGroups", "Allowed groups", "Comma-separated group names; clearing them makes the model available to everyone.", 0, allowed_groups),
];

pub fn metadata_section(form: RwSignal<EditForm>) -> impl IntoView {
    let content = view! {
            <SelectField key="modelType" label="Model type" value=lens!(form, model_type) options=MODEL_TYPES />
            <CheckField key="streaming" label="Streaming responses" value=lens!(form, streaming) hint="Embedding models cannot stream." />
            {text_fields(form, META)}
    };
    card("section-metadata", "Details", "", "", content)
}

/// Start or stop with the save (`enabled`), offered only where LISA's lifecycle allows it.
pub fn run_section(form: RwSignal<EditForm>, scope: Scope, status: &ModelStatus) -> impl IntoView {
    let ui = use_form_ui();
    let run: Lens<RunChange> = lens!(form, run);
    let option = move |value: RunChange, label: &'static str, allowed: bool, why: &'static str| {
        let id = format!("run-{}", match value {
            RunChange::Keep => "keep",
            RunChange::Start => "start",
            RunChange::Stop => "stop",
        });
        view! {
            <div class="radio-line">
                <input
                    type="radio"
                    name="run"
                    id=id.clone()
                    disabled=!allowed
                    prop:checked=move || run.get() == value
                    on:change=move |_| {
                        run.set(value);
                        ui.touch("enabled");
                    }
                />
                <label for=id>{label}</label>
                {(!allowed).then(|| view! { <span class="hint">" — " {why}</span> })}
            </div>
        }
    };
    let status_text = status.label().to_string();
    view! {
        <section class="card form-section" aria-labelledby="run-heading" id="section-run">
            <h2 id="run-heading">"Running state"</h2>
            <p class="hint">"The model is " {status_text} ". Starting or stopping is a request of its own: it cannot go with capacity changes."</p>
            <div class="radios" role="radiogroup" aria-label="Running state" id="f-enabled" tabindex="-1" data-invalid=move || ui.invalid("enabled").then_some("true")>
                {option(RunChange::Keep, "Leave it as it is", true, "")}
                {option(RunChange::Start, "Start it", scope.can_start, "only a stopped model can be started")}
                {option(RunChange::Stop, "Stop it", scope.can_stop, "only a model in service can be stopped")}
            </div>
            {messages("enabled")}
        </section>
    }
}

const CAPACITY: &[Text<EditForm>] = &[
    text!("autoScalingInstanceConfig.minCapacity", "Minimum instances", "", NUM, capacity.min_capacity),
    text!("autoScalingInstanceConfig.maxCapacity", "Maximum instances", "", NUM, capacity.max_capacity),
    text!("autoScalingInstanceConfig.desiredCapacity", "Desired instances (optional)", "Not stored: blank leaves the group's size alone.", NUM, capacity.desired_capacity),
    text!("autoScalingInstanceConfig.cooldown", "Cooldown (s)", "", NUM, capacity.cooldown),
    text!("autoScalingInstanceConfig.defaultInstanceWarmup", "Instance warm-up (s)", "1–3600", NUM, capacity.default_instance_warmup),
];

pub fn capacity_section(form: RwSignal<EditForm>, stopped: bool) -> impl IntoView {
    let hint = if stopped {
        "The model is stopped, so its Auto Scaling group is 0/0: the minimum and maximum are sent together and apply at the next start."
    } else {
        "Changes apply to the running Auto Scaling group at once."
    };
    card("section-capacity", "Capacity", "section.autoscaling", hint, view! { <div class="grid">{text_fields(form, CAPACITY)}</div> })
}

const CONTAINER: &[Text<EditForm>] = &[text!("containerConfig.sharedMemorySize", "Shared memory (MiB)", "", NUM, container.shared_memory_size)];

const HEALTH: &[Text<EditForm>] = &[
    text!("containerConfig.healthCheckInterval", "Check interval (s)", "5–300", NUM, container.interval),
    text!("containerConfig.healthCheckTimeout", "Check timeout (s)", "2–60", NUM, container.timeout),
    text!("containerConfig.healthCheckStartPeriod", "Start period (s)", "0–300", NUM, container.start_period),
    text!("containerConfig.healthCheckRetries", "Retries", "1–10", NUM, container.retries),
];

pub fn container_edit_section(form: RwSignal<EditForm>, original: RwSignal<EditForm>, in_service: bool) -> impl IntoView {
    let removed: Signal<Vec<EnvRow>> = Signal::derive(move || form.with(|f| original.with(|o| f.removed_env(o))));
    let changed = Memo::new(move |_| form.with(|f| original.with(|o| f.container != o.container)));
    let restart_hint = if in_service {
        "LISA redeploys the container with a new task definition; requests fail until it is healthy again."
    } else {
        "The model is stopped: the new container is used at its next start."
    };
    let acknowledge = view! {
        <div class="acknowledge" hidden=move || !changed.get()>
            <CheckField
                key="acknowledgeRestart"
                label="I understand this restarts the model (temporary outage)"
                hint=restart_hint
                value=lens!(form, acknowledge_restart)
            />
        </div>
    };
    let content = view! {
        <div class="grid">{text_fields(form, CONTAINER)}</div>
        {env_editor(lens!(form, container.environment), Some(removed))}
        {command_editor("containerConfig.healthCheckCommand", lens!(form, container.command))}
        <div class="grid">{text_fields(form, HEALTH)}</div>
        {acknowledge}
    };
    card("section-container", "Container", "section.container", "", content)
}

/// Why a section is not offered.
pub fn not_offered(id: &'static str, title: &'static str, reason: &'static str) -> impl IntoView {
    view! {
        <section class="card form-section not-offered" id=id>
            <h2>{title}</h2>
            <p class="hint">{reason}</p>
        </section>
    }
}
