//! Deterministic answers and the mock's token rule.
//!
//! A token is a whitespace-separated word together with the whitespace before it (trailing
//! whitespace goes with the last word), so the streamed pieces concatenate to exactly the
//! answer text, and `usage` counts exactly the pieces sent. Prompt tokens are the
//! whitespace-separated words of every message's text.

use serde_json::{Map, Value};

use crate::demo_metrics::Rng;

/// Splits `text` into tokens (see the module comment). Empty text has none; text made only of
/// whitespace is one token.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            if in_word {
                out.push(std::mem::take(&mut current));
                in_word = false;
            }
        } else {
            in_word = true;
        }
        current.push(ch);
    }
    if !current.is_empty() {
        match out.last_mut() {
            Some(last) if !in_word => last.push_str(&current),
            _ => out.push(current),
        }
    }
    out
}

/// FNV-1a over the parts (with a separator), the seed of every deterministic answer.
pub fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Python's truthiness of a JSON value (LISA reads `stream` and `include_usage` that way).
pub fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// The text of a message's `content`: a string, or the `text` of its parts.
fn content_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => {
            parts.iter().filter_map(|p| p.get("text").and_then(Value::as_str)).collect::<Vec<_>>().join(" ")
        }
        _ => String::new(),
    }
}

/// What the answer is made from, and what the usage and metrics count.
pub struct Prompt {
    pub last_user: String,
    pub tokens: u64,
    /// A message mentions "File context:" (LISA counts that as RAG use).
    pub file_context: bool,
}

/// Reads `messages`; `None` when it is missing, empty or not a list of objects.
pub fn prompt(body: &Map<String, Value>) -> Option<Prompt> {
    let messages = body.get("messages")?.as_array().filter(|m| !m.is_empty())?;
    let mut prompt = Prompt { last_user: String::new(), tokens: 0, file_context: false };
    for message in messages {
        let message = message.as_object()?;
        let text = content_text(message.get("content"));
        prompt.tokens += text.split_whitespace().count() as u64;
        prompt.file_context |= text.contains("File context:");
        if message.get("role").and_then(Value::as_str) == Some("user") {
            prompt.last_user = text;
        }
    }
    Some(prompt)
}

const WORDS: [&str; 48] = [
    "the", "model", "answers", "with", "a", "steady", "stream", "of", "plain", "words", "about", "latency", "tokens",
    "throughput", "and", "quality", "while", "every", "reply", "stays", "deterministic", "so", "tests", "can", "compare",
    "results", "across", "runs", "without", "surprises", "in", "timing", "or", "content", "for", "each", "prompt",
    "given", "here", "this", "mock", "server", "keeps", "its", "promises", "clearly", "today", "again",
];

fn quoted_echo(prompt: &str, words: usize) -> String {
    let echo: Vec<&str> = prompt.split_whitespace().take(words).collect();
    let more = if prompt.split_whitespace().count() > words { " …" } else { "" };
    format!("\"{}{more}\"", echo.join(" "))
}

/// The answer of `model_id` to `prompt`: names the model, echoes the start of the prompt, then
/// filler sentences with a paragraph break now and then. Exactly `target` tokens, or whole
/// sentences up to at least 40–99 tokens (from the hash). The same model and prompt always
/// give the same text.
pub fn answer(model_id: &str, prompt: &str, target: Option<u64>) -> Vec<String> {
    let seed = hash(&[model_id, prompt]);
    let exact = target.is_some();
    let target = target.unwrap_or(40 + seed % 60) as usize;
    let mut text = format!("Model {model_id} answering.");
    if !prompt.trim().is_empty() {
        text.push_str(&format!(" You asked: {}.", quoted_echo(prompt, 8)));
    }
    let mut rng = Rng::new(seed);
    let mut count = text.split_whitespace().count();
    while count < target {
        let length = rng.range(6, 12) as usize;
        let mut sentence: Vec<String> = (0..length).map(|_| rng.pick(&WORDS).to_string()).collect();
        sentence[0] = sentence[0][..1].to_uppercase() + &sentence[0][1..];
        let paragraph = if rng.chance(20) { "\n\n" } else { " " };
        text.push_str(&format!("{paragraph}{}.", sentence.join(" ")));
        count += length;
    }
    let mut pieces = tokens(&text);
    if exact {
        pieces.truncate(target);
    }
    pieces
}

