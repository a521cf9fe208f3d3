//! Where a model runs and what an admin may do to it in its current state (lisa-api.md §4.3,
//! §4.5, advisories A4 and A11).
//!
//! The server checks only some of this synchronously: start/stop of an external model is
//! answered 200 and then fails the model (A4), and delete is accepted in any state (A11). The
//! catalogue and the detail page therefore offer an action only where LISA's lifecycle allows
//! it, and say why not otherwise.

use lisa_api::enums::{HostingType, ModelStatus};
use lisa_api::model::LisaModel;

/// Where a model is served, as the admin thinks of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Hosting {
    /// LISA deployed it: ECS service, autoscaling group and load balancer.
    LisaHosted,
    /// Only registered in LiteLLM, served by a provider (Bedrock, SageMaker, OpenAI, …).
    ThirdParty,
    /// Only registered in LiteLLM, served by a load balancer of the organisation's own.
    InternalHosted,
}

impl Hosting {
    pub const ALL: [Hosting; 3] = [Hosting::LisaHosted, Hosting::ThirdParty, Hosting::InternalHosted];

    pub fn label(self) -> &'static str {
        match self {
            Hosting::LisaHosted => "LISA-hosted",
            Hosting::ThirdParty => "Third party",
            Hosting::InternalHosted => "Internal hosted",
        }
    }

    /// The value used in URLs (the wire names of `hostingType`).
    pub fn key(self) -> &'static str {
        match self {
            Hosting::LisaHosted => "lisa_hosted",
            Hosting::ThirdParty => "third_party",
            Hosting::InternalHosted => "internal_hosted",
        }
    }

    pub fn from_key(key: &str) -> Option<Hosting> {
        Hosting::ALL.into_iter().find(|h| h.key() == key)
    }
}

/// §4.3: a model is LISA-hosted when it has the hosting group (container, autoscaling, load
/// balancer, instance type, inference container), whatever `hostingType` says; the server never
/// derives `hostingType`, so a hosted model created without it reads back as `third_party`.
/// Among external models, only `internal_hosted` means something.
pub fn hosting_of(model: &LisaModel) -> Hosting {
    let has_hosting_group = model.container_config.is_some()
        || model.auto_scaling_config.is_some()
        || model.load_balancer_config.is_some()
        || model.instance_type.is_some()
        || model.inference_container.is_some();
    hosting_from(has_hosting_group, model.hosting_type.as_ref())
}

/// [`hosting_of`] from what it looks at: whether any part of the hosting group is there, and
/// `hostingType`.
pub fn hosting_from(has_hosting_group: bool, hosting_type: Option<&HostingType>) -> Hosting {
    if has_hosting_group {
        Hosting::LisaHosted
    } else if hosting_type == Some(&HostingType::InternalHosted) {
        Hosting::InternalHosted
    } else {
        Hosting::ThirdParty
    }
}

/// A workflow is running: the status will change without anyone doing anything.
pub fn is_transitional(status: &ModelStatus) -> bool {
    matches!(
        status,
        ModelStatus::Creating | ModelStatus::Updating | ModelStatus::Starting | ModelStatus::Stopping | ModelStatus::Deleting
    )
}

/// How a status is shown: the badge's tone, which also picks its icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusTone {
    Ok,
    Progress,
    Stopped,
    Failed,
    Unknown,
}

pub fn status_tone(status: &ModelStatus) -> StatusTone {
    match status {
        ModelStatus::InService => StatusTone::Ok,
        ModelStatus::Stopped => StatusTone::Stopped,
        ModelStatus::Failed => StatusTone::Failed,
        s if is_transitional(s) => StatusTone::Progress,
        _ => StatusTone::Unknown,
    }
}

/// Human wording of a status ("In service" rather than `InService`).
pub fn status_label(status: &ModelStatus) -> String {
    match status {
        ModelStatus::InService => "In service".to_string(),
        ModelStatus::Other(s) => s.clone(),
        other => other.as_str().to_string(),
    }
}

