//! Metrics API bodies (lisa-api.md §7).
//!
//! Counters arrive as DynamoDB decimals rendered as floats (`20.0`), or as integer `0` when
//! defaulted, so every counter is `f64`. The `{"statusCode","body"}` envelope is unwrapped by
//! [`crate::error::decode_metrics`], not here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One user's record: the value under the user-id key of `GET /metrics/users/{userId}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserMetrics {
    #[serde(default)]
    pub total_prompts: f64,
    #[serde(default)]
    pub rag_usage_count: f64,
    #[serde(default)]
    pub mcp_tool_calls_count: f64,
    #[serde(default)]
    pub mcp_tool_usage: BTreeMap<String, f64>,
    /// Stored as a set: the order is not stable.
    #[serde(default)]
    pub user_groups: Vec<String>,
    #[serde(default)]
    pub session_metrics: BTreeMap<String, SessionMetrics>,
    #[serde(default)]
    pub first_seen: Option<String>,
    #[serde(default)]
    pub last_seen: Option<String>,
}

impl UserMetrics {
    /// LISA answers an unknown user with zeros and nulls, not 404.
    pub fn is_empty(&self) -> bool {
        self.total_prompts == 0.0
            && self.rag_usage_count == 0.0
            && self.mcp_tool_calls_count == 0.0
            && self.mcp_tool_usage.is_empty()
            && self.session_metrics.is_empty()
            && self.first_seen.is_none()
            && self.last_seen.is_none()
    }

    /// Token totals summed over the sessions: LISA stores per-user totals but never returns them.
    pub fn token_totals(&self) -> TokenTotals {
        let mut totals = TokenTotals::default();
        for session in self.session_metrics.values() {
            if let Some(p) = session.prompt_tokens {
                totals.prompt_tokens += p;
                totals.sessions_with_tokens += 1;
            }
            if let Some(c) = session.completion_tokens {
                totals.completion_tokens += c;
                if session.prompt_tokens.is_none() {
                    totals.sessions_with_tokens += 1;
                }
            }
        }
        totals
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TokenTotals {
    pub prompt_tokens: f64,
    pub completion_tokens: f64,
    /// How many sessions reported any token count (older records have none).
    pub sessions_with_tokens: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionMetrics {
    #[serde(default)]
    pub total_prompts: f64,
    /// Note: `ragUsage` here, `ragUsageCount` on the user.
    #[serde(default)]
    pub rag_usage: f64,
    #[serde(default)]
    pub mcp_tool_calls_count: f64,
    #[serde(default)]
    pub mcp_tool_usage: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
}

/// `GET /metrics/users/all` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllUsersMetrics {
    #[serde(default)]
    pub total_unique_users: f64,
    #[serde(default)]
    pub total_prompts: f64,
    #[serde(default)]
    pub total_rag_usage: f64,
    #[serde(default)]
    pub rag_usage_percentage: f64,
    #[serde(rename = "totalMCPToolCalls", default)]
    pub total_mcp_tool_calls: f64,
    #[serde(default)]
    pub mcp_tool_calls_percentage: f64,
    #[serde(default)]
    pub mcp_tool_usage: BTreeMap<String, f64>,
    #[serde(default)]
    pub user_groups: BTreeMap<String, f64>,
}

/// The single-user body is keyed by the user id. The key may differ in case or encoding from
/// what was typed, so take the one entry whatever its key.
pub fn single_user_entry(body: BTreeMap<String, UserMetrics>) -> Option<(String, UserMetrics)> {
    body.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_totals_sum_sessions_that_report_them() {
        let user: UserMetrics = serde_json::from_str(
            r#"{"sessionMetrics":{
                "a":{"totalPrompts":1,"promptTokens":100.0,"completionTokens":50.0},
                "b":{"totalPrompts":2,"promptTokens":10},
                "c":{"totalPrompts":3}}}"#,
        )
        .unwrap();
        let totals = user.token_totals();
        assert_eq!(totals.prompt_tokens, 110.0);
        assert_eq!(totals.completion_tokens, 50.0);
        assert_eq!(totals.sessions_with_tokens, 2);
    }
}
