//! The list editors as HTML: environment variables, features, guardrails.

use super::form_parts::{add_button, card, card_end, esc, remove_button, section_messages, select, text, REQUIRED};
use crate::model_form::rows::{EnvRow, FeatureRow, GuardrailRow, KNOWN_FEATURES};

/// The environment rows (the content of `#rows-env`).
pub fn env_rows(out: &mut String, rows: &[EnvRow]) {
    for (i, r) in rows.iter().enumerate() {
        out.push_str(r#"<div class="row-line">"#);
        text(out, &format!("containerConfig.environment.{i}.key"), &format!("Name {}", i + 1), "", 0, "", &r.key);
        text(out, &format!("containerConfig.environment.{i}.value"), &format!("Value {}", i + 1), "", 0, "", &r.value);
        remove_button(out, "remove-env", i, "variable");
        out.push_str("</div>");
    }
}

/// Stored variables an edit removes (the content of `#env-removed`), each with a way back.
pub fn removed_env(out: &mut String, removed: &[EnvRow]) {
    if removed.is_empty() {
        return;
    }
    out.push_str(r#"<p class="hint">Removed from the running container when you save (sent as LISA_MARKED_FOR_DELETION, because LISA replaces the whole environment):</p><ul>"#);
    for (i, r) in removed.iter().enumerate() {
        out.push_str(&format!(
            r#"<li><del>{}</del> <button type="button" class="button small" data-action="keep-env" data-index="{i}" aria-label="Keep {}">Keep</button></li>"#,
            esc(&r.key),
            esc(&r.key)
        ));
    }
    out.push_str("</ul>");
}

pub fn env_editor(out: &mut String, rows: &[EnvRow], removed: Option<&[EnvRow]>) {
    out.push_str(r#"<fieldset class="rows env-rows"><legend>Environment variables</legend>"#);
    section_messages(out, "section.environment");
    out.push_str(r#"<div id="rows-env">"#);
    env_rows(out, rows);
    out.push_str("</div>");
    add_button(out, "add-env", "env-add", "Add variable");
    if let Some(removed) = removed {
        out.push_str(r#"<div class="removed-env" id="env-removed">"#);
        removed_env(out, removed);
        out.push_str("</div>");
    }
    out.push_str("</fieldset>");
}

/// The feature rows (the content of `#rows-features`).
pub fn feature_rows(out: &mut String, rows: &[FeatureRow]) {
    for (i, r) in rows.iter().enumerate() {
        out.push_str(r#"<div class="row-line">"#);
        text(out, &format!("features.{i}.name"), &format!("Feature {}", i + 1), "", 0, "feature-names", &r.name);
        text(out, &format!("features.{i}.overview"), "Overview", "", 0, "", &r.overview);
        remove_button(out, "remove-feature", i, "feature");
        out.push_str("</div>");
    }
}

const GUARDRAIL_MODES: [(&str, &str); 3] = [("pre_call", "Before the call"), ("during_call", "During the call"), ("post_call", "After the call")];

/// The guardrail rows (the content of `#rows-guardrails`).
pub fn guardrail_rows(out: &mut String, rows: &[GuardrailRow]) {
    for (i, r) in rows.iter().enumerate() {
        let k = |f: &str| format!("guardrailsConfig.{i}.{f}");
        out.push_str(&format!(r#"<fieldset class="guardrail"><legend>Guardrail {}</legend><div class="grid">"#, i + 1));
        text(out, &k("guardrailName"), "Name", "", REQUIRED, "", &r.name);
        text(out, &k("guardrailIdentifier"), "Bedrock guardrail id", "", REQUIRED, "", &r.identifier);
        text(out, &k("guardrailVersion"), "Version", "", 0, "", &r.version);
        select(out, &k("mode"), "Applies", &GUARDRAIL_MODES, &r.mode);
        text(out, &k("description"), "Description", "", 0, "", &r.description);
        text(out, &k("allowedGroups"), "Applies to groups", "Comma-separated; blank means everyone.", 0, "", &r.allowed_groups);
        out.push_str("</div>");
        remove_button(out, "remove-guardrail", i, "guardrail");
        out.push_str("</fieldset>");
    }
}

/// Features and guardrails, one card.
pub fn extras(out: &mut String, features: &[FeatureRow], guardrails: &[GuardrailRow], replaces: bool) {
    card(out, "section-extras", "Features and guardrails", "", "");
    out.push_str(&format!(
        r#"<fieldset class="rows"><legend>Features</legend><p class="hint">What the model can do, as LISA's chat UI reads it: {}.</p><datalist id="feature-names">"#,
        KNOWN_FEATURES.join(", ")
    ));
    for f in KNOWN_FEATURES {
        out.push_str(&format!(r#"<option value="{f}"></option>"#));
    }
    out.push_str("</datalist>");
    section_messages(out, "section.features");
    out.push_str(r#"<div id="rows-features">"#);
    feature_rows(out, features);
    out.push_str("</div>");
    add_button(out, "add-feature", "feature-add", "Add feature");
    out.push_str(r#"</fieldset><fieldset class="rows"><legend>Guardrails</legend>"#);
    if replaces {
        out.push_str(r#"<p class="hint">LISA replaces the whole list: a guardrail removed here is deleted when you save.</p>"#);
    }
    section_messages(out, "section.guardrails");
    out.push_str(r#"<div id="rows-guardrails">"#);
    guardrail_rows(out, guardrails);
    out.push_str("</div>");
    add_button(out, "add-guardrail", "guardrail-add", "Add guardrail");
    out.push_str("</fieldset>");
    card_end(out);
}