/// What the admin can do to a model from the catalogue or the detail page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelAction {
    Start,
    Stop,
    Edit,
    Copy,
    Delete,
}

impl ModelAction {
    pub const ALL: [ModelAction; 5] =
        [ModelAction::Start, ModelAction::Stop, ModelAction::Edit, ModelAction::Copy, ModelAction::Delete];

    pub fn label(self) -> &'static str {
        match self {
            ModelAction::Start => "Start",
            ModelAction::Stop => "Stop",
            ModelAction::Edit => "Edit",
            ModelAction::Copy => "Create a copy",
            ModelAction::Delete => "Delete",
        }
    }

    /// A stable name for ids and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            ModelAction::Start => "start",
            ModelAction::Stop => "stop",
            ModelAction::Edit => "edit",
            ModelAction::Copy => "copy",
            ModelAction::Delete => "delete",
        }
    }

    /// The toast after LISA accepted the request. The change itself runs asynchronously.
    pub fn accepted_message(self, model_id: &str) -> String {
        match self {
            ModelAction::Start => format!("Starting {model_id}. LISA is bringing its instances up."),
            ModelAction::Stop => format!("Stopping {model_id}. It leaves LiteLLM and scales to zero."),
            ModelAction::Delete => format!("Deleting {model_id}. It disappears from the list when LISA is done."),
            ModelAction::Edit | ModelAction::Copy => String::new(),
        }
    }
}

/// `Ok` when the action is offered, else the reason it is not, for the disabled control.
pub fn action_availability(model: &LisaModel, action: ModelAction) -> Result<(), String> {
    availability_for(&model.status, hosting_of(model), action)
}

/// [`action_availability`] from the two facts it depends on.
pub fn availability_for(status: &ModelStatus, hosting: Hosting, action: ModelAction) -> Result<(), String> {
    let now = status_phrase(status);
    match action {
        // Copying reads the model and opens the create form; nothing changes on the server.
        ModelAction::Copy => Ok(()),
        ModelAction::Start | ModelAction::Stop if hosting != Hosting::LisaHosted => Err(format!(
            "Only LISA-hosted models can be {}: this one is {} and is served through LiteLLM only \
             (LISA would accept the request, then mark the model Failed).",
            if action == ModelAction::Start { "started" } else { "stopped" },
            hosting.label().to_lowercase()
        )),
        ModelAction::Start => match status {
            ModelStatus::Stopped => Ok(()),
            ModelStatus::InService => Err("It is already in service.".to_string()),
            _ => Err(format!("Only a stopped model can be started; this one is {now}.")),
        },
        ModelAction::Stop => match status {
            ModelStatus::InService => Ok(()),
            ModelStatus::Stopped => Err("It is already stopped.".to_string()),
            _ => Err(format!("Only a model in service can be stopped; this one is {now}.")),
        },
        ModelAction::Edit => match status {
            ModelStatus::InService | ModelStatus::Stopped => Ok(()),
            _ => Err(format!("A model can be edited only when it is in service or stopped; this one is {now}.")),
        },
        ModelAction::Delete => match status {
            ModelStatus::InService | ModelStatus::Stopped | ModelStatus::Failed => Ok(()),
            _ => Err(format!(
                "A model can be deleted only when it is in service, stopped or failed; this one is {now}. \
                 Wait until its workflow finishes."
            )),
        },
    }
}

/// [`availability_for`] for an account that may not be an administrator: `not_admin` is the
/// reason to show when the token says so (LISA's 403 stays the authority otherwise).
pub fn allowed_for(not_admin: Option<&str>, status: &ModelStatus, hosting: Hosting, action: ModelAction) -> Result<(), String> {
    match not_admin {
        Some(reason) => Err(reason.to_string()),
        None => availability_for(status, hosting, action),
    }
}

