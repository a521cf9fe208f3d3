//! Demo metrics table: the seed document's `johnDoe`, `john.doe@company.com`, and enough other
//! users (deterministic pseudo-random) for the metrics pages to have something to chart.
//! `/metrics/users/all` is computed from these same records.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::clock;

/// A small deterministic generator (64-bit LCG): the same demo every run, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    pub fn uuid(&mut self) -> String {
        let (a, b, c, d, e) = (self.next_u64(), self.next_u64(), self.next_u64(), self.next_u64(), self.next_u64());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            (a ^ (b << 16)) & 0xffff_ffff,
            c & 0xffff,
            d & 0xfff,
            (e & 0x3fff) | 0x8000,
            (a << 20 ^ b ^ c << 7) & 0xffff_ffff_ffff
        )
    }
}

pub const TOOLS: [&str; 8] = [
    "GMAIL-SEND-EMAIL",
    "GOOGLE_CALENDAR-LIST-EVENTS",
    "JIRA-CREATE-ISSUE",
    "SLACK-POST-MESSAGE",
    "GITHUB-SEARCH-CODE",
    "CONFLUENCE-SEARCH",
    "WEB-SEARCH",
    "S3-LIST-OBJECTS",
];

const GROUPS: [&str; 9] = [
    "lisa-enjoyers",
    "coffee-lovers",
    "tea-lovers",
    "research",
    "platform-admins",
    "ml-team",
    "support",
    "design",
    "contractors",
];

const MODELS: [&str; 6] = [
    "llama-3-1-8b-instruct",
    "claude-3-5-haiku",
    "titan-express-v1",
    "sagemaker-amazon-mistrallite",
    "qwen-2-5-32b-internal",
    "mistral-7b-instruct",
];

const USERS: [&str; 27] = [
    "john.doe@company.com",
    "jane.smith@company.com",
    "alice.nguyen@company.com",
    "bob.martinez@company.com",
    "carol.okafor@company.com",
    "dave.kim",
    "erin.jones",
    "frank.muller",
    "grace.hopper",
    "heidi.larsen",
    "ivan.petrov",
    "judy.chen",
    "mallory.brown",
    "niaj.patel",
    "olivia.rossi",
    "peggy.white",
    "rupert.green",
    "sybil.adams",
    "trent.walker",
    "uma.fernandes",
    "victor.nakamura",
    "wendy.li",
    "xavier.dubois",
    "yara.haddad",
    "zoe.schmidt",
    "svc-batch-summarizer",
    "a1b2c3d4-5678-90ab-cdef-1234567890ab",
];

/// The seed document's example user, exactly as documented (its other sessions make the totals
/// add up: 20 prompts, 1 RAG use, 12 tool calls).
pub fn john_doe() -> Value {
    json!({
        "totalPrompts": 20.0,
        "ragUsageCount": 1.0,
        "mcpToolCallsCount": 12.0,
        "mcpToolUsage": {"GMAIL-SEND-EMAIL": 11.0, "GOOGLE_CALENDAR-LIST-EVENTS": 1.0},
        "userGroups": ["lisa-enjoyers", "coffee-lovers"],
        "sessionMetrics": {
            "c6d20198-b1b1-46d9-8bec-3ddaafeb96a6": {
                "ragUsage": 0.0, "mcpToolUsage": {"GMAIL-SEND-EMAIL": 3.0}, "totalPrompts": 5.0, "mcpToolCallsCount": 3.0
            },
            "0b7f3c2e-9a41-4d8e-b6a5-2f1e8c7d9a10": {
                "ragUsage": 1.0, "mcpToolUsage": {"GMAIL-SEND-EMAIL": 5.0, "GOOGLE_CALENDAR-LIST-EVENTS": 1.0},
                "totalPrompts": 8.0, "mcpToolCallsCount": 6.0
            },
            "5d2a9e61-7c3b-4f0a-8e12-b94c6d1a3f77": {
                "ragUsage": 0.0, "mcpToolUsage": {"GMAIL-SEND-EMAIL": 3.0}, "totalPrompts": 7.0, "mcpToolCallsCount": 3.0
            }
        },
        "firstSeen": "2025-07-01T16:47:21.171855",
        "lastSeen": "2025-07-17T19:51:16.036882"
    })
}

