//! Which keys of a create body LISA reads. LISA ignores every other key (lisa-api.md §0: "Unknown
//! JSON keys are ignored by every request model"), so an import lists them and leaves them out:
//! a typo (`"streamng": true`) is then visible instead of silently lost. The schedule fields
//! LISA maintains itself (`scheduleEnabled`, `nextScheduledAction`, …) are accepted by LISA but
//! must not be sent (§4.2, V70), so they are left out too, and listed apart.

use serde_json::Value;

/// What a key holds.
enum Shape {
    /// A value of its own (string, number, bool, list of strings…).
    Leaf,
    Object(&'static [(&'static str, Shape)]),
    /// A map with free keys (environment, guardrails), each value of this shape.
    Map(&'static Shape),
    /// A list, each item of this shape.
    List(&'static Shape),
    /// Accepted by LISA, maintained by LISA: left out.
    Maintained,
}

use Shape::{Leaf, List, Maintained, Map, Object};

const DAY: Shape = Object(&[("startTime", Leaf), ("stopTime", Leaf)]);

const SCHEDULING: Shape = Object(&[
    ("scheduleType", Leaf),
    ("timezone", Leaf),
    ("recurringSchedule", DAY),
    (
        "dailySchedule",
        Object(&[
            ("monday", DAY),
            ("tuesday", DAY),
            ("wednesday", DAY),
            ("thursday", DAY),
            ("friday", DAY),
            ("saturday", DAY),
            ("sunday", DAY),
        ]),
    ),
    ("scheduleEnabled", Maintained),
    ("scheduleConfigured", Maintained),
    ("lastScheduleFailed", Maintained),
    ("lastScheduleUpdate", Maintained),
    ("scheduledActionArns", Maintained),
    ("nextScheduledAction", Maintained),
    ("lastScheduleFailure", Maintained),
]);

const GUARDRAIL: Shape = Object(&[
    ("guardrailName", Leaf),
    ("guardrailIdentifier", Leaf),
    ("guardrailVersion", Leaf),
    ("mode", Leaf),
    ("description", Leaf),
    ("allowedGroups", Leaf),
    ("markedForDeletion", Leaf),
]);

const CREATE: Shape = Object(&[
    ("modelId", Leaf),
    ("modelName", Leaf),
    ("modelType", Leaf),
    ("modelDescription", Leaf),
    ("modelUrl", Leaf),
    ("streaming", Leaf),
    ("features", List(&Object(&[("name", Leaf), ("overview", Leaf)]))),
    ("allowedGroups", Leaf),
    ("apiKey", Leaf),
    ("guardrailsConfig", Map(&GUARDRAIL)),
    ("hostingType", Leaf),
    ("instanceType", Leaf),
    ("inferenceContainer", Leaf),
    (
        "containerConfig",
        Object(&[
            ("image", Object(&[("baseImage", Leaf), ("type", Leaf)])),
            ("sharedMemorySize", Leaf),
            (
                "healthCheckConfig",
                Object(&[("command", Leaf), ("interval", Leaf), ("startPeriod", Leaf), ("timeout", Leaf), ("retries", Leaf)]),
            ),
            ("environment", Leaf),
            ("memoryReservation", Leaf),
        ]),
    ),
    (
        "autoScalingConfig",
        Object(&[
            ("blockDeviceVolumeSize", Leaf),
            ("minCapacity", Leaf),
            ("maxCapacity", Leaf),
            ("desiredCapacity", Leaf),
            ("cooldown", Leaf),
            ("defaultInstanceWarmup", Leaf),
            (
                "metricConfig",
                Object(&[("albMetricName", Leaf), ("targetValue", Leaf), ("duration", Leaf), ("estimatedInstanceWarmup", Leaf)]),
            ),
            ("scheduling", SCHEDULING),
        ]),
    ),
    (
        "loadBalancerConfig",
        Object(&[(
            "healthCheckConfig",
            Object(&[
                ("path", Leaf),
                ("interval", Leaf),
                ("timeout", Leaf),
                ("healthyThresholdCount", Leaf),
                ("unhealthyThresholdCount", Leaf),
            ]),
        )]),
    ),
]);

/// What [`strip`] took out of a body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stripped {
    /// Keys LISA ignores, as dotted paths.
    pub ignored: Vec<String>,
    /// Schedule fields LISA maintains itself.
    pub maintained: Vec<String>,
}

/// Remove from a create body every key LISA would not read, and every server-maintained
/// schedule field; say which. Values of the wrong type are left alone (the rules report them).
pub fn strip(body: &mut Value) -> Stripped {
    let mut out = Stripped::default();
    walk(body, &CREATE, "", &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(value: &mut Value, shape: &Shape, path: &str, out: &mut Stripped) {
    match (shape, value) {
        (Object(fields), Value::Object(map)) => {
            let mut remove = Vec::new();
            for (key, v) in map.iter_mut() {
                match fields.iter().find(|(name, _)| name == key) {
                    Some((_, Maintained)) => {
                        out.maintained.push(join(path, key));
                        remove.push(key.clone());
                    }
                    Some((_, inner)) => walk(v, inner, &join(path, key), out),
                    None => {
                        out.ignored.push(join(path, key));
                        remove.push(key.clone());
                    }
                }
            }
            for key in remove {
                map.remove(&key);
            }
        }
        (Map(inner), Value::Object(map)) => {
            for (key, v) in map.iter_mut() {
                walk(v, inner, &join(path, key), out);
            }
        }
        (List(inner), Value::Array(items)) => {
            for (i, v) in items.iter_mut().enumerate() {
                walk(v, inner, &join(path, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_keys_at_every_level_are_listed_and_removed() {
        let mut body = json!({
            "modelId": "m", "streamng": true, "status": "InService",
            "features": [{"name": "a", "overview": "", "extra": 1}],
            "guardrailsConfig": {"g": {"guardrailName": "g", "guardrailIdentifier": "x", "colour": "red"}},
            "containerConfig": {"image": {"baseImage": "b", "type": "asset", "tag": "1"}, "environment": {"ANY": "kept"}},
            "autoScalingConfig": {"scheduling": {"scheduleType": "DAILY", "scheduleEnabled": true,
                "dailySchedule": {"monday": {"startTime": "09:00", "stopTime": "17:00", "x": 1}, "funday": null}}},
        });
        let s = strip(&mut body);
        assert_eq!(
            s.ignored,
            [
                "autoScalingConfig.scheduling.dailySchedule.funday",
                "autoScalingConfig.scheduling.dailySchedule.monday.x",
                "containerConfig.image.tag",
                "features.0.extra",
                "guardrailsConfig.g.colour",
                "status",
                "streamng"
            ]
        );
        assert_eq!(s.maintained, ["autoScalingConfig.scheduling.scheduleEnabled"]);
        assert_eq!(body["containerConfig"]["environment"], json!({"ANY": "kept"}), "environment names are free");
        assert!(body.get("streamng").is_none() && body.get("status").is_none());
        assert!(body["autoScalingConfig"]["scheduling"].get("scheduleEnabled").is_none());
    }

    #[test]
    fn wrong_types_are_left_to_the_rules() {
        let mut body = json!({"modelId": 5, "containerConfig": "text", "features": {"a": 1}});
        let s = strip(&mut body);
        assert!(s.ignored.is_empty() && s.maintained.is_empty());
        assert_eq!(body, json!({"modelId": 5, "containerConfig": "text", "features": {"a": 1}}));
    }
}
