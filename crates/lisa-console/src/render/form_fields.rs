//! The create and edit forms' fields as HTML (the pieces are in [`super::form_parts`]).

use crate::model_form::create::{CreateForm, Hosting};
use crate::model_form::edit::{EditForm, RunChange, Scope};
use super::form_parts::{self as h, card, card_end, checkbox, note, part, select, text, NUM, REQUIRED, SECRET};
use crate::model_form::input::EditCtx;
use crate::lifecycle::hosting_of;
use lisa_api::model::LisaModel;
use lisa_api::ModelStatus;

pub const MODEL_TYPES: [(&str, &str); 4] =
    [("textgen", "Text generation"), ("imagegen", "Image generation"), ("videogen", "Video generation"), ("embedding", "Embedding")];

const CONTAINERS: [(&str, &str); 4] =
    [("", "Choose a container…"), ("vllm", "vLLM (text generation, embeddings)"), ("tgi", "TGI (text generation)"), ("tei", "TEI (embeddings)")];

const CREATE_COMMAND: &str = "containerConfig.healthCheckConfig.command";
const EDIT_COMMAND: &str = "containerConfig.healthCheckCommand";

fn hosting_choice(out: &mut String, current: Hosting) {
    out.push_str(r#"<fieldset class="hosting-choice" id="f-hostingType" tabindex="-1"><legend>Where does the model run?</legend>"#);
    for (h, hint) in [
        (Hosting::ThirdParty, "LiteLLM calls the provider: Bedrock, SageMaker, OpenAI, …"),
        (Hosting::InternalHosted, "LiteLLM calls your OpenAI-compatible endpoint behind an AWS load balancer."),
        (Hosting::LisaHosted, "LISA builds the container and runs it on ECS with an Auto Scaling group and a load balancer."),
    ] {
        let on = if h == current { " checked" } else { "" };
        out.push_str(&format!(
            r#"<div class="radio-card"><input type="radio" name="hosting" id="hosting-{k}" data-key="hostingType" value="{k}"{on}><label for="hosting-{k}"><strong>{}</strong><span class="hint">{hint}</span></label></div>"#,
            h.label(),
            k = h.key()
        ));
    }
    h::messages(out, "hostingType");
    out.push_str("</fieldset>");
}

fn image_streams(model_type: &str, streaming: bool) -> bool {
    streaming && matches!(model_type, "imagegen" | "videogen")
}

pub fn create(f: &CreateForm) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let o = &mut out;
    let lisa = f.hosting == Hosting::LisaHosted;
    card(o, "section-base", "Model", "", "");
    hosting_choice(o, f.hosting);
    o.push_str(r#"<div class="grid">"#);
    text(o, "modelId", "Model id", "Lowercase letters, digits and hyphens; starts with a letter. It becomes part of URLs and, for LISA-hosted models, of the CloudFormation stack name.", REQUIRED, "", &f.model_id);
    select(o, "modelType", "Model type", &MODEL_TYPES, &f.model_type);
    o.push_str("</div>");
    note(o, "hint-name-hosted", "The model artifact the container loads, e.g. a Hugging Face repository: mistralai/Mistral-7B-Instruct-v0.2.", lisa);
    note(o, "hint-name-external", "The LiteLLM model string: bedrock/<model id>, sagemaker/<endpoint>, openai/<model>, …", !lisa);
    text(o, "modelName", "Model name", "", REQUIRED, "", &f.model_name);
    text(o, "modelDescription", "Description", "", 0, "", &f.model_description);
    part(o, "external-fields", !lisa);
    note(o, "hint-url-internal", "Model URL required: https://<name>.<region>.elb.amazonaws.com/v1 (the hostname must be an AWS load balancer).", f.hosting == Hosting::InternalHosted);
    note(o, "hint-url-third", "Model URL optional: only for providers that need a base URL.", f.hosting == Hosting::ThirdParty);
    o.push_str(r#"<div class="grid">"#);
    text(o, "modelUrl", "Model URL", "", 0, "", &f.model_url);
    text(o, "apiKey", "API key (optional)", "Write-only: LISA passes it to LiteLLM and never shows it again.", SECRET, "", &f.api_key);
    o.push_str("</div></div>");
    checkbox(o, "streaming", "Streaming responses", "Embedding models cannot stream.", f.streaming);
    note(o, "image-stream-note", "LISA's own UI never streams image and video models; LISA accepts it, though.", image_streams(&f.model_type, f.streaming));
    text(o, "allowedGroups", "Allowed groups", "Comma-separated group names; blank makes the model available to everyone.", 0, "", &f.allowed_groups);
    card_end(o);

    part(o, "hosted-part", lisa);
    card(o, "section-hosting", "Instance and container", "section.hosting", "");
    o.push_str(r#"<div id="instance-status"></div><div class="grid">"#);
    text(o, "instanceType", "Instance type", "Type to search, e.g. g5.xlarge. vLLM and TGI need a GPU instance (g* or p*).", REQUIRED, "instance-types", &f.instance_type);
    o.push_str(r#"<datalist id="instance-types"></datalist>"#);
    select(o, "inferenceContainer", "Inference container", &CONTAINERS, &f.inference_container);
    o.push_str("</div>");
    card_end(o);

    let c = &f.container;
    card(o, "section-container", "Container", "section.container", "");
    o.push_str(r#"<div class="grid">"#);
    text(o, "containerConfig.image.baseImage", "Base image", "With type asset LISA builds on it (e.g. vllm/vllm-openai:v0.5.0); with ecr it is repository[:tag] of an existing ECR image.", REQUIRED, "", &c.base_image);
    text(o, "containerConfig.image.type", "Image type", "asset or ecr", 0, "", &c.image_type);
    text(o, "containerConfig.sharedMemorySize", "Shared memory (MiB)", "", NUM, "", &c.shared_memory_size);
    text(o, "containerConfig.memoryReservation", "Memory reservation (MiB, optional)", "", NUM, "", &c.memory_reservation);
    o.push_str("</div>");
    h::env_editor(o, &c.environment, None);
    h::command_editor(o, CREATE_COMMAND, &c.command);
    o.push_str(r#"<div class="grid">"#);
    let hc = "containerConfig.healthCheckConfig";
    text(o, &format!("{hc}.interval"), "Check interval (s)", "5–300", NUM, "", &c.interval);
    text(o, &format!("{hc}.timeout"), "Check timeout (s)", "2–60", NUM, "", &c.timeout);
    text(o, &format!("{hc}.startPeriod"), "Start period (s)", "0–300", NUM, "", &c.start_period);
    text(o, &format!("{hc}.retries"), "Retries", "1–10", NUM, "", &c.retries);
    o.push_str("</div>");
    card_end(o);

    let a = &f.autoscaling;
    card(o, "section-autoscaling", "Autoscaling", "section.autoscaling", "");
    o.push_str(r#"<div class="grid">"#);
    text(o, "autoScalingConfig.minCapacity", "Minimum instances", "", NUM | REQUIRED, "", &a.min_capacity);
    text(o, "autoScalingConfig.maxCapacity", "Maximum instances", "", NUM | REQUIRED, "", &a.max_capacity);
    text(o, "autoScalingConfig.desiredCapacity", "Desired instances (optional)", "Between the minimum and maximum.", NUM, "", &a.desired_capacity);
    text(o, "autoScalingConfig.cooldown", "Cooldown (s)", "", NUM, "", &a.cooldown);
    text(o, "autoScalingConfig.defaultInstanceWarmup", "Instance warm-up (s)", "1–3600", NUM, "", &a.default_instance_warmup);
    text(o, "autoScalingConfig.blockDeviceVolumeSize", "Block device (GiB)", "At least 30; blank uses LISA's 50.", NUM, "", &a.block_device_volume_size);
    o.push_str(r#"</div><h3>Scaling metric</h3><div class="grid">"#);
    let m = "autoScalingConfig.metricConfig";
    text(o, &format!("{m}.albMetricName"), "Load-balancer metric", "RequestCountPerTarget (LISA's default) or TargetResponseTime.", 0, "", &a.alb_metric_name);
    text(o, &format!("{m}.targetValue"), "Target value", "", NUM, "", &a.target_value);
    text(o, &format!("{m}.duration"), "Duration (s)", "", NUM, "", &a.duration);
    text(o, &format!("{m}.estimatedInstanceWarmup"), "Estimated warm-up (s)", "", NUM, "", &a.estimated_instance_warmup);
    o.push_str("</div>");
    card_end(o);

    let lb = &f.load_balancer;
    let l = "loadBalancerConfig.healthCheckConfig";
    card(o, "section-load-balancer", "Load-balancer health check", "section.loadBalancer", "");
    o.push_str(r#"<div class="grid">"#);
    text(o, &format!("{l}.path"), "Path", "", REQUIRED, "", &lb.path);
    text(o, &format!("{l}.interval"), "Interval (s)", "5–300", NUM, "", &lb.interval);
    text(o, &format!("{l}.timeout"), "Timeout (s)", "2–120, less than the interval", NUM, "", &lb.timeout);
    text(o, &format!("{l}.healthyThresholdCount"), "Healthy threshold", "2–10", NUM, "", &lb.healthy_threshold_count);
    text(o, &format!("{l}.unhealthyThresholdCount"), "Unhealthy threshold", "2–10", NUM, "", &lb.unhealthy_threshold_count);
    o.push_str("</div>");
    card_end(o);
    h::schedule_editor(o, &f.schedule, "");
    o.push_str("</div>");

    h::extras(o, &f.features, &f.guardrails, false);
    out
}

pub fn create_visibility(f: &CreateForm) -> Vec<(String, bool)> {
    let lisa = f.hosting == Hosting::LisaHosted;
    let mut out = vec![
        ("hosted-part".to_string(), lisa),
        ("external-fields".to_string(), !lisa),
        ("hint-name-hosted".to_string(), lisa),
        ("hint-name-external".to_string(), !lisa),
        ("hint-url-internal".to_string(), f.hosting == Hosting::InternalHosted),
        ("hint-url-third".to_string(), f.hosting == Hosting::ThirdParty),
        ("image-stream-note".to_string(), image_streams(&f.model_type, f.streaming)),
    ];
    h::command_visibility(CREATE_COMMAND, &f.container.command, &mut out);
    h::schedule_visibility(&f.schedule, &mut out);
    out
}

fn not_offered(out: &mut String, id: &str, title: &str, reason: &str) {
    out.push_str(&format!(r#"<section class="card form-section not-offered" id="{id}"><h2>{title}</h2><p class="hint">{reason}</p></section>"#));
}

fn run_section(out: &mut String, f: &EditForm, scope: &Scope, status: &ModelStatus) {
    card(out, "section-run", "Running state", "", "");
    out.push_str(&format!(
        r#"<p class="hint">The model is {}. Starting or stopping is a request of its own: it cannot go with capacity changes.</p><div class="radios" role="radiogroup" aria-label="Running state" id="f-enabled" tabindex="-1">"#,
        h::esc(status.label())
    ));
    for (value, id, label, allowed, why) in [
        (RunChange::Keep, "keep", "Leave it as it is", true, ""),
        (RunChange::Start, "start", "Start it", scope.can_start, "only a stopped model can be started"),
        (RunChange::Stop, "stop", "Stop it", scope.can_stop, "only a model in service can be stopped"),
    ] {
        let on = if f.run == value { " checked" } else { "" };
        let off = if allowed { "" } else { " disabled" };
        out.push_str(&format!(
            r#"<div class="radio-line"><input type="radio" name="run" id="run-{id}" data-key="enabled" value="{id}"{on}{off}><label for="run-{id}">{label}</label>"#
        ));
        if !allowed {
            out.push_str(&format!(r#"<span class="hint"> — {why}</span>"#));
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    h::messages(out, "enabled");
    card_end(out);
}

fn facts(out: &mut String, model: &LisaModel) {
    let hosting = hosting_of(model);
    let mut facts: Vec<(&str, String)> = vec![
        ("Model id", model.model_id.clone()),
        ("Model name", model.model_name.clone()),
        ("Hosting", hosting.label().to_string()),
        ("Status", model.status.label().to_string()),
        ("URL", model.model_url.clone().unwrap_or_default()),
    ];
    if hosting == Hosting::LisaHosted {
        let scaling = model.auto_scaling_config.as_ref();
        facts.push(("Instance type", model.instance_type.clone().unwrap_or_default()));
        facts.push(("Inference container", model.inference_container.as_ref().map(|c| c.to_string()).unwrap_or_default()));
        let image = model.container_config.as_ref().map(|c| format!("{} ({})", c.image.base_image, c.image.image_type));
        facts.push(("Base image", image.unwrap_or_default()));
        facts.push(("Block device", scaling.and_then(|s| s.block_device_volume_size).map(|v| format!("{v} GiB")).unwrap_or_default()));
        let metric = scaling.map(|s| format!("{} target {}", s.metric_config.alb_metric_name, s.metric_config.target_value));
        facts.push(("Scaling metric", metric.unwrap_or_default()));
        facts.push(("Health-check path", model.load_balancer_config.as_ref().map(|l| l.health_check_config.path.clone()).unwrap_or_default()));
    }
    card(out, "section-fixed", "Fixed at creation", "", "LISA cannot change these; create a copy of the model to change them.");
    out.push_str(r#"<dl class="readonly-list">"#);
    for (label, value) in facts {
        let shown = if value.is_empty() { "—".to_string() } else { h::esc(&value) };
        out.push_str(&format!(r#"<div class="readonly"><dt>{label}</dt><dd>{shown}</dd></div>"#));
    }
    out.push_str("</dl>");
    card_end(out);
}

pub fn edit(f: &EditForm, ctx: &EditCtx) -> String {
    let model = &ctx.model;
    let scope = Scope::of(model);
    let mut out = String::with_capacity(64 * 1024);
    let o = &mut out;
    h::section_messages(o, crate::model_form::place::SECTION_STATUS);
    card(o, "section-metadata", "Details", "", "");
    select(o, "modelType", "Model type", &MODEL_TYPES, &f.model_type);
    checkbox(o, "streaming", "Streaming responses", "Embedding models cannot stream.", f.streaming);
    text(o, "modelDescription", "Description", "", 0, "", &f.model_description);
    text(o, "allowedGroups", "Allowed groups", "Comma-separated group names; clearing them makes the model available to everyone.", 0, "", &f.allowed_groups);
    card_end(o);
    if scope.hosted {
        run_section(o, f, &scope, &model.status);
        let stopped = model.status == ModelStatus::Stopped;
        let hint = if stopped {
            "The model is stopped, so its Auto Scaling group is 0/0: the minimum and maximum are sent together and apply at the next start."
        } else {
            "Changes apply to the running Auto Scaling group at once."
        };
        card(o, "section-capacity", "Capacity", "section.autoscaling", hint);
        let (c, a) = (&f.capacity, "autoScalingInstanceConfig");
        o.push_str(r#"<div class="grid">"#);
        text(o, &format!("{a}.minCapacity"), "Minimum instances", "", NUM, "", &c.min_capacity);
        text(o, &format!("{a}.maxCapacity"), "Maximum instances", "", NUM, "", &c.max_capacity);
        text(o, &format!("{a}.desiredCapacity"), "Desired instances (optional)", "Not stored: blank leaves the group's size alone.", NUM, "", &c.desired_capacity);
        text(o, &format!("{a}.cooldown"), "Cooldown (s)", "", NUM, "", &c.cooldown);
        text(o, &format!("{a}.defaultInstanceWarmup"), "Instance warm-up (s)", "1–3600", NUM, "", &c.default_instance_warmup);
        o.push_str("</div>");
        card_end(o);
    } else {
        not_offered(o, "section-run", "Running state", "Only LISA-hosted models can be started or stopped; LISA would accept it for this model and then fail it.");
        not_offered(o, "section-capacity", "Capacity", "This model is not hosted by LISA, so it has no Auto Scaling group.");
    }
    if scope.container {
        let k = &f.container;
        card(o, "section-container", "Container", "section.container", "");
        o.push_str(r#"<div class="grid">"#);
        text(o, "containerConfig.sharedMemorySize", "Shared memory (MiB)", "", NUM, "", &k.shared_memory_size);
        o.push_str("</div>");
        h::env_editor(o, &k.environment, Some(&f.removed_env(&ctx.original)));
        h::command_editor(o, EDIT_COMMAND, &k.command);
        o.push_str(r#"<div class="grid">"#);
        text(o, "containerConfig.healthCheckInterval", "Check interval (s)", "5–300", NUM, "", &k.interval);
        text(o, "containerConfig.healthCheckTimeout", "Check timeout (s)", "2–60", NUM, "", &k.timeout);
        text(o, "containerConfig.healthCheckStartPeriod", "Start period (s)", "0–300", NUM, "", &k.start_period);
        text(o, "containerConfig.healthCheckRetries", "Retries", "1–10", NUM, "", &k.retries);
        o.push_str(r#"</div><div class="acknowledge" id="acknowledge-box""#);
        o.push_str(if f.container != ctx.original.container { ">" } else { " hidden>" });
        let hint = if model.status == ModelStatus::InService {
            "LISA redeploys the container with a new task definition; requests fail until it is healthy again."
        } else {
            "The model is stopped: the new container is used at its next start."
        };
        checkbox(o, "acknowledgeRestart", "I understand this restarts the model (temporary outage)", hint, f.acknowledge_restart);
        o.push_str("</div>");
        card_end(o);
    } else if scope.hosted {
        not_offered(o, "section-container", "Container", "This model was not created with a container configuration, so LISA cannot update one.");
    } else {
        not_offered(o, "section-container", "Container", "This model is not hosted by LISA: there is no container to change.");
    }
    if scope.hosted {
        h::schedule_editor(o, &f.schedule, "Saved through LISA's schedule routes, before the other changes.");
    } else {
        not_offered(o, "section-schedule", "Schedule", "Schedules need an Auto Scaling group, which only LISA-hosted models have.");
    }
    h::extras(o, &f.features, &f.guardrails, true);
    facts(o, model);
    out
}

pub fn edit_visibility(f: &EditForm, ctx: &EditCtx) -> Vec<(String, bool)> {
    let mut out = vec![("acknowledge-box".to_string(), f.container != ctx.original.container)];
    h::command_visibility(EDIT_COMMAND, &f.container.command, &mut out);
    h::schedule_visibility(&f.schedule, &mut out);
    out
}
