//! The user lookup: LISA has no endpoint that lists users, so the admin types an id. Recent
//! lookups are kept (in sessionStorage, as a JSON array) and offered as links.

use lisa_api::metrics::UserMetrics;

/// How many recent lookups are kept.
pub const RECENT_LIMIT: usize = 8;

/// Longest id accepted; LISA's usernames are far shorter, and API Gateway limits path length.
const MAX_ID_CHARS: usize = 512;

/// Validate what was typed into the lookup box; the `Ok` value is the id to look up.
pub fn check_user_id(input: &str) -> Result<String, String> {
    let id = input.trim();
    if id.is_empty() {
        return Err("Enter a user id, for example john.doe@company.com.".to_string());
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Err(format!("A user id has at most {MAX_ID_CHARS} characters."));
    }
    if id.chars().any(char::is_control) {
        return Err("A user id cannot contain control characters.".to_string());
    }
    if let Some(problem) = unreachable_id(id) {
        return Err(problem);
    }
    Ok(id.to_string())
}

/// Ids LISA's API cannot answer for: `GET /metrics/users/all` is the aggregate route, so a user
/// literally named `all` is shadowed by it.
pub fn unreachable_id(id: &str) -> Option<String> {
    (id == "all").then(|| {
        "LISA cannot show metrics for a user named \"all\": its API sends that id to the all-users \
         summary."
            .to_string()
    })
}

/// Read the stored list. The value is untrusted (another script may have written it): anything
/// that is not a JSON array of strings counts as empty, and the list is cleaned up.
pub fn parse_recent(stored: Option<&str>) -> Vec<String> {
    let Some(text) = stored else { return Vec::new() };
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for id in items.iter().filter_map(|v| v.as_str()) {
        if check_user_id(id).is_ok() && !out.iter().any(|o| o == id) && out.len() < RECENT_LIMIT {
            out.push(id.to_string());
        }
    }
    out
}

/// The list after looking up `id`: it moves to the front, duplicates go, the oldest drop off.
pub fn remember(mut list: Vec<String>, id: &str) -> Vec<String> {
    list.retain(|x| x != id);
    list.insert(0, id.to_string());
    list.truncate(RECENT_LIMIT);
    list
}

pub fn recent_json(list: &[String]) -> String {
    serde_json::Value::from(list.to_vec()).to_string()
}

/// What the user page shows for an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum UserAnswer {
    /// LISA answers an unknown user with zeros and nulls, not 404.
    NoActivity,
    Found {
        /// The id as LISA keyed it, when it differs from the one asked for (case, encoding).
        stored_as: Option<String>,
        user: UserMetrics,
    },
}

/// Interpret a `GET /metrics/users/{id}` body (already unwrapped from its envelope): the single
/// entry whatever its key.
pub fn user_answer(asked: &str, entry: Option<(String, UserMetrics)>) -> UserAnswer {
    match entry {
        None => UserAnswer::NoActivity,
        Some((_, user)) if user.is_empty() => UserAnswer::NoActivity,
        Some((key, user)) => UserAnswer::Found { stored_as: (key != asked).then_some(key), user },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lisa_api::metrics::single_user_entry;
    use std::collections::BTreeMap;

    #[test]
    fn lookup_input() {
        assert_eq!(check_user_id("  john.doe@company.com "), Ok("john.doe@company.com".into()));
        assert!(check_user_id("   ").is_err());
        assert!(check_user_id("a\u{0}b").is_err());
        assert!(check_user_id(&"x".repeat(513)).is_err());
        assert!(check_user_id("all").unwrap_err().contains("all-users"));
        assert_eq!(check_user_id("All"), Ok("All".into()));
    }

    #[test]
    fn recent_list() {
        let list = remember(Vec::new(), "a");
        let list = remember(list, "b");
        let list = remember(list, "a");
        assert_eq!(list, ["a", "b"]);
        let mut long = Vec::new();
        for i in 0..20 {
            long = remember(long, &i.to_string());
        }
        assert_eq!(long.len(), RECENT_LIMIT);
        assert_eq!(long[0], "19");
        let json = recent_json(&list);
        assert_eq!(parse_recent(Some(&json)), list);
    }

    #[test]
    fn stored_list_is_untrusted() {
        assert!(parse_recent(None).is_empty());
        assert!(parse_recent(Some("{not json")).is_empty());
        assert!(parse_recent(Some("{\"a\":1}")).is_empty());
        assert_eq!(parse_recent(Some(r#"["a", 3, "", "a", "all", null, "b"]"#)), ["a", "b"]);
        let many = recent_json(&(0..30).map(|i| i.to_string()).collect::<Vec<_>>());
        assert_eq!(parse_recent(Some(&many)).len(), RECENT_LIMIT);
    }

    #[test]
    fn answers() {
        let unknown: BTreeMap<String, UserMetrics> = serde_json::from_str(
            r#"{"nobody":{"totalPrompts":0,"ragUsageCount":0,"mcpToolCallsCount":0,"mcpToolUsage":{},
                "userGroups":[],"sessionMetrics":{},"firstSeen":null,"lastSeen":null}}"#,
        )
        .unwrap();
        assert_eq!(user_answer("nobody", single_user_entry(unknown)), UserAnswer::NoActivity);
        assert_eq!(user_answer("x", None), UserAnswer::NoActivity);
        let known: BTreeMap<String, UserMetrics> =
            serde_json::from_str(r#"{"johnDoe":{"totalPrompts":20.0,"firstSeen":"2025-07-01T16:47:21"}}"#).unwrap();
        match user_answer("JohnDoe", single_user_entry(known.clone())) {
            UserAnswer::Found { stored_as, user } => {
                assert_eq!(stored_as.as_deref(), Some("johnDoe"));
                assert_eq!(user.total_prompts, 20.0);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            user_answer("johnDoe", single_user_entry(known)),
            UserAnswer::Found { stored_as: None, .. }
        ));
    }
}
