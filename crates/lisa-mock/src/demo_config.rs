//! The demo deployment's configuration table (scope `global`): the deploy-time seed row and a
//! later save by an admin that turned on a banner and an announcement and set the default model
//! to an in-service text model of the demo (lisa-config.md §2).

use serde_json::{json, Value};

use crate::routes::configuration::{exact_decimal, store_row};
use crate::state::Store;

/// The default model the demo's latest row names (InService, textgen, in the demo catalogue).
pub const DEMO_DEFAULT_MODEL: &str = "titan-express-v1";

/// LISA's feature toggles (`ActivatedUserComponents.tsx`), as a fresh deployment has them.
pub fn enabled_components() -> Value {
    json!({
        "deleteSessionHistory": true, "viewMetaData": true, "editKwargs": true, "editPromptTemplate": true,
        "editChatHistoryBuffer": true, "editNumOfRagDocument": true, "uploadRagDocs": true,
        "ragSelectionAvailable": true, "uploadContextDocs": true, "documentSummarization": true,
        "showRagLibrary": true, "showPromptTemplateLibrary": true, "enableModelComparisonUtility": false,
        "mcpConnections": true, "bedrockAgents": false, "awsSessions": false, "showMcpWorkbench": false,
        "modelLibrary": true, "encryptSession": false, "enableUserApiTokens": true, "chatAssistantStacks": false,
        "projectOrganization": true,
    })
}

/// Version 0, written by the stack's custom resource: `createdAt`, no `global`, no announcement.
pub fn seed_row() -> Value {
    json!({
        "configScope": "global", "versionId": 0, "changedBy": "System",
        "changeReason": "Initial deployment default config", "createdAt": "1767225600",
        "configuration": {
            "enabledComponents": enabled_components(),
            "maxProjectsPerUser": 50,
            "systemBanner": {"isEnabled": false, "text": "", "textColor": "", "backgroundColor": ""},
        },
    })
}

/// Version 1, saved by an admin through the UI: a PUT row, so `created_at`.
pub fn admin_row() -> Value {
    json!({
        "configScope": "global", "versionId": 1, "changedBy": "jane.smith@company.com",
        "changeReason": "Maintenance banner, announcement and default model",
        "created_at": exact_decimal(1_767_312_000.123_456),
        "configuration": {
            "enabledComponents": enabled_components(),
            "maxProjectsPerUser": 50,
            "systemBanner": {"isEnabled": true, "text": "Maintenance window Saturday 02:00-04:00 UTC: chat may be unavailable.",
                "textColor": "#000000", "backgroundColor": "#FFD700"},
            "announcement": {"isEnabled": true, "message": "Titan Text Express is now the default chat model."},
            "global": {"defaultModel": DEMO_DEFAULT_MODEL},
        },
    })
}

pub fn load(store: &mut Store) {
    store_row(store, "global", 0.0, seed_row());
    store_row(store, "global", 1.0, admin_row());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_rows() {
        let mut store = Store::default();
        load(&mut store);
        let rows = &store.configuration["global"];
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["versionId"], json!(1));
        assert!(rows[0]["created_at"].as_str().unwrap().len() > 20);
        assert!(rows[1].get("created_at").is_none() && rows[1]["createdAt"].is_string());
        assert!(enabled_components().as_object().unwrap().len() >= 20);
        let demo = crate::demo::models();
        let default = demo.iter().find(|r| r.id() == DEMO_DEFAULT_MODEL).unwrap();
        assert_eq!((default.status(), default.model["modelType"].as_str()), ("InService", Some("textgen")));
    }
}