/// One session. `tools` limits which tool names it may use.
pub fn session(rng: &mut Rng, tools: &[String], with_tokens: bool) -> Value {
    let prompts = rng.range(1, 14);
    let rag = if rng.chance(35) { rng.range(1, prompts.min(4)) } else { 0 };
    let mut usage = Map::new();
    let mut calls = 0;
    if !tools.is_empty() && rng.chance(45) {
        for _ in 0..rng.range(1, 3) {
            let n = rng.range(1, 4);
            let tool = rng.pick(tools).clone();
            let entry = usage.entry(tool).or_insert(json!(0.0));
            *entry = json!(entry.as_f64().unwrap_or(0.0) + n as f64);
            calls += n;
        }
    }
    let mut s = json!({
        "totalPrompts": prompts as f64,
        "ragUsage": rag as f64,
        "mcpToolCallsCount": calls as f64,
        "mcpToolUsage": usage,
    });
    if with_tokens {
        s["promptTokens"] = json!((prompts * rng.range(150, 1800)) as f64);
        s["completionTokens"] = json!((prompts * rng.range(80, 900)) as f64);
        s["modelId"] = json!(rng.pick(&MODELS));
    }
    s
}

/// A user record whose totals are the sums over its sessions.
pub fn user(rng: &mut Rng, sessions: usize, tools: &[String], groups: Vec<String>, modern: bool) -> Value {
    let mut metrics = Map::new();
    let (mut prompts, mut rag, mut calls) = (0.0, 0.0, 0.0);
    let mut usage: BTreeMap<String, f64> = BTreeMap::new();
    for _ in 0..sessions {
        let with_tokens = modern && rng.chance(75);
        let s = session(rng, tools, with_tokens);
        prompts += s["totalPrompts"].as_f64().unwrap_or(0.0);
        rag += s["ragUsage"].as_f64().unwrap_or(0.0);
        calls += s["mcpToolCallsCount"].as_f64().unwrap_or(0.0);
        if let Some(u) = s["mcpToolUsage"].as_object() {
            for (k, v) in u {
                *usage.entry(k.clone()).or_default() += v.as_f64().unwrap_or(0.0);
            }
        }
        metrics.insert(rng.uuid(), s);
    }
    // First seen in the second half of 2025; newer records carry an explicit offset.
    let first = clock::days_from_civil(2025, 6, 1) + rng.range(0, 180) as i64;
    let last = first + rng.range(0, 150) as i64;
    let stamp = |day: i64, rng: &mut Rng| {
        let secs = day * 86_400 + rng.range(0, 86_399) as i64;
        let micros = rng.range(0, 999_999) as u32;
        if modern {
            clock::iso_micros(secs, micros)
        } else {
            clock::iso_naive(secs, micros)
        }
    };
    json!({
        "totalPrompts": prompts,
        "ragUsageCount": rag,
        "mcpToolCallsCount": calls,
        "mcpToolUsage": usage,
        "userGroups": groups,
        "sessionMetrics": metrics,
        "firstSeen": stamp(first, rng),
        "lastSeen": stamp(last, rng),
    })
}

pub fn users() -> BTreeMap<String, Value> {
    let mut rng = Rng::new(66);
    let tools: Vec<String> = TOOLS.iter().map(|t| t.to_string()).collect();
    let mut table = BTreeMap::new();
    table.insert("johnDoe".to_string(), john_doe());
    for (i, name) in USERS.iter().enumerate() {
        let mut groups: Vec<String> = Vec::new();
        for _ in 0..rng.range(0, 3) {
            let g = rng.pick(&GROUPS).to_string();
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
        let sessions = rng.range(1, 12) as usize;
        table.insert(name.to_string(), user(&mut rng, sessions, &tools, groups, i % 4 != 3));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_are_consistent_and_include_the_seed_examples() {
        let table = users();
        assert!(table.len() >= 25);
        assert_eq!(table["johnDoe"]["totalPrompts"], json!(20.0));
        assert!(table.contains_key("john.doe@company.com"));
        for (id, u) in &table {
            let sessions = u["sessionMetrics"].as_object().unwrap();
            assert!(!sessions.is_empty(), "{id}");
            let sum: f64 = sessions.values().map(|s| s["totalPrompts"].as_f64().unwrap()).sum();
            assert_eq!(u["totalPrompts"].as_f64(), Some(sum), "{id}");
            let calls: f64 = sessions.values().map(|s| s["mcpToolCallsCount"].as_f64().unwrap()).sum();
            assert_eq!(u["mcpToolCallsCount"].as_f64(), Some(calls), "{id}");
        }
        let with_tokens = table.values().flat_map(|u| u["sessionMetrics"].as_object().unwrap().values()).filter(|s| s.get("modelId").is_some()).count();
        assert!(with_tokens > 10);
        assert_eq!(users(), table, "deterministic");
    }
}
