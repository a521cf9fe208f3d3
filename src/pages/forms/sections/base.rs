//! The create form's first section: hosting, identity, type, endpoint, streaming, access.

use leptos::prelude::*;
use lisa_contract::model_form::create::{CreateForm, Hosting};

use crate::pages::forms::fields::{card, text_fields, Text, REQUIRED, SECRET};
use crate::pages::forms::lens::Lens;
use crate::pages::forms::ui::{dyn_text, messages, use_form_ui, CheckField, SelectField};
use crate::{lens, text};

pub const MODEL_TYPES: &[(&str, &str)] =
    &[("textgen", "Text generation"), ("imagegen", "Image generation"), ("videogen", "Video generation"), ("embedding", "Embedding")];

const ID: &[Text<CreateForm>] = &[text!(
    "modelId",
    "Model id",
    "Lowercase letters, digits and hyphens; starts with a letter. It becomes part of URLs and, for LISA-hosted models, of the CloudFormation stack name.",
    REQUIRED,
    model_id
)];

const NAME: &[Text<CreateForm>] = &[
    text!("modelName", "Model name", "", REQUIRED, model_name),
    text!("modelDescription", "Description", "", 0, model_description),
];

const EXTERNAL: &[Text<CreateForm>] = &[
    text!("modelUrl", "Model URL", "", 0, model_url),
    text!("apiKey", "API key (optional)", "Write-only: LISA passes it to LiteLLM and never shows it again.", SECRET, api_key),
];

const GROUPS: &[Text<CreateForm>] = &[text!(
    "allowedGroups",
    "Allowed groups",
    "Comma-separated group names; blank makes the model available to everyone.",
    0,
    allowed_groups
)];

fn hosting_hint(h: Hosting) -> &'static str {
    match h {
        Hosting::ThirdParty => "LiteLLM calls the provider: Bedrock, SageMaker, OpenAI, …",
        Hosting::InternalHosted => "LiteLLM calls your OpenAI-compatible endpoint behind an AWS load balancer.",
        Hosting::LisaHosted => "LISA builds the container and runs it on ECS with an Auto Scaling group and a load balancer.",
    }
}

fn hosting_choice(form: RwSignal<CreateForm>) -> impl IntoView {
    let ui = use_form_ui();
    let hosting: Lens<Hosting> = lens!(form, hosting);
    view! {
        <fieldset class="hosting-choice" id="f-hostingType">
            <legend>"Where does the model run?"</legend>
            {[Hosting::ThirdParty, Hosting::InternalHosted, Hosting::LisaHosted]
                .into_iter()
                .map(|h| {
                    let id = format!("hosting-{}", h.key());
                    view! {
                        <div class="radio-card">
                            <input
                                type="radio"
                                name="hosting"
                                id=id.clone()
                                value=h.key()
                                prop:checked=move || hosting.get() == h
                                on:change=move |_| {
                                    hosting.set(h);
                                    ui.touch("hostingType");
                                }
                            />
                            <label for=id>
                                <strong>{h.label()}</strong>
                                <span class="hint">{hosting_hint(h)}</span>
                            </label>
                        </div>
                    }
                })
                .collect_view()}
            {messages("hostingType")}
        </fieldset>
    }
}

pub fn base_section(form: RwSignal<CreateForm>) -> impl IntoView {
    let hosting = Memo::new(move |_| form.with(|f| f.hosting));
    let hints = move || {
        let (name, url) = match hosting.get() {
            Hosting::LisaHosted => ("The model artifact the container loads, e.g. a Hugging Face repository: mistralai/Mistral-7B-Instruct-v0.2.", ""),
            Hosting::InternalHosted => (
                "The LiteLLM model string, e.g. openai/<model>.",
                "Model URL required: https://<name>.<region>.elb.amazonaws.com/v1 (the hostname must be an AWS load balancer).",
            ),
            Hosting::ThirdParty => (
                "The LiteLLM model string: bedrock/<model id>, sagemaker/<endpoint>, openai/<model>, …",
                "Model URL optional: only for providers that need a base URL.",
            ),
        };
        let image_note = form.with(|f| matches!(f.model_type.as_str(), "imagegen" | "videogen") && f.streaming);
        (name, url, image_note)
    };
    let content = view! {
            {hosting_choice(form)}
            <div class="grid">
                {text_fields(form, ID)}
                <SelectField key="modelType" label="Model type" value=lens!(form, model_type) options=MODEL_TYPES />
            </div>
            <p class="hint">{dyn_text(Signal::derive(move || hints().0.to_string()))}</p>
            {text_fields(form, NAME)}
            // Hidden rather than removed for LISA-hosted models: cheaper, and the placer knows
            // the fields only while they apply.
            <div hidden=move || hosting.get() == Hosting::LisaHosted>
                <p class="hint">{dyn_text(Signal::derive(move || hints().1.to_string()))}</p>
                <div class="grid">{text_fields(form, EXTERNAL)}</div>
            </div>
            <CheckField key="streaming" label="Streaming responses" value=lens!(form, streaming) hint="Embedding models cannot stream." />
            <p class="hint">
                {dyn_text(
                    Signal::derive(move || {
                        if hints().2 { "LISA's own UI never streams image and video models; LISA accepts it, though." } else { "" }
                            .to_string()
                    }),
                )}
            </p>
            {text_fields(form, GROUPS)}
    };
    card("section-base", "Model", "", "", content)
}
