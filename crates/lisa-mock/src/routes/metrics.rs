//! `GET /metrics/users/{userId}` and `GET /metrics/users/all` (lisa-api.md §7): the
//! `{"statusCode","body"}` envelope on HTTP 200, always with CORS, no admin check.

use std::collections::BTreeMap;

use serde_json::{json, Map, Number, Value};

use crate::http::{Cors, Reply};
use crate::state::Store;

fn envelope(body: Value) -> Reply {
    Reply::json(200, &json!({ "statusCode": 200, "body": body })).cors(Cors::Always)
}

/// The zero record LISA answers for a user with no metrics (integers, not floats: defaults).
pub fn empty_user() -> Value {
    json!({
        "totalPrompts": 0,
        "ragUsageCount": 0,
        "mcpToolCallsCount": 0,
        "mcpToolUsage": {},
        "userGroups": [],
        "sessionMetrics": {},
        "firstSeen": null,
        "lastSeen": null,
    })
}

pub fn user(store: &Store, user_id: &str) -> Reply {
    let record = store.metrics.get(user_id).cloned().unwrap_or_else(empty_user);
    let mut body = Map::new();
    body.insert(user_id.to_string(), record);
    envelope(Value::Object(body))
}

/// A counter as DynamoDB hands it back: a float when stored, integer 0 when the key is missing.
fn number(value: Option<&Value>) -> Option<f64> {
    value.and_then(Value::as_f64)
}

fn float(value: f64) -> Value {
    Number::from_f64(value).map(Value::Number).unwrap_or(json!(0))
}

/// The aggregate, computed from the same records `user` serves, so the two always agree.
pub fn all(store: &Store) -> Reply {
    let users = store.metrics.values();
    let (mut prompts, mut rag, mut mcp) = (None::<f64>, None::<f64>, None::<f64>);
    let mut tools: BTreeMap<String, f64> = BTreeMap::new();
    let mut groups: BTreeMap<String, u64> = BTreeMap::new();
    let add = |acc: &mut Option<f64>, v: Option<f64>| {
        if let Some(v) = v {
            *acc = Some(acc.unwrap_or(0.0) + v);
        }
    };
    for user in users {
        add(&mut prompts, number(user.get("totalPrompts")));
        add(&mut rag, number(user.get("ragUsageCount")));
        add(&mut mcp, number(user.get("mcpToolCallsCount")));
        if let Some(usage) = user.get("mcpToolUsage").and_then(Value::as_object) {
            for (tool, count) in usage {
                *tools.entry(tool.clone()).or_default() += count.as_f64().unwrap_or(0.0);
            }
        }
        if let Some(list) = user.get("userGroups").and_then(Value::as_array) {
            for group in list.iter().filter_map(Value::as_str) {
                *groups.entry(group.to_string()).or_default() += 1;
            }
        }
    }
    let total = |v: Option<f64>| v.map(float).unwrap_or(json!(0));
    let percent = |part: Option<f64>| match (part, prompts) {
        (Some(p), Some(t)) if t > 0.0 => float(p / t * 100.0),
        (None, Some(t)) if t > 0.0 => json!(0.0),
        _ => json!(0),
    };
    envelope(json!({
        "totalUniqueUsers": store.metrics.len(),
        "totalPrompts": total(prompts),
        "totalRagUsage": total(rag),
        "ragUsagePercentage": percent(rag),
        "totalMCPToolCalls": total(mcp),
        "mcpToolCallsPercentage": percent(mcp),
        "mcpToolUsage": tools.into_iter().map(|(k, v)| (k, float(v))).collect::<Map<_, _>>(),
        "userGroups": groups,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(reply: Reply) -> Value {
        let v: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(v["statusCode"], json!(200));
        v["body"].clone()
    }

    #[test]
    fn empty_table_gives_integer_zeros() {
        let b = body(all(&Store::default()));
        assert_eq!(
            b,
            json!({"totalUniqueUsers": 0, "totalPrompts": 0, "totalRagUsage": 0, "ragUsagePercentage": 0,
                   "totalMCPToolCalls": 0, "mcpToolCallsPercentage": 0, "mcpToolUsage": {}, "userGroups": {}})
        );
        assert!(b["totalPrompts"].is_u64());
    }

    #[test]
    fn seed_example_aggregates() {
        // The seed document's three users: 31 prompts, 1 RAG use, 12 tool calls.
        let mut store = Store::default();
        store.metrics.insert("johnDoe".into(), json!({"totalPrompts": 20.0, "ragUsageCount": 1.0, "mcpToolCallsCount": 12.0,
            "mcpToolUsage": {"GMAIL-SEND-EMAIL": 11.0, "GOOGLE_CALENDAR-LIST-EVENTS": 1.0}, "userGroups": ["lisa-enjoyers", "coffee-lovers"]}));
        store.metrics.insert("a".into(), json!({"totalPrompts": 6.0, "ragUsageCount": 0.0, "mcpToolCallsCount": 0.0, "mcpToolUsage": {}, "userGroups": ["tea-lovers", "lisa-enjoyers"]}));
        store.metrics.insert("b".into(), json!({"totalPrompts": 5.0, "ragUsageCount": 0.0, "mcpToolCallsCount": 0.0, "mcpToolUsage": {}, "userGroups": ["tea-lovers"]}));
        let b = body(all(&store));
        assert_eq!(b["totalUniqueUsers"], json!(3));
        assert_eq!(b["totalPrompts"], json!(31.0));
        assert_eq!(b["ragUsagePercentage"], json!(3.225806451612903));
        assert_eq!(b["mcpToolCallsPercentage"], json!(38.70967741935484));
        assert_eq!(b["userGroups"], json!({"tea-lovers": 2, "lisa-enjoyers": 2, "coffee-lovers": 1}));
        let u = body(user(&store, "nobody"));
        assert_eq!(u["nobody"], empty_user());
    }
}
