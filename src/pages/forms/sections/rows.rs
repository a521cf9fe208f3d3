//! List editors shared by both forms: environment variables, features, guardrails, and the
//! health-check command.

use leptos::prelude::*;
use lisa_contract::model_form::rows::{CommandForm, CommandMode, EnvRow, FeatureRow, GuardrailRow, KNOWN_FEATURES};

use crate::pages::forms::lens::Lens;
use crate::pages::forms::ui::{dyn_text, section_messages, use_form_ui, SelectField, TextArea, TextField};
use crate::{cell, part};

/// The "Remove" button of row `i`.
fn remove_button<R: Clone + Send + Sync + 'static>(rows: Lens<Vec<R>>, i: usize, what: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="button small subtle remove" aria-label=format!("Remove {what} {}", i + 1) on:click=move |_| rows.remove(i)>
            "Remove"
        </button>
    }
}

/// Environment variables as key/value rows. `removed` lists stored variables this edit drops
/// (they are sent as `LISA_MARKED_FOR_DELETION`, A9), each with a way back.
pub fn env_editor(rows: Lens<Vec<EnvRow>>, removed: Option<Signal<Vec<EnvRow>>>) -> impl IntoView {
    let count = Memo::new(move |_| rows.len());
    let removed_list = move || {
        let list = removed.map(|r| r.get()).unwrap_or_default();
        (!list.is_empty()).then(|| {
            view! {
                <div class="removed-env" id="env-removed">
                    <p class="hint">
                        "Removed from the running container when you save (sent as LISA_MARKED_FOR_DELETION, because LISA replaces the whole environment):"
                    </p>
                    <ul>
                        {list
                            .into_iter()
                            .map(|row| {
                                let name = row.key.clone();
                                view! {
                                    <li>
                                        <del>{name.clone()}</del>
                                        " "
                                        <button type="button" class="button small" aria-label=format!("Keep {name}") on:click=move |_| rows.update(|r| r.push(row.clone()))>
                                            "Keep"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! {
        <fieldset class="rows env-rows">
            <legend>"Environment variables"</legend>
            {section_messages("section.environment")}
            {move || (0..count.get()).map(|i| view! {
                <div class="row-line">
                    <TextField key=format!("containerConfig.environment.{i}.key") label=format!("Name {}", i + 1) value=cell!(rows, i, key) />
                    <TextField key=format!("containerConfig.environment.{i}.value") label=format!("Value {}", i + 1) value=cell!(rows, i, value) />
                    {remove_button(rows, i, "variable")}
                </div>
            }).collect_view()}
            <button type="button" class="button small" id="env-add" on:click=move |_| rows.update(|r| r.push(EnvRow::default()))>
                "Add variable"
            </button>
            {removed_list}
        </fieldset>
    }
}

pub fn features_editor(rows: Lens<Vec<FeatureRow>>) -> impl IntoView {
    let count = Memo::new(move |_| rows.len());
    view! {
        <fieldset class="rows">
            <legend>"Features"</legend>
            <p class="hint">"What the model can do, as LISA's chat UI reads it: " {KNOWN_FEATURES.join(", ")} "."</p>
            <datalist id="feature-names">{KNOWN_FEATURES.iter().map(|f| view! { <option value=*f></option> }).collect_view()}</datalist>
            {section_messages("section.features")}
            {move || (0..count.get()).map(|i| view! {
                <div class="row-line">
                    <TextField key=format!("features.{i}.name") label=format!("Feature {}", i + 1) value=cell!(rows, i, name) list="feature-names" />
                    <TextField key=format!("features.{i}.overview") label="Overview" value=cell!(rows, i, overview) />
                    {remove_button(rows, i, "feature")}
                </div>
            }).collect_view()}
            <button type="button" class="button small" id="feature-add" on:click=move |_| rows.update(|r| r.push(FeatureRow::default()))>
                "Add feature"
            </button>
        </fieldset>
    }
}

const GUARDRAIL_MODES: &[(&str, &str)] = &[("pre_call", "Before the call"), ("during_call", "During the call"), ("post_call", "After the call")];

pub fn guardrails_editor(rows: Lens<Vec<GuardrailRow>>, replaces: bool) -> impl IntoView {
    let count = Memo::new(move |_| rows.len());
    view! {
        <fieldset class="rows">
            <legend>"Guardrails"</legend>
            {replaces.then_some(view! { <p class="hint">"LISA replaces the whole list: a guardrail removed here is deleted when you save."</p> })}
            {section_messages("section.guardrails")}
            {move || (0..count.get()).map(|i| view! {
                <fieldset class="guardrail">
                    <legend>{format!("Guardrail {}", i + 1)}</legend>
                    <div class="grid">
                        <TextField key=format!("guardrailsConfig.{i}.guardrailName") label="Name" value=cell!(rows, i, name) required=true />
                        <TextField key=format!("guardrailsConfig.{i}.guardrailIdentifier") label="Bedrock guardrail id" value=cell!(rows, i, identifier) required=true />
                        <TextField key=format!("guardrailsConfig.{i}.guardrailVersion") label="Version" value=cell!(rows, i, version) />
                        <SelectField key=format!("guardrailsConfig.{i}.mode") label="Applies" value=cell!(rows, i, mode) options=GUARDRAIL_MODES />
                        <TextField key=format!("guardrailsConfig.{i}.description") label="Description" value=cell!(rows, i, description) />
                        <TextField
                            key=format!("guardrailsConfig.{i}.allowedGroups")
                            label="Applies to groups"
                            hint="Comma-separated; blank means everyone."
                            value=cell!(rows, i, allowed_groups)
                        />
                    </div>
                    {remove_button(rows, i, "guardrail")}
                </fieldset>
            }).collect_view()}
            <button type="button" class="button small" id="guardrail-add" on:click=move |_| rows.update(|r| r.push(GuardrailRow::default()))>
                "Add guardrail"
            </button>
        </fieldset>
    }
}

/// The container health-check command, as an exec array (one item per line) or a shell string.
pub fn command_editor(key: &'static str, command: Lens<CommandForm>) -> impl IntoView {
    let ui = use_form_ui();
    let mode = part!(command, mode);
    let radio = move |value: CommandMode, label: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name=key
                    prop:checked=move || mode.get() == value
                    on:change=move |_| {
                        mode.set(value);
                        ui.changed(key);
                    }
                />
                {label}
            </label>
        }
    };
    let hint = move || match mode.get() {
        CommandMode::Array => "One item per line: CMD or CMD-SHELL first, then the command (LISA's default: CMD-SHELL, exit 0).",
        CommandMode::String => "One shell command; ECS runs it with CMD-SHELL.",
    };
    view! {
        <fieldset class="command">
            <legend>"Health-check command"</legend>
            <div class="radios">{radio(CommandMode::Array, "Exec array")} {radio(CommandMode::String, "Shell string")}</div>
            <p class="hint">{dyn_text(Signal::derive(move || hint().to_string()))}</p>
            <TextArea key=key label="Command" value=part!(command, text) />
        </fieldset>
    }
}
