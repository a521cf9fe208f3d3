//! The create form's LISA-hosted sections: instance and container, autoscaling, load balancer.

use leptos::prelude::*;
use lisa_contract::model_form::create::CreateForm;

use crate::api::use_api;
use crate::pages::forms::fields::{card, text_fields, Text, NUM, REQUIRED};
use crate::pages::forms::instances::Instances;
use crate::pages::forms::sections::rows::{command_editor, env_editor};
use crate::pages::forms::ui::{SelectField, TextField};
use crate::{lens, text};

const CONTAINERS: &[(&str, &str)] = &[
    ("", "Choose a container…"),
    ("vllm", "vLLM (text generation, embeddings)"),
    ("tgi", "TGI (text generation)"),
    ("tei", "TEI (embeddings)"),
];

const CONTAINER: &[Text<CreateForm>] = &[
    text!(
        "containerConfig.image.baseImage",
        "Base image",
        "With type asset LISA builds on it (e.g. vllm/vllm-openai:v0.5.0); with ecr it is repository[:tag] of an existing ECR image.",
        REQUIRED,
        container.base_image
    ),
    text!("containerConfig.image.type", "Image type", "asset or ecr", 0, container.image_type),
    text!("containerConfig.sharedMemorySize", "Shared memory (MiB)", "", NUM, container.shared_memory_size),
    text!("containerConfig.memoryReservation", "Memory reservation (MiB, optional)", "", NUM, container.memory_reservation),
];

const HEALTH: &[Text<CreateForm>] = &[
    text!("containerConfig.healthCheckConfig.interval", "Check interval (s)", "5–300", NUM, container.interval),
    text!("containerConfig.healthCheckConfig.timeout", "Check timeout (s)", "2–60", NUM, container.timeout),
    text!("containerConfig.healthCheckConfig.startPeriod", "Start period (s)", "0–300", NUM, container.start_period),
    text!("containerConfig.healthCheckConfig.retries", "Retries", "1–10", NUM, container.retries),
];

const SCALING: &[Text<CreateForm>] = &[
    text!("autoScalingConfig.minCapacity", "Minimum instances", "", NUM | REQUIRED, autoscaling.min_capacity),
    text!("autoScalingConfig.maxCapacity", "Maximum instances", "", NUM | REQUIRED, autoscaling.max_capacity),
    text!("autoScalingConfig.desiredCapacity", "Desired instances (optional)", "Between the minimum and maximum.", NUM, autoscaling.desired_capacity),
    text!("autoScalingConfig.cooldown", "Cooldown (s)", "", NUM, autoscaling.cooldown),
    text!("autoScalingConfig.defaultInstanceWarmup", "Instance warm-up (s)", "1–3600", NUM, autoscaling.default_instance_warmup),
    text!("autoScalingConfig.blockDeviceVolumeSize", "Block device (GiB)", "At least 30; blank uses LISA's 50.", NUM, autoscaling.block_device_volume_size),
];

const METRIC: &[Text<CreateForm>] = &[
    text!(
        "autoScalingConfig.metricConfig.albMetricName",
        "Load-balancer metric",
        "RequestCountPerTarget (LISA's default) or TargetResponseTime.",
        0,
        autoscaling.alb_metric_name
    ),
    text!("autoScalingConfig.metricConfig.targetValue", "Target value", "", NUM, autoscaling.target_value),
    text!("autoScalingConfig.metricConfig.duration", "Duration (s)", "", NUM, autoscaling.duration),
    text!("autoScalingConfig.metricConfig.estimatedInstanceWarmup", "Estimated warm-up (s)", "", NUM, autoscaling.estimated_instance_warmup),
];

const LOAD_BALANCER: &[Text<CreateForm>] = &[
    text!("loadBalancerConfig.healthCheckConfig.path", "Path", "", REQUIRED, load_balancer.path),
    text!("loadBalancerConfig.healthCheckConfig.interval", "Interval (s)", "5–300", NUM, load_balancer.interval),
    text!("loadBalancerConfig.healthCheckConfig.timeout", "Timeout (s)", "2–120, less than the interval", NUM, load_balancer.timeout),
    text!("loadBalancerConfig.healthCheckConfig.healthyThresholdCount", "Healthy threshold", "2–10", NUM, load_balancer.healthy_threshold_count),
    text!(
        "loadBalancerConfig.healthCheckConfig.unhealthyThresholdCount",
        "Unhealthy threshold",
        "2–10",
        NUM,
        load_balancer.unhealthy_threshold_count
    ),
];

pub fn hosted_sections(form: RwSignal<CreateForm>, instances: Instances) -> impl IntoView {
    let api = use_api();
    let status = move || {
        let retry = api.clone();
        instances.error.get().map(|e| {
            view! {
                <div class="warning-panel" id="instance-types-error" role="alert">
                    <p>
                        "The instance-type list could not be loaded (" {e.message.clone()}
                        "). Type the instance type; LISA checks it when you submit."
                    </p>
                    <button type="button" class="button small" on:click=move |_| instances.fetch(retry.clone())>
                        "Retry"
                    </button>
                </div>
            }
        })
    };
    let options = move || instances.list.with(|l| l.as_slice().iter().map(|t| view! { <option value=t.clone()></option> }).collect_view());
    let instance = view! {
        {status}
        <div class="grid">
            <TextField
                key="instanceType"
                label="Instance type"
                required=true
                hint="Type to search, e.g. g5.xlarge. vLLM and TGI need a GPU instance (g* or p*)."
                list="instance-types"
                value=lens!(form, instance_type)
            />
            <datalist id="instance-types">{options}</datalist>
            <SelectField key="inferenceContainer" label="Inference container" value=lens!(form, inference_container) options=CONTAINERS />
        </div>
    };
    let container = view! {
        <div class="grid">{text_fields(form, CONTAINER)}</div>
        {env_editor(lens!(form, container.environment), None)}
        {command_editor("containerConfig.healthCheckConfig.command", lens!(form, container.command))}
        <div class="grid">{text_fields(form, HEALTH)}</div>
    };
    let scaling = view! {
        <div class="grid">{text_fields(form, SCALING)}</div>
        <h3>"Scaling metric"</h3>
        <div class="grid">{text_fields(form, METRIC)}</div>
    };
    let load_balancer = view! { <div class="grid">{text_fields(form, LOAD_BALANCER)}</div> };
    (
        card("section-hosting", "Instance and container", "section.hosting", "", instance),
        card("section-container", "Container", "section.container", "", container),
        card("section-autoscaling", "Autoscaling", "section.autoscaling", "", scaling),
        card("section-load-balancer", "Load-balancer health check", "section.loadBalancer", "", load_balancer),
    )
}
