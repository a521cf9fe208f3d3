//! A create body of an import file as the create form: what the admin opens to fix an invalid
//! definition, and what the plan places complaints with.
//!
//! The body is untrusted and may be invalid, so nothing is refused: every value is taken as the
//! text the form would hold (numbers as digits, a wrong type as its JSON text), so that the
//! form's rules report the same problems the plan did, on the same fields.

use serde_json::{Map, Value};

use crate::lifecycle::{hosting_from, Hosting};
use crate::model_form::create::CreateForm;
use crate::model_form::rows::{CommandForm, CommandMode, EnvRow, FeatureRow, GuardrailRow};
use crate::model_form::schedule::{DayRow, ScheduleForm, ScheduleMode, Window};
use lisa_api::enums::HostingType;
use lisa_api::model::WeeklySchedule;

/// A value as the text of a form field: strings as they are, numbers and booleans as written,
/// missing or `null` as blank, anything else as its JSON.
fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    v.pointer(path)
}

/// `text` of the value at a JSON pointer, or `fallback` when it is missing.
fn text_or(v: &Value, path: &str, fallback: &str) -> String {
    match at(v, path) {
        None => fallback.to_string(),
        some => text(some),
    }
}

/// A list of strings as the form's comma-separated text.
fn list_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Array(items)) => items.iter().map(|i| text(Some(i))).collect::<Vec<_>>().join(", "),
        other => text(other),
    }
}

fn object(v: Option<&Value>) -> Option<&Map<String, Value>> {
    v.and_then(Value::as_object)
}

fn window(v: Option<&Value>) -> Window {
    Window { start: text(v.and_then(|w| w.get("startTime"))), stop: text(v.and_then(|w| w.get("stopTime"))) }
}

fn schedule(v: Option<&Value>) -> ScheduleForm {
    let mut s = ScheduleForm::default();
    let Some(v) = v.filter(|v| !v.is_null()) else { return s };
    // LISA's default zone (§4.2).
    s.timezone = text_or(v, "/timezone", "UTC");
    match v.get("scheduleType").and_then(Value::as_str) {
        Some("RECURRING") => {
            s.mode = ScheduleMode::Recurring;
            s.recurring = window(v.get("recurringSchedule"));
        }
        Some("DAILY") => {
            s.mode = ScheduleMode::Daily;
            let days = v.get("dailySchedule");
            s.days = WeeklySchedule::DAYS
                .iter()
                .map(|day| match days.and_then(|d| d.get(*day)).filter(|d| !d.is_null()) {
                    Some(w) => DayRow { enabled: true, window: window(Some(w)) },
                    None => DayRow { enabled: false, window: Window::default() },
                })
                .collect();
        }
        _ => {}
    }
    s
}

fn command(v: Option<&Value>) -> CommandForm {
    match v {
        None => CommandForm { mode: CommandMode::Array, text: String::new() },
        Some(Value::Array(items)) => {
            CommandForm { mode: CommandMode::Array, text: items.iter().map(|i| text(Some(i))).collect::<Vec<_>>().join("\n") }
        }
        Some(other) => CommandForm { mode: CommandMode::String, text: text(Some(other)) },
    }
}

/// The create form holding `body`.
pub fn form_from_body(body: &Value) -> CreateForm {
    let mut f = CreateForm::default();
    let hosted = super::is_hosted(body);
    let hosting_type = body.get("hostingType").and_then(Value::as_str).map(HostingType::parse);
    f.hosting = hosting_from(hosted, hosting_type.as_ref());
    f.model_id = text(body.get("modelId"));
    f.model_name = text(body.get("modelName"));
    f.model_description = text(body.get("modelDescription"));
    f.model_type = text(body.get("modelType"));
    f.streaming = body.get("streaming").and_then(Value::as_bool).unwrap_or(false);
    if let Some(Value::Array(items)) = body.get("features") {
        f.features = items.iter().map(|i| FeatureRow { name: text(i.get("name")), overview: text(i.get("overview")) }).collect();
    }
    f.allowed_groups = list_text(body.get("allowedGroups"));
    if let Some(map) = object(body.get("guardrailsConfig")) {
        let d = GuardrailRow::default();
        f.guardrails = map
            .values()
            .map(|g| GuardrailRow {
                name: text(g.get("guardrailName")),
                identifier: text(g.get("guardrailIdentifier")),
                version: text_or(g, "/guardrailVersion", &d.version),
                mode: text_or(g, "/mode", &d.mode),
                description: text(g.get("description")),
                allowed_groups: list_text(g.get("allowedGroups")),
            })
            .collect();
    }
    if f.hosting != Hosting::LisaHosted {
        // As the copy path: the URL only where the admin chose it (LISA assigns a hosted one).
        f.model_url = text(body.get("modelUrl"));
        f.api_key = text(body.get("apiKey"));
        return f;
    }
    f.instance_type = text(body.get("instanceType"));
    f.inference_container = text(body.get("inferenceContainer"));
    let c = &mut f.container;
    let cc = "/containerConfig";
    c.base_image = text(at(body, &format!("{cc}/image/baseImage")));
    c.image_type = text(at(body, &format!("{cc}/image/type")));
    c.shared_memory_size = text(at(body, &format!("{cc}/sharedMemorySize")));
    c.memory_reservation = text(at(body, &format!("{cc}/memoryReservation")));
    if let Some(env) = object(at(body, &format!("{cc}/environment"))) {
        c.environment = env.iter().map(|(k, v)| EnvRow { key: k.clone(), value: text(Some(v)) }).collect();
    }
    let hc = format!("{cc}/healthCheckConfig");
    c.command = command(at(body, &format!("{hc}/command")));
    c.interval = text(at(body, &format!("{hc}/interval")));
    c.start_period = text(at(body, &format!("{hc}/startPeriod")));
    c.timeout = text(at(body, &format!("{hc}/timeout")));
    c.retries = text(at(body, &format!("{hc}/retries")));
    let a = &mut f.autoscaling;
    let ac = "/autoScalingConfig";
    a.block_device_volume_size = text(at(body, &format!("{ac}/blockDeviceVolumeSize")));
    a.min_capacity = text(at(body, &format!("{ac}/minCapacity")));
    a.max_capacity = text(at(body, &format!("{ac}/maxCapacity")));
    a.desired_capacity = text(at(body, &format!("{ac}/desiredCapacity")));
    a.cooldown = text(at(body, &format!("{ac}/cooldown")));
    a.default_instance_warmup = text(at(body, &format!("{ac}/defaultInstanceWarmup")));
    let mc = format!("{ac}/metricConfig");
    a.alb_metric_name = text(at(body, &format!("{mc}/albMetricName")));
    a.target_value = text(at(body, &format!("{mc}/targetValue")));
    a.duration = text(at(body, &format!("{mc}/duration")));
    a.estimated_instance_warmup = text(at(body, &format!("{mc}/estimatedInstanceWarmup")));
    f.schedule = schedule(at(body, &format!("{ac}/scheduling")));
    let l = &mut f.load_balancer;
    let lb = "/loadBalancerConfig/healthCheckConfig";
    l.path = text(at(body, &format!("{lb}/path")));
    l.interval = text(at(body, &format!("{lb}/interval")));
    l.timeout = text(at(body, &format!("{lb}/timeout")));
    l.healthy_threshold_count = text(at(body, &format!("{lb}/healthyThresholdCount")));
    l.unhealthy_threshold_count = text(at(body, &format!("{lb}/unhealthyThresholdCount")));
    f
}
