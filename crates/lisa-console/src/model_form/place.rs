//! Where a complaint is shown: the form key for a [`FieldError`] (a rule's or a server 422's),
//! or `None` for the banner.
//!
//! A `loc` names the body; the form has rows and sections. So:
//! * map keys become row indexes (`environment.<NAME>` → the row with that name;
//!   `guardrailsConfig.<key>` → the guardrail row whose map key that is);
//! * V18 (an empty environment key, reported on the whole map) goes to the first empty key;
//! * the whole-body rules go where they concern: V28/V44 at `streaming`, V29 at the hosting
//!   section, V30/V31 at `modelUrl`;
//! * anything else walks up its path until it reaches a key the form shows (a missing
//!   `metricConfig` lands on the autoscaling section); a path the form does not show (a hidden
//!   section, a field it has no input for) goes to the banner, listed there.

use std::collections::BTreeSet;

use super::create::{CreateForm, Hosting};
use super::rows::{self, EnvRow, GuardrailRow};
use super::{FormErrors, Problem};
use lisa_api::error::{FieldError, LocPart};

/// The section keys.
pub const SECTION_HOSTING: &str = "section.hosting";
pub const SECTION_CONTAINER: &str = "section.container";
pub const SECTION_ENVIRONMENT: &str = "section.environment";
pub const SECTION_AUTOSCALING: &str = "section.autoscaling";
pub const SECTION_LOAD_BALANCER: &str = "section.loadBalancer";
pub const SECTION_FEATURES: &str = "section.features";
pub const SECTION_GUARDRAILS: &str = "section.guardrails";
pub const SECTION_STATUS: &str = "section.status";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placer {
    known: BTreeSet<String>,
    env_names: Vec<String>,
    guardrail_keys: Vec<String>,
}

/// `loc` as field segments: without the leading `body` and Pydantic's union-member tags.
fn segments(loc: &[LocPart]) -> Vec<String> {
    loc.iter()
        .enumerate()
        .filter(|(i, p)| !matches!(p, LocPart::Key(k) if (*i == 0 && k == "body") || matches!(k.as_str(), "str" | "list[str]" | "RECURRING" | "DAILY")))
        .map(|(_, p)| p.to_string())
        .collect()
}

/// Insert one by one: collecting into a set sorts first, and that code weighs on the bundle.
pub(crate) fn insert_all(set: &mut BTreeSet<String>, keys: &[&str]) {
    for k in keys {
        set.insert((*k).to_string());
    }
}

fn section_of(path: &str) -> Option<&'static str> {
    Some(match path {
        "containerConfig" | "containerConfig.image" | "containerConfig.healthCheckConfig" => SECTION_CONTAINER,
        "autoScalingConfig" | "autoScalingConfig.metricConfig" | "autoScalingInstanceConfig" => SECTION_AUTOSCALING,
        "loadBalancerConfig" | "loadBalancerConfig.healthCheckConfig" => SECTION_LOAD_BALANCER,
        "containerConfig.environment" => SECTION_ENVIRONMENT,
        "features" => SECTION_FEATURES,
        "guardrailsConfig" => SECTION_GUARDRAILS,
        _ => return None,
    })
}

fn guardrail_row_keys(out: &mut BTreeSet<String>, rows: &[GuardrailRow]) {
    out.insert(SECTION_GUARDRAILS.into());
    for i in 0..rows.len() {
        for f in ["guardrailName", "guardrailIdentifier", "guardrailVersion", "mode", "description", "allowedGroups"] {
            out.insert(format!("guardrailsConfig.{i}.{f}"));
        }
    }
}

fn feature_row_keys(out: &mut BTreeSet<String>, count: usize) {
    out.insert(SECTION_FEATURES.into());
    for i in 0..count {
        out.insert(format!("features.{i}.name"));
        out.insert(format!("features.{i}.overview"));
    }
}

fn env_row_keys(out: &mut BTreeSet<String>, rows: &[EnvRow]) {
    out.insert(SECTION_ENVIRONMENT.into());
    for i in 0..rows.len() {
        out.insert(format!("containerConfig.environment.{i}.key"));
        out.insert(format!("containerConfig.environment.{i}.value"));
    }
}

impl Placer {
    /// The keys of the create form as it is now (hidden sections have none).
    pub fn for_create(form: &CreateForm) -> Self {
        let mut known = BTreeSet::new();
        insert_all(
            &mut known,
            &["modelId", "modelName", "modelDescription", "modelType", "streaming", "hostingType", "allowedGroups"],
        );
        feature_row_keys(&mut known, form.features.len());
        guardrail_row_keys(&mut known, &form.guardrails);
        let mut env_names = Vec::new();
        if form.hosting == Hosting::LisaHosted {
            let c = "containerConfig";
            let hc = "containerConfig.healthCheckConfig";
            let a = "autoScalingConfig";
            let m = "autoScalingConfig.metricConfig";
            let lb = "loadBalancerConfig.healthCheckConfig";
            let fields: [(&str, &[&str]); 6] = [
                ("", &["instanceType", "inferenceContainer", SECTION_HOSTING, SECTION_CONTAINER, SECTION_AUTOSCALING, SECTION_LOAD_BALANCER]),
                (c, &["image.baseImage", "image.type", "sharedMemorySize", "memoryReservation"]),
                (hc, &["command", "interval", "startPeriod", "timeout", "retries"]),
                (a, &["blockDeviceVolumeSize", "minCapacity", "maxCapacity", "desiredCapacity", "cooldown", "defaultInstanceWarmup"]),
                (m, &["albMetricName", "targetValue", "duration", "estimatedInstanceWarmup"]),
                (lb, &["path", "interval", "timeout", "healthyThresholdCount", "unhealthyThresholdCount"]),
            ];
            for (prefix, names) in fields {
                for n in names {
                    known.insert(if prefix.is_empty() { n.to_string() } else { format!("{prefix}.{n}") });
                }
            }
            env_row_keys(&mut known, &form.container.environment);
            env_names = form.container.environment.iter().map(|r| r.key.clone()).collect();
            let mut schedule = Vec::new();
            form.schedule.keys(&mut schedule);
            known.extend(schedule);
        } else {
            known.insert("modelUrl".into());
            known.insert("apiKey".into());
        }
        Placer { known, env_names, guardrail_keys: rows::guardrail_keys(&form.guardrails) }
    }

