//! Form state ⇄ JSON for drafts, written out by hand rather than derived: serde's derived
//! deserializers cost ~50 KB of WebAssembly for these structs, this costs a fraction.
//!
//! Reading is forgiving: a missing or mistyped key takes the default, so an old or hand-edited
//! draft still restores everything it can.

use serde_json::{Map, Value};

pub trait Codec: Sized {
    fn encode(&self) -> Value;
    /// `fallback` is what a missing or unreadable value becomes.
    fn decode(value: &Value, fallback: Self) -> Self;
}

impl Codec for String {
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }

    fn decode(value: &Value, fallback: Self) -> Self {
        value.as_str().map(String::from).unwrap_or(fallback)
    }
}

impl Codec for bool {
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }

    fn decode(value: &Value, fallback: Self) -> Self {
        value.as_bool().unwrap_or(fallback)
    }
}

impl<T: Codec + Default> Codec for Vec<T> {
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Codec::encode).collect())
    }

    fn decode(value: &Value, fallback: Self) -> Self {
        match value.as_array() {
            Some(items) => items.iter().map(|v| T::decode(v, T::default())).collect(),
            None => fallback,
        }
    }
}

/// Read `key` of an object, or keep `fallback`.
pub fn field<T: Codec>(object: &Map<String, Value>, key: &str, fallback: T) -> T {
    match object.get(key) {
        Some(v) => T::decode(v, fallback),
        None => fallback,
    }
}

/// `codec_struct!(Type { field => "jsonKey", … })`.
#[macro_export]
macro_rules! codec_struct {
    ($ty:ty { $($field:ident => $key:literal),* $(,)? }) => {
        impl $crate::model_form::codec::Codec for $ty {
            fn encode(&self) -> serde_json::Value {
                let mut m = serde_json::Map::new();
                $( m.insert($key.to_string(), $crate::model_form::codec::Codec::encode(&self.$field)); )*
                serde_json::Value::Object(m)
            }

            fn decode(value: &serde_json::Value, fallback: Self) -> Self {
                let Some(o) = value.as_object() else { return fallback };
                Self { $( $field: $crate::model_form::codec::field(o, $key, fallback.$field), )* }
            }
        }
    };
}

/// `codec_enum!(Type { Variant => "text", … })`.
#[macro_export]
macro_rules! codec_enum {
    ($ty:ty { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $crate::model_form::codec::Codec for $ty {
            fn encode(&self) -> serde_json::Value {
                serde_json::Value::String(match self { $( Self::$variant => $text, )* }.to_string())
            }

            fn decode(value: &serde_json::Value, fallback: Self) -> Self {
                match value.as_str() {
                    $( Some($text) => Self::$variant, )*
                    _ => fallback,
                }
            }
        }
    };
}

// The forms' encodings (keys as in LISA's JSON where a field has a LISA name).

use super::create::{AutoScalingForm, ContainerForm, CreateForm, Hosting, LoadBalancerForm};
use super::edit::{CapacityForm, ContainerEditForm, EditForm, RunChange};
use super::rows::{CommandForm, CommandMode, EnvRow, FeatureRow, GuardrailRow};
use super::schedule::{DayRow, ScheduleForm, ScheduleMode, Window};

crate::codec_struct!(EnvRow { key => "key", value => "value" });
crate::codec_struct!(GuardrailRow {
    name => "name",
    identifier => "identifier",
    version => "version",
    mode => "mode",
    description => "description",
    allowed_groups => "allowedGroups",
});
crate::codec_struct!(CommandForm { mode => "mode", text => "text" });
crate::codec_enum!(ScheduleMode { None => "none", Daily => "daily", Recurring => "recurring" });
crate::codec_struct!(DayRow { enabled => "enabled", window => "window" });
crate::codec_enum!(Hosting { ThirdParty => "third_party", InternalHosted => "internal_hosted", LisaHosted => "lisa_hosted" });
crate::codec_struct!(AutoScalingForm {
    block_device_volume_size => "blockDeviceVolumeSize",
    min_capacity => "minCapacity",
    max_capacity => "maxCapacity",
    desired_capacity => "desiredCapacity",
    cooldown => "cooldown",
    default_instance_warmup => "defaultInstanceWarmup",
    alb_metric_name => "albMetricName",
    target_value => "targetValue",
    duration => "duration",
    estimated_instance_warmup => "estimatedInstanceWarmup",
});
crate::codec_struct!(CreateForm {
    hosting => "hosting",
    model_id => "modelId",
    model_name => "modelName",
    model_description => "modelDescription",
    model_type => "modelType",
    model_url => "modelUrl",
    api_key => "apiKey",
    streaming => "streaming",
    features => "features",
    allowed_groups => "allowedGroups",
    guardrails => "guardrails",
    instance_type => "instanceType",
    inference_container => "inferenceContainer",
    container => "container",
    autoscaling => "autoscaling",
    load_balancer => "loadBalancer",
    schedule => "schedule",
});
crate::codec_enum!(RunChange { Keep => "keep", Start => "start", Stop => "stop" });
crate::codec_struct!(ContainerEditForm {
    environment => "environment",
    shared_memory_size => "sharedMemorySize",
    command => "command",
    interval => "interval",
    timeout => "timeout",
    start_period => "startPeriod",
    retries => "retries",
});
crate::codec_struct!(FeatureRow { name => "name", overview => "overview" });
crate::codec_enum!(CommandMode { Array => "array", String => "string" });
crate::codec_struct!(Window { start => "start", stop => "stop" });
crate::codec_struct!(ScheduleForm { mode => "mode", timezone => "timezone", recurring => "recurring", days => "days" });
crate::codec_struct!(ContainerForm {
    base_image => "baseImage",
    image_type => "imageType",
    shared_memory_size => "sharedMemorySize",
    memory_reservation => "memoryReservation",
    environment => "environment",
    command => "command",
    interval => "interval",
    start_period => "startPeriod",
    timeout => "timeout",
    retries => "retries",
});
crate::codec_struct!(LoadBalancerForm {
    path => "path",
    interval => "interval",
    timeout => "timeout",
    healthy_threshold_count => "healthyThresholdCount",
    unhealthy_threshold_count => "unhealthyThresholdCount",
});
crate::codec_struct!(CapacityForm {
    min_capacity => "minCapacity",
    max_capacity => "maxCapacity",
    desired_capacity => "desiredCapacity",
    cooldown => "cooldown",
    default_instance_warmup => "defaultInstanceWarmup",
});
crate::codec_struct!(EditForm {
    model_type => "modelType",
    model_description => "modelDescription",
    streaming => "streaming",
    allowed_groups => "allowedGroups",
    features => "features",
    guardrails => "guardrails",
    run => "run",
    capacity => "capacity",
    container => "container",
    schedule => "schedule",
    acknowledge_restart => "acknowledgeRestart",
});
