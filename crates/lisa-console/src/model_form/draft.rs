//! Drafts in sessionStorage: one for the create form, one per edited model. What is stored is
//! untrusted (another tab's version, a hand edit), so reading never fails hard: an unreadable
//! draft is reported and ignored.

use serde_json::{json, Value};

use super::codec::{field, Codec};
use super::create::CreateForm;
use super::edit::{CapacityForm, ContainerEditForm, EditForm, Scope};
use lisa_api::decode_json;
use lisa_api::model::LisaModel;
use lisa_api::requests::ModelResponse;

/// Bumped when the stored shape changes incompatibly; older drafts are then ignored (with a
/// notice) rather than misread.
pub const VERSION: u32 = 1;

pub const CREATE_KEY: &str = "lisa-admin.draft.create";

/// The edit draft of one model (keyed by id, so drafts of two models never mix).
pub fn edit_key(model_id: &str) -> String {
    format!("lisa-admin.draft.edit.{model_id}")
}

/// The create-form draft made from the edit draft of a model that no longer exists, waiting for
/// `/models/new?copy=<id>` (kept apart, so it never overwrites a create draft of this tab).
pub fn recreate_key(model_id: &str) -> String {
    format!("lisa-admin.draft.recreate.{model_id}")
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateDraft {
    pub version: u32,
    /// The model this form was copied from (`?copy=<id>`), if any.
    pub copy_of: Option<String>,
    pub form: CreateForm,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EditDraft {
    pub version: u32,
    /// The form as loaded from the model when the editing started.
    pub base: EditForm,
    pub edited: EditForm,
    /// LISA's answer to `GET /models/{id}` as loaded, verbatim: should the model be deleted
    /// meanwhile, even a reload of the edit page (which then only gets a 404) can still turn
    /// the draft into a create form. Kept as LISA's text and read with the same decoder as the
    /// answer itself, so the edit bundle carries no second (de)serializer for a model (that
    /// cost 18 KB brotli). Drafts written before this was kept have none.
    pub model_answer: Option<String>,
}

/// Why a stored draft was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The stored object, once its version is the current one.
fn read(text: &str) -> Result<serde_json::Map<String, Value>, Unreadable> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Unreadable(format!("A saved draft could not be read and was set aside ({e}).")))?;
    let Value::Object(object) = value else {
        return Err(Unreadable("A saved draft could not be read and was set aside.".into()));
    };
    if object.get("version").and_then(Value::as_u64) != Some(u64::from(VERSION)) {
        return Err(Unreadable("A draft saved by another version of LISA Admin was set aside.".into()));
    }
    Ok(object)
}

impl CreateDraft {
    pub fn new(form: CreateForm, copy_of: Option<String>) -> Self {
        CreateDraft { version: VERSION, copy_of, form }
    }

    pub fn encode(&self) -> String {
        json!({"version": self.version, "copyOf": self.copy_of, "form": self.form.encode()}).to_string()
    }

    pub fn decode(text: &str) -> Result<Self, Unreadable> {
        let o = read(text)?;
        let mut form: CreateForm = field(&o, "form", CreateForm::default());
        form.schedule.normalize();
        let copy_of = o.get("copyOf").and_then(Value::as_str).map(String::from);
        Ok(CreateDraft { version: VERSION, copy_of, form })
    }

    /// The edits to a model that was deleted meanwhile, as a create form: the model as it was
    /// loaded (same id) with the admin's changes on top, so none of them is lost.
    pub fn recreate(model: &LisaModel, edited: &EditForm) -> Self {
        let mut f = CreateForm::from_model(model);
        f.model_id = model.model_id.clone();
        f.model_type = edited.model_type.clone();
        f.model_description = edited.model_description.clone();
        f.streaming = edited.streaming;
        f.allowed_groups = edited.allowed_groups.clone();
        f.features = edited.features.clone();
        f.guardrails = edited.guardrails.clone();
        let scope = Scope::of(model);
        if scope.hosted {
            let (a, c) = (&mut f.autoscaling, &edited.capacity);
            a.min_capacity = c.min_capacity.clone();
            a.max_capacity = c.max_capacity.clone();
            a.desired_capacity = c.desired_capacity.clone();
            a.cooldown = c.cooldown.clone();
            a.default_instance_warmup = c.default_instance_warmup.clone();
            f.schedule = edited.schedule.clone();
        }
        if scope.container {
            let (k, e) = (&mut f.container, &edited.container);
            k.environment = e.environment.clone();
            k.shared_memory_size = e.shared_memory_size.clone();
            k.command = e.command.clone();
            k.interval = e.interval.clone();
            k.timeout = e.timeout.clone();
            k.start_period = e.start_period.clone();
            k.retries = e.retries.clone();
        }
        CreateDraft::new(f, Some(model.model_id.clone()))
    }