    /// A placer over explicit parts (the edit form builds its own); `env`: `None` where the
    /// form has no environment section.
    pub fn new(known: BTreeSet<String>, env: Option<&[EnvRow]>, guardrails: &[GuardrailRow]) -> Self {
        let mut known = known;
        if let Some(env) = env {
            env_row_keys(&mut known, env);
        }
        guardrail_row_keys(&mut known, guardrails);
        Placer {
            known,
            env_names: env.into_iter().flatten().map(|r| r.key.clone()).collect(),
            guardrail_keys: rows::guardrail_keys(guardrails),
        }
    }

    /// Every key a complaint can land on.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.known.iter().map(String::as_str)
    }

    pub fn knows(&self, key: &str) -> bool {
        self.known.contains(key)
    }

    /// The key for a whole-body rule, by its message.
    fn whole_body(&self, msg: &str) -> Option<String> {
        let key = if msg.contains("Embedding model cannot be set with streaming") {
            "streaming"
        } else if msg.starts_with("All of the following fields must be defined") {
            SECTION_HOSTING
        } else if msg.contains("modelUrl") {
            "modelUrl"
        } else {
            return None;
        };
        self.knows(key).then(|| key.to_string())
    }

    /// The form key for `e`, or `None` for the banner.
    pub fn key_for(&self, e: &FieldError) -> Option<String> {
        let segs = segments(&e.loc);
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        if s.is_empty() {
            return self.whole_body(e.message());
        }
        let candidate: Vec<String> = match s.as_slice() {
            ["containerConfig", "environment"] => {
                let empty = self.env_names.iter().position(String::is_empty);
                match empty {
                    Some(i) if e.msg.contains("Empty strings") => vec![format!("containerConfig.environment.{i}.key")],
                    _ => vec![SECTION_ENVIRONMENT.into()],
                }
            }
            ["containerConfig", "environment", name, ..] => match self.env_names.iter().position(|n| n == name) {
                Some(i) => vec![format!("containerConfig.environment.{i}.value")],
                None => vec![SECTION_ENVIRONMENT.into()],
            },
            ["guardrailsConfig", key, rest @ ..] => match self.guardrail_keys.iter().position(|k| k == key) {
                Some(i) => vec![format!("guardrailsConfig.{i}.{}", rest.first().copied().unwrap_or("guardrailName"))],
                None => vec![SECTION_GUARDRAILS.into()],
            },
            ["features", i] => vec![format!("features.{i}.name")],
            ["allowedGroups", ..] => vec!["allowedGroups".into()],
            ["containerConfig", "healthCheckConfig", "command", ..] => vec!["containerConfig.healthCheckConfig.command".into()],
            ["containerConfig", "healthCheckCommand", ..] => vec!["containerConfig.healthCheckCommand".into()],
            _ => segs.clone(),
        };
        let mut path = candidate;
        while !path.is_empty() {
            let key = path.join(".");
            if self.knows(&key) {
                return Some(key);
            }
            if let Some(section) = section_of(&key).filter(|s| self.knows(s)) {
                return Some(section.to_string());
            }
            path.pop();
        }
        None
    }

    /// Place a rule's complaint.
    pub fn add(&self, errors: &mut FormErrors, e: &FieldError) {
        errors.add(self.key_for(e), Problem::from_field_error(e));
    }

    /// Place a complaint from a server 422.
    pub fn add_server(&self, errors: &mut FormErrors, e: &FieldError) {
        let mut p = Problem::from_field_error(e);
        p.from_server = true;
        errors.add(self.key_for(e), p);
    }

    /// Every field error of a 422 answer, placed.
    pub fn server_errors(&self, list: &[FieldError]) -> FormErrors {
        let mut errors = FormErrors::default();
        for e in list {
            self.add_server(&mut errors, e);
        }
        errors
    }
}

/// Where a handler rule's `detail` (V47–V57, V73, V74), checked before sending, is shown.
pub fn state_rule_key(detail: &str) -> &'static str {
    if detail.contains("not in the 'InService' or 'Stopped' states") {
        SECTION_STATUS
    } else if detail.contains("Start or Stop") || detail.contains("cannot be enabled") || detail.contains("cannot be stopped") {
        "enabled"
    } else if detail.contains("AutoScaling") || detail.contains("capacity") {
        SECTION_AUTOSCALING
    } else if detail.contains("Container Config") {
        SECTION_CONTAINER
    } else {
        super::schedule::PREFIX
    }
}