/// What a reasoning model thinks before it answers (`reasoning_content`).
pub fn reasoning(model_id: &str, prompt: &str) -> Vec<String> {
    let subject = if prompt.trim().is_empty() { "\"nothing in particular\"".to_string() } else { quoted_echo(prompt, 5) };
    tokens(&format!("Thinking it over: the question is {subject}. As {model_id} I should answer briefly and plainly."))
}

/// A reasoning model: its id says so, or its features list `reasoning`.
pub fn is_reasoning(model: &Value) -> bool {
    let id = model.get("modelId").and_then(Value::as_str).unwrap_or("");
    let feature = model.get("features").and_then(Value::as_array).is_some_and(|list| {
        list.iter().any(|f| f.as_str().or_else(|| f.get("name").and_then(Value::as_str)) == Some("reasoning"))
    });
    id.to_ascii_lowercase().contains("reasoning") || feature
}

/// The answer as sent: reasoning first, then content, cut at `max_tokens`.
pub struct Plan {
    pub reasoning: Vec<String>,
    pub content: Vec<String>,
    pub finish_reason: &'static str,
}

impl Plan {
    pub fn new(mut reasoning: Vec<String>, mut content: Vec<String>, max_tokens: Option<u64>) -> Plan {
        let total = reasoning.len() + content.len();
        let max = max_tokens.map_or(usize::MAX, |m| m as usize);
        if total <= max {
            return Plan { reasoning, content, finish_reason: "stop" };
        }
        reasoning.truncate(max);
        content.truncate(max - reasoning.len());
        Plan { reasoning, content, finish_reason: "length" }
    }

    pub fn completion_tokens(&self) -> u64 {
        (self.reasoning.len() + self.content.len()) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_keep_every_character() {
        for text in ["Hello world", "  lead\n\nand  trail  ", "one", "", "   ", "<img src=x onerror=alert(1)>\tb"] {
            let pieces = tokens(text);
            assert_eq!(pieces.concat(), text);
            assert_eq!(pieces.len(), if text.trim().is_empty() { usize::from(!text.is_empty()) } else { text.split_whitespace().count() });
        }
        assert_eq!(tokens("a  b "), ["a", "  b "]);
    }

    #[test]
    fn answers_are_deterministic_and_name_the_model() {
        let a = answer("titan-express-v1", "What is LISA?", None);
        assert_eq!(a, answer("titan-express-v1", "What is LISA?", None));
        assert_ne!(a, answer("claude-3-5-haiku", "What is LISA?", None));
        assert!((40..112).contains(&a.len()));
        assert!(a.concat().ends_with('.'), "whole sentences");
        assert!(a.concat().starts_with("Model titan-express-v1 answering. You asked: \"What is LISA?\"."));
        assert_eq!(answer("m", "p", Some(1500)).len(), 1500);
        assert_eq!(answer("m", "p", Some(2)).concat(), "Model m");
    }

    #[test]
    fn max_tokens_cuts_reasoning_first() {
        let plan = Plan::new(tokens("a b c"), tokens("d e"), Some(4));
        assert_eq!((plan.reasoning.len(), plan.content.len(), plan.finish_reason), (3, 1, "length"));
        let plan = Plan::new(Vec::new(), tokens("d e"), Some(2));
        assert_eq!(plan.finish_reason, "stop");
    }

    #[test]
    fn prompts_and_truthiness() {
        let body = json!({"messages": [{"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "File context: x"}, {"type": "image_url"}]}]});
        let p = prompt(body.as_object().unwrap()).unwrap();
        assert_eq!((p.last_user.as_str(), p.tokens, p.file_context), ("File context: x", 5, true));
        assert!(prompt(json!({"messages": []}).as_object().unwrap()).is_none());
        assert!(truthy(Some(&json!(1))) && truthy(Some(&json!("no"))) && !truthy(Some(&json!(0))) && !truthy(None));
        assert!(is_reasoning(&json!({"modelId": "x", "features": [{"name": "reasoning"}]})));
        assert!(is_reasoning(&json!({"modelId": "deep-Reasoning-1"})));
    }
}
