//! The demo deployment (`make dev` without `--empty`): the fixture catalogue's models, the seed
//! document's serve-list examples and a few more, so that every status, hosting type and model
//! type is on screen; plus the metrics of `demo_metrics`.

use std::sync::Arc;

use lisa_api::validate::state::AsgSize;
use serde_json::Value;

use crate::demo_config;
use crate::demo_metrics;
use crate::state::{Record, Shared, Store};
use crate::workflows;

/// LISAModel records as `GET /models` would list them.
const MODELS: &str = include_str!("../data/demo-models.json");

/// The record of a model in the middle (or at the end) of its lifecycle: the ASG and LiteLLM
/// registration match the status.
pub fn record_for(model: Value) -> Record {
    let mut record = Record::new(model);
    let hosted = record.is_hosted();
    let status = record.status().to_string();
    record.asg = match status.as_str() {
        _ if !hosted => None,
        "Creating" => None,
        "Stopped" | "Starting" => Some(AsgSize { min: 0, max: 0, desired: 0 }),
        _ => Some(record.configured_asg()),
    };
    // Updating models were in service; stopping and deleting ones have left LiteLLM already.
    record.litellm = matches!(status.as_str(), "InService" | "Updating");
    record
}

pub fn models() -> Vec<Record> {
    let list: Vec<Value> = serde_json::from_str(MODELS).unwrap_or_default();
    list.into_iter().map(record_for).collect()
}

/// Fills the store with the demo data (models, metrics, configuration) and lets the
/// transitional models finish.
pub fn load(shared: &Arc<Shared>, store: &mut Store) {
    for record in models() {
        store.models.insert(record.id().to_string(), record);
    }
    store.metrics = demo_metrics::users();
    demo_config::load(store);
    let ids: Vec<String> = store.models.keys().cloned().collect();
    for id in ids {
        workflows::resume(shared, store, &id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn demo_covers_every_status_hosting_and_type() {
        let records = models();
        assert!(records.len() >= 12);
        let set = |key: &str| -> BTreeSet<String> {
            records.iter().filter_map(|r| r.model.get(key)?.as_str().map(str::to_string)).collect()
        };
        assert_eq!(set("status").len(), 8, "{:?}", set("status"));
        assert_eq!(set("hostingType").len(), 3);
        assert_eq!(set("modelType").len(), 4);
        for id in ["bedrock-embed-text-v2", "titan-express-v1", "sagemaker-amazon-mistrallite", "llama-3-1-8b-instruct"] {
            let r = records.iter().find(|r| r.id() == id).expect(id);
            assert!(r.response_model().is_ok());
        }
        let serve: Vec<_> = records.iter().filter(|r| r.litellm).map(|r| r.id().to_string()).collect();
        assert!(serve.contains(&"titan-express-v1".to_string()));
        assert!(!serve.contains(&"bge-large-en".to_string()));
    }
}
