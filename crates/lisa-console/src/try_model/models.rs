//! Which models can be tried, through which LISA Serve route, and why not (lisa-serve.md §1,
//! §6, §11): LiteLLM serves a model only while it lists it, and each model type has its route.

use lisa_api::{ModelStatus, ModelType};

use crate::lifecycle::status_label;

/// What a try sends, by model type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryKind {
    /// `textgen`: chat completions, streamed or not.
    Chat,
    /// `embedding`: one or two vectors.
    Embeddings,
    /// `imagegen`: one image.
    Image,
}

impl TryKind {
    /// The path under `serveBaseUrl`.
    pub fn path(self) -> &'static str {
        match self {
            TryKind::Chat => "/v2/serve/chat/completions",
            TryKind::Embeddings => "/v2/serve/embeddings",
            TryKind::Image => "/v2/serve/images/generations",
        }
    }
}

/// Why a video model is not tried here: LISA has the routes, but a generation is a job.
pub const VIDEO_NOTE: &str = "LISA Serve runs video generation as an asynchronous job (POST /v2/serve/videos, \
     then poll it, then download the result from S3 through /videos/{id}/content), which takes minutes: \
     LISA Admin does not run it. Try this model from the LISA UI's chat.";

pub fn try_kind(model_type: &ModelType) -> Result<TryKind, String> {
    match model_type {
        ModelType::Textgen => Ok(TryKind::Chat),
        ModelType::Embedding => Ok(TryKind::Embeddings),
        ModelType::Imagegen => Ok(TryKind::Image),
        ModelType::Videogen => Err(VIDEO_NOTE.to_string()),
        ModelType::Other(t) => Err(format!("LISA Serve has no route LISA Admin knows for models of type “{t}”.")),
    }
}

/// Whether `GET /v2/serve/models` lists the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listed {
    Yes,
    No,
    /// The list could not be read (why).
    Unknown(String),
}

impl Listed {
    pub fn from_ids<'a>(model_id: &str, ids: impl IntoIterator<Item = &'a str>) -> Listed {
        if ids.into_iter().any(|id| id == model_id) { Listed::Yes } else { Listed::No }
    }
}

/// `Err(reason)` when a call would be doomed: the model is not in LISA Serve's list.
pub fn can_send(model_id: &str, status: &ModelStatus, listed: &Listed) -> Result<(), String> {
    match (listed, status) {
        (Listed::Yes | Listed::Unknown(_), _) => Ok(()),
        (Listed::No, ModelStatus::InService) => Err(format!(
            "LISA says {model_id} is in service, but LISA Serve does not list it: LiteLLM has not registered it \
             (its registration failed, or it turned InService moments ago). Refresh in a moment."
        )),
        (Listed::No, status) => Err(format!(
            "{model_id} is {}: LISA Serve lists a model only while it is in service (LiteLLM learns it when it \
             turns InService and forgets it when it stops), so a call would fail with “Invalid model name”.",
            status_label(status).to_lowercase()
        )),
    }
}

/// A note when the model can be sent to although something is off.
pub fn send_note(listed: &Listed) -> Option<String> {
    match listed {
        Listed::Unknown(why) => Some(format!(
            "LISA Serve's model list could not be read ({why}), so whether LiteLLM knows this model is unknown."
        )),
        _ => None,
    }
}

/// `Err(reason)` for the "Try" action of a model in this state (catalogue row, detail page).
pub fn try_availability(status: &ModelStatus, model_type: &ModelType) -> Result<(), String> {
    try_kind(model_type)?;
    match status {
        ModelStatus::InService => Ok(()),
        other => Err(format!("Only a model in service can be tried; this one is {}.", status_label(other).to_lowercase())),
    }
}

/// Notices models that turn InService while a page polls (to offer "Try it"): the ids seen in
/// a transitional state last time that are in service now. The first look only remembers.
#[derive(Debug, Default)]
pub struct InServiceWatch {
    waiting: std::collections::HashSet<String>,
}

impl InServiceWatch {
    pub fn observe<'a>(&mut self, statuses: impl IntoIterator<Item = (&'a str, &'a ModelStatus)>) -> Vec<String> {
        let mut waiting = std::collections::HashSet::new();
        let mut arrived = Vec::new();
        for (id, status) in statuses {
            if crate::lifecycle::is_transitional(status) {
                waiting.insert(id.to_string());
            } else if *status == ModelStatus::InService && self.waiting.contains(id) {
                arrived.push(id.to_string());
            }
        }
        self.waiting = waiting;
        arrived
    }
}

/// `Err(reason)` when a model cannot be one of the compared models.
pub fn comparable(model_type: &ModelType) -> Result<(), String> {
    match model_type {
        ModelType::Textgen => Ok(()),
        other => Err(format!("Only text generation models can be compared; this one is {}.", other.label().to_lowercase())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_has_its_route_and_video_says_what_lisa_supports() {
        assert_eq!(try_kind(&ModelType::Textgen).unwrap().path(), "/v2/serve/chat/completions");
        assert_eq!(try_kind(&ModelType::Embedding).unwrap().path(), "/v2/serve/embeddings");
        assert_eq!(try_kind(&ModelType::Imagegen).unwrap().path(), "/v2/serve/images/generations");
        assert!(try_kind(&ModelType::Videogen).unwrap_err().contains("/v2/serve/videos"));
        assert!(try_kind(&ModelType::Other("audio".into())).is_err());
    }

    #[test]
    fn a_model_lisa_serve_does_not_list_is_not_sent_to() {
        let ids = ["a", "b"];
        assert_eq!(Listed::from_ids("b", ids), Listed::Yes);
        assert_eq!(Listed::from_ids("c", ids), Listed::No);
        assert!(can_send("a", &ModelStatus::InService, &Listed::Yes).is_ok());
        let reason = can_send("c", &ModelStatus::InService, &Listed::No).unwrap_err();
        assert!(reason.contains("does not list it"), "{reason}");
        let reason = can_send("c", &ModelStatus::Stopped, &Listed::No).unwrap_err();
        assert!(reason.starts_with("c is stopped: LISA Serve lists a model only while it is in service"), "{reason}");
        let unknown = Listed::Unknown("HTTP 500".into());
        assert!(can_send("c", &ModelStatus::InService, &unknown).is_ok());
        assert!(send_note(&unknown).unwrap().contains("HTTP 500"));
    }

    #[test]
    fn a_model_that_turns_in_service_is_noticed_once() {
        let mut watch = InServiceWatch::default();
        let (creating, starting, in_service, failed) =
            (ModelStatus::Creating, ModelStatus::Starting, ModelStatus::InService, ModelStatus::Failed);
        assert!(watch.observe([("a", &creating), ("b", &in_service), ("c", &starting)]).is_empty());
        assert_eq!(watch.observe([("a", &in_service), ("b", &in_service), ("c", &failed)]), ["a"]);
        assert!(watch.observe([("a", &in_service)]).is_empty(), "only once");
    }

    #[test]
    fn try_needs_in_service_and_a_route() {
        assert!(try_availability(&ModelStatus::InService, &ModelType::Embedding).is_ok());
        assert_eq!(
            try_availability(&ModelStatus::Creating, &ModelType::Textgen).unwrap_err(),
            "Only a model in service can be tried; this one is creating."
        );
        assert!(try_availability(&ModelStatus::InService, &ModelType::Videogen).unwrap_err().contains("asynchronous job"));
        assert!(comparable(&ModelType::Textgen).is_ok());
        assert!(comparable(&ModelType::Embedding).unwrap_err().contains("embedding"));
    }
}