    /// Whether this draft holds anything the admin typed (a draft equal to the starting form
    /// is not worth restoring or asking about).
    pub fn has_input(&self, start: &CreateForm) -> bool {
        self.form != *start
    }
}

impl EditDraft {
    pub fn new(base: EditForm, edited: EditForm, model_answer: Option<String>) -> Self {
        EditDraft { version: VERSION, base, edited, model_answer }
    }

    pub fn encode(&self) -> String {
        json!({"version": self.version, "base": self.base.encode(), "edited": self.edited.encode(), "model": self.model_answer})
            .to_string()
    }

    /// The model as it was loaded, if the draft kept a readable answer.
    pub fn model(&self) -> Option<LisaModel> {
        let answer = self.model_answer.as_deref()?;
        decode_json::<ModelResponse>(200, answer).ok().map(|r| r.model)
    }

    /// For a model that no longer exists: its create-form draft, if this draft holds any change
    /// and the model as it was loaded.
    pub fn recreate(&self) -> Option<CreateDraft> {
        if self.edited == self.base {
            return None;
        }
        self.model().map(|model| CreateDraft::recreate(&model, &self.edited))
    }

    pub fn decode(text: &str) -> Result<Self, Unreadable> {
        let o = read(text)?;
        let mut base: EditForm = field(&o, "base", EditForm::default());
        let mut edited: EditForm = field(&o, "edited", EditForm::default());
        base.schedule.normalize();
        edited.schedule.normalize();
        // Untrusted like the rest: an answer that does not read as a model is only a lost
        // convenience (`model()` says None), never a reason to drop the admin's edits.
        let model_answer = o.get("model").and_then(Value::as_str).map(String::from);
        Ok(EditDraft { version: VERSION, base, edited, model_answer })
    }

    /// The draft against the freshly loaded form: `(edited, moved)`, where `moved` says the
    /// model changed since the draft was made (the draft's edits were kept, the rest updated).
    pub fn restore(&self, fresh: &EditForm) -> (EditForm, bool) {
        if self.base == *fresh {
            (self.edited.clone(), false)
        } else {
            (self.edited.rebase(&self.base, fresh), true)
        }
    }
}

impl EditForm {
    /// A draft made against `old_base` moved onto a freshly loaded `new_base`: the fields the
    /// admin changed keep their edit, every other field takes the fresh value (so a draft
    /// never silently reverts a change made elsewhere since).
    pub fn rebase(&self, old_base: &EditForm, new_base: &EditForm) -> EditForm {
        fn pick<T: PartialEq + Clone>(edited: &T, old: &T, new: &T) -> T {
            if edited != old { edited.clone() } else { new.clone() }
        }
        let (e, o, n) = (self, old_base, new_base);
        let (ec, oc, nc) = (&e.capacity, &o.capacity, &n.capacity);
        let (ek, ok, nk) = (&e.container, &o.container, &n.container);
        EditForm {
            model_type: pick(&e.model_type, &o.model_type, &n.model_type),
            model_description: pick(&e.model_description, &o.model_description, &n.model_description),
            streaming: pick(&e.streaming, &o.streaming, &n.streaming),
            allowed_groups: pick(&e.allowed_groups, &o.allowed_groups, &n.allowed_groups),
            features: pick(&e.features, &o.features, &n.features),
            guardrails: pick(&e.guardrails, &o.guardrails, &n.guardrails),
            run: e.run,
            capacity: CapacityForm {
                min_capacity: pick(&ec.min_capacity, &oc.min_capacity, &nc.min_capacity),
                max_capacity: pick(&ec.max_capacity, &oc.max_capacity, &nc.max_capacity),
                desired_capacity: pick(&ec.desired_capacity, &oc.desired_capacity, &nc.desired_capacity),
                cooldown: pick(&ec.cooldown, &oc.cooldown, &nc.cooldown),
                default_instance_warmup: pick(&ec.default_instance_warmup, &oc.default_instance_warmup, &nc.default_instance_warmup),
            },
            container: ContainerEditForm {
                environment: pick(&ek.environment, &ok.environment, &nk.environment),
                shared_memory_size: pick(&ek.shared_memory_size, &ok.shared_memory_size, &nk.shared_memory_size),
                command: pick(&ek.command, &ok.command, &nk.command),
                interval: pick(&ek.interval, &ok.interval, &nk.interval),
                timeout: pick(&ek.timeout, &ok.timeout, &nk.timeout),
                start_period: pick(&ek.start_period, &ok.start_period, &nk.start_period),
                retries: pick(&ek.retries, &ok.retries, &nk.retries),
            },
            schedule: pick(&e.schedule, &o.schedule, &n.schedule),
            acknowledge_restart: e.acknowledge_restart,
        }
    }
}