/// "creating", "in service", "failed": a status inside a sentence.
fn status_phrase(status: &ModelStatus) -> String {
    match status {
        ModelStatus::Other(s) => format!("in the unknown state \u{201c}{s}\u{201d}"),
        other => status_label(other).to_lowercase(),
    }
}

/// Delete cannot be taken back and stop interrupts everyone using the model, so both ask first
/// (delete also wants the id typed).
pub fn needs_confirmation(action: ModelAction) -> bool {
    matches!(action, ModelAction::Delete | ModelAction::Stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn external(status: ModelStatus, hosting_type: Option<HostingType>) -> LisaModel {
        let json = serde_json::json!({
            "modelId": "m", "modelName": "bedrock/x", "modelType": "textgen",
            "status": status.as_str(), "hostingType": hosting_type.as_ref().map(|h| h.as_str()),
        });
        serde_json::from_value(json).unwrap()
    }

    /// The five hosting-group fields as LISA returns them for a hosted model.
    fn hosted(status: ModelStatus, hosting_type: Option<HostingType>) -> LisaModel {
        let mut json = serde_json::to_value(external(status, hosting_type)).unwrap();
        let parts = serde_json::json!({
            "instanceType": "g5.xlarge",
            "inferenceContainer": "vllm",
            "containerConfig": {"image": {"baseImage": "vllm/vllm-openai:v0.8.5", "type": "asset"}, "sharedMemorySize": 2048,
                "healthCheckConfig": {"command": ["CMD-SHELL", "exit 0"], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
                "environment": {"MAX_TOTAL_TOKENS": "4096"}, "memoryReservation": null},
            "autoScalingConfig": {"blockDeviceVolumeSize": 50, "minCapacity": 1, "maxCapacity": 2, "desiredCapacity": null,
                "cooldown": 420, "defaultInstanceWarmup": 180,
                "metricConfig": {"albMetricName": "RequestCountPerTarget", "targetValue": 30, "duration": 60, "estimatedInstanceWarmup": 330},
                "scheduling": null},
            "loadBalancerConfig": {"healthCheckConfig": {"path": "/health", "interval": 60, "timeout": 30,
                "healthyThresholdCount": 2, "unhealthyThresholdCount": 10}},
        });
        if let (Some(map), Some(extra)) = (json.as_object_mut(), parts.as_object()) {
            map.extend(extra.clone());
        }
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn hosting_comes_from_the_hosting_group_not_the_stored_type() {
        use HostingType::*;
        assert_eq!(hosting_of(&hosted(ModelStatus::InService, Some(LisaHosted))), Hosting::LisaHosted);
        // Created without hostingType: LISA stores third_party, but it has infrastructure.
        assert_eq!(hosting_of(&hosted(ModelStatus::InService, Some(ThirdParty))), Hosting::LisaHosted);
        assert_eq!(hosting_of(&hosted(ModelStatus::InService, None)), Hosting::LisaHosted);
        // lisa_hosted without the five fields creates an external model.
        assert_eq!(hosting_of(&external(ModelStatus::InService, Some(LisaHosted))), Hosting::ThirdParty);
        assert_eq!(hosting_of(&external(ModelStatus::InService, Some(ThirdParty))), Hosting::ThirdParty);
        assert_eq!(hosting_of(&external(ModelStatus::InService, None)), Hosting::ThirdParty);
        assert_eq!(hosting_of(&external(ModelStatus::InService, Some(InternalHosted))), Hosting::InternalHosted);
        // One stray hosting field is enough to count as hosted (V29 keeps them together).
        let mut m = external(ModelStatus::InService, Some(ThirdParty));
        m.instance_type = Some("g5.xlarge".into());
        assert_eq!(hosting_of(&m), Hosting::LisaHosted);
    }

    #[test]
    fn hosting_keys_round_trip() {
        for h in Hosting::ALL {
            assert_eq!(Hosting::from_key(h.key()), Some(h));
        }
        assert_eq!(Hosting::from_key("LISA_HOSTED"), None);
    }

    #[test]
    fn transitional_statuses() {
        use ModelStatus::*;
        for s in [Creating, Updating, Starting, Stopping, Deleting] {
            assert!(is_transitional(&s), "{s}");
            assert_eq!(status_tone(&s), StatusTone::Progress);
        }
        for s in [InService, Stopped, Failed, Other("Active".into())] {
            assert!(!is_transitional(&s), "{s}");
        }
        assert_eq!(status_tone(&InService), StatusTone::Ok);
        assert_eq!(status_tone(&Stopped), StatusTone::Stopped);
        assert_eq!(status_tone(&Failed), StatusTone::Failed);
        assert_eq!(status_tone(&Other("Active".into())), StatusTone::Unknown);
        assert_eq!(status_label(&InService), "In service");
        assert_eq!(status_label(&Other("Active".into())), "Active");
    }

    fn allowed(model: &LisaModel) -> Vec<ModelAction> {
        ModelAction::ALL.into_iter().filter(|a| action_availability(model, *a).is_ok()).collect()
    }

    #[test]
    fn hosted_model_actions_follow_the_lifecycle_table() {
        use ModelAction::*;
        use ModelStatus::*;
        let cases = [
            (InService, vec![Stop, Edit, Copy, Delete]),
            (Stopped, vec![Start, Edit, Copy, Delete]),
            (Failed, vec![Copy, Delete]),
            (Creating, vec![Copy]),
            (Updating, vec![Copy]),
            (Starting, vec![Copy]),
            (Stopping, vec![Copy]),
            (Deleting, vec![Copy]),
            (Other("Active".into()), vec![Copy]),
        ];
        for (status, expected) in cases {
            let m = hosted(status.clone(), Some(HostingType::LisaHosted));
            assert_eq!(allowed(&m), expected, "{status}");
        }
    }

    #[test]
    fn external_models_are_never_started_or_stopped() {
        use ModelAction::*;
        for hosting_type in [Some(HostingType::ThirdParty), Some(HostingType::InternalHosted), Some(HostingType::LisaHosted)] {
            let m = external(ModelStatus::InService, hosting_type.clone());
            assert_eq!(allowed(&m), vec![Edit, Copy, Delete]);
            let reason = action_availability(&m, Stop).unwrap_err();
            assert!(reason.contains("Only LISA-hosted models can be stopped"), "{reason}");
            let stopped = external(ModelStatus::Stopped, hosting_type);
            assert!(action_availability(&stopped, Start).unwrap_err().contains("can be started"));
        }
    }

    #[test]
    fn reasons_name_the_current_state() {
        let m = hosted(ModelStatus::Creating, None);
        let reason = action_availability(&m, ModelAction::Delete).unwrap_err();
        assert!(reason.contains("this one is creating"), "{reason}");
        let reason = action_availability(&m, ModelAction::Edit).unwrap_err();
        assert!(reason.contains("in service or stopped"), "{reason}");
        let m = hosted(ModelStatus::InService, None);
        assert_eq!(action_availability(&m, ModelAction::Start).unwrap_err(), "It is already in service.");
        let m = hosted(ModelStatus::Failed, None);
        assert!(action_availability(&m, ModelAction::Start).unwrap_err().contains("this one is failed"));
        let m = hosted(ModelStatus::Other("Active".into()), None);
        assert!(action_availability(&m, ModelAction::Delete).unwrap_err().contains("unknown state"));
    }

    #[test]
    fn confirmation_for_changes_that_cannot_be_taken_back() {
        assert!(needs_confirmation(ModelAction::Delete));
        assert!(needs_confirmation(ModelAction::Stop));
        assert!(!needs_confirmation(ModelAction::Start));
        assert!(!needs_confirmation(ModelAction::Copy));
        assert!(ModelAction::Delete.accepted_message("x").contains("x"));
    }
}
