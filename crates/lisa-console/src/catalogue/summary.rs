//! A model of `GET /models` as the catalogue reads it: the table's columns and what the row
//! actions need, nothing else.
//!
//! With thousands of models the list is megabytes of JSON, a third of it container,
//! autoscaling and load balancer settings that no column shows. Decoding into [`LisaModel`]
//! would allocate every one of those strings, maps and vectors; here they are only skipped
//! over, and their presence is all that is kept (it decides the hosting, lisa-api.md §4.3).
//! The detail page still decodes the whole model from `GET /models/{id}`.

use serde::de::{Deserializer, IgnoredAny};
use serde::Deserialize;

use lisa_api::enums::{HostingType, ModelStatus, ModelType};
use crate::lifecycle::{hosting_from, Hosting};
#[cfg(doc)]
use lisa_api::LisaModel;

/// The fields [`LisaModel`] has for these keys, with the same defaults, so a list decodes here
/// exactly when the row it makes would.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSummary {
    pub model_id: String,
    #[serde(default)]
    pub model_name: String,
    #[serde(default)]
    pub model_description: Option<String>,
    pub model_type: ModelType,
    pub status: ModelStatus,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub hosting_type: Option<HostingType>,
    #[serde(default)]
    pub instance_type: Option<String>,
    #[serde(default)]
    pub features: Option<Vec<FeatureName>>,
    #[serde(default)]
    pub allowed_groups: Option<Vec<String>>,
    #[serde(default)]
    pub context_window: Option<i64>,
    #[serde(default, rename = "inferenceContainer", deserialize_with = "present")]
    has_inference_container: bool,
    #[serde(default, rename = "containerConfig", deserialize_with = "present")]
    has_container_config: bool,
    #[serde(default, rename = "autoScalingConfig", deserialize_with = "present")]
    has_auto_scaling_config: bool,
    #[serde(default, rename = "loadBalancerConfig", deserialize_with = "present")]
    has_load_balancer_config: bool,
}

/// A feature as the table shows it: its name (the overview is the detail page's).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct FeatureName {
    pub name: String,
}

/// `GET /models`, read for the catalogue.
#[derive(Debug, Deserialize)]
pub struct CatalogueList {
    pub models: Vec<ModelSummary>,
}

/// The key is there and not `null`; its value is skipped without being built.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Option::<IgnoredAny>::deserialize(deserializer).map(|v| v.is_some())
}

impl ModelSummary {
    pub fn hosting(&self) -> Hosting {
        let has_hosting_group = self.has_container_config
            || self.has_auto_scaling_config
            || self.has_load_balancer_config
            || self.instance_type.is_some()
            || self.has_inference_container;
        hosting_from(has_hosting_group, self.hosting_type.as_ref())
    }

    /// The feature names, comma-separated ("" without features).
    pub fn features_text(&self) -> String {
        self.features.as_deref().unwrap_or_default().iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::hosting_of;
    use lisa_api::LisaModel;
    use serde_json::json;

    fn both(value: serde_json::Value) -> (LisaModel, ModelSummary) {
        (serde_json::from_value(value.clone()).unwrap(), serde_json::from_value(value).unwrap())
    }

    #[test]
    fn reads_what_the_full_model_reads() {
        let (full, summary) = both(json!({
            "modelId": "m", "modelName": "n", "modelDescription": "d", "modelType": "embedding", "status": "Stopping",
            "streaming": true, "hostingType": "internal_hosted", "modelUrl": "https://x", "instanceType": "g5.xlarge",
            "features": [{"name": "a", "overview": "o"}, {"name": "b"}], "allowedGroups": ["g"], "contextWindow": 8192,
            "inferenceContainer": "vllm", "guardrailsConfig": null,
        }));
        assert_eq!(
            (&summary.model_id, &summary.model_name, &summary.model_description, &summary.model_type, &summary.status),
            (&full.model_id, &full.model_name, &full.model_description, &full.model_type, &full.status)
        );
        assert_eq!((summary.streaming, &summary.hosting_type, &summary.instance_type), (full.streaming, &full.hosting_type, &full.instance_type));
        assert_eq!((&summary.allowed_groups, summary.context_window), (&full.allowed_groups, full.context_window));
        assert_eq!(summary.features_text(), "a, b");
        assert_eq!(summary.hosting(), Hosting::LisaHosted);
    }

    #[test]
    fn an_odd_setting_no_column_shows_still_makes_a_row() {
        let odd = json!({"modelId": "m", "modelType": "textgen", "status": "InService",
            "containerConfig": {"whatever": [1, {"deep": null}]}, "guardrailsConfig": "?"});
        assert!(serde_json::from_value::<LisaModel>(odd.clone()).is_err(), "the detail page says it cannot read it");
        let summary: ModelSummary = serde_json::from_value(odd).unwrap();
        assert_eq!(summary.hosting(), Hosting::LisaHosted);
    }

    #[test]
    fn hosting_agrees_with_the_full_model() {
        let hosted_parts = [
            ("containerConfig", json!({"image": {"baseImage": "i", "type": "asset"}, "sharedMemorySize": 1,
                "healthCheckConfig": {"command": ["x"], "interval": 1, "startPeriod": 1, "timeout": 1, "retries": 1}})),
            ("autoScalingConfig", json!({"blockDeviceVolumeSize": 50, "minCapacity": 1, "maxCapacity": 1, "cooldown": 1,
                "defaultInstanceWarmup": 1, "metricConfig": {"albMetricName": "a", "targetValue": 1, "duration": 1,
                "estimatedInstanceWarmup": 1}})),
            ("loadBalancerConfig", json!({"healthCheckConfig": {"path": "/", "interval": 1, "timeout": 1,
                "healthyThresholdCount": 1, "unhealthyThresholdCount": 1}})),
            ("instanceType", json!("g5.xlarge")),
            ("inferenceContainer", json!("vllm")),
        ];
        for hosting_type in [json!(null), json!("third_party"), json!("internal_hosted"), json!("lisa_hosted")] {
            let base = json!({"modelId": "m", "modelType": "textgen", "status": "InService", "hostingType": hosting_type});
            let (full, summary) = both(base.clone());
            assert_eq!(summary.hosting(), hosting_of(&full), "{base}");
            for (key, value) in &hosted_parts {
                for value in [value.clone(), json!(null)] {
                    let mut m = base.clone();
                    m[*key] = value;
                    let (full, summary) = both(m.clone());
                    assert_eq!(summary.hosting(), hosting_of(&full), "{m}");
                }
            }
        }
    }

    #[test]
    fn refuses_what_the_full_model_refuses_for_its_own_keys() {
        for bad in [
            json!({"modelType": "textgen", "status": "InService"}),
            json!({"modelId": "m", "status": "InService"}),
            json!({"modelId": "m", "modelType": "textgen"}),
            json!({"modelId": 42, "modelType": "textgen", "status": "InService"}),
            json!({"modelId": "m", "modelType": "textgen", "status": "InService", "contextWindow": "big"}),
            json!({"modelId": "m", "modelType": "textgen", "status": "InService", "features": [{"overview": "x"}]}),
            json!({"modelId": "m", "modelType": "textgen", "status": "InService", "allowedGroups": "g"}),
        ] {
            assert!(serde_json::from_value::<LisaModel>(bad.clone()).is_err(), "{bad}");
            assert!(serde_json::from_value::<ModelSummary>(bad.clone()).is_err(), "{bad}");
        }
    }
}
