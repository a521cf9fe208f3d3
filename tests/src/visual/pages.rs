//! Every page and dialog an admin can see, in the state they see it: the one list that the
//! visual check (`tests/tests/e2e/visual.rs`), axe in both themes (`access::every_page…`) and
//! `make screenshots` walk. To cover a new page or dialog, add a [`Page`] here: a name (also the
//! screenshot's file name), the world it needs, and the steps that bring it on screen from any
//! other page of the same browser. The last step should wait for what the page is about: the
//! checks then run, and afterwards that element must still be there (a toast that went away
//! mid-check would make "covered controls 0" meaningless).

use serde_json::json;

use crate::mock::ADMIN_TOKEN;
use crate::{Env, EnvOptions};

/// What the page needs from the mock and the site. Pages of one world share one browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum World {
    /// The mock with demo data, workflows advanced by hand (statuses stay put while checked).
    Demo,
    /// A `config.json` that does not parse as the app's configuration.
    BadConfig,
    /// A deployment whose `index.html` lost the create bundle's entry.
    NoCreateBundle,
}

impl World {
    pub const ALL: [World; 3] = [World::Demo, World::BadConfig, World::NoCreateBundle];

    pub async fn start(self) -> Result<Env, String> {
        let manual = || vec!["--workflows", "manual"];
        match self {
            World::Demo => Env::start(EnvOptions { mock_args: manual(), ..Default::default() }).await,
            World::BadConfig => {
                let raw = json!({"apiBaseUrl": "not a url"}).to_string();
                Env::start(EnvOptions { raw_config: Some(Some(raw)), ..Default::default() }).await
            }
            World::NoCreateBundle => Env::without_create_bundle().await,
        }
    }
}

/// One step towards a page's state.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// Load an app path (a new document; a "leave with unsaved changes?" prompt is accepted).
    Goto(&'static str),
    /// Run a script in the page (statements).
    Js(&'static str),
    /// Wait until an element matching the selector exists.
    Wait(&'static str),
    /// Wait until the element's text contains the needle.
    WaitText(&'static str, &'static str),
    /// Wait until more than `n` elements match.
    WaitMore(&'static str, usize),
    /// Wait until no element matches.
    Gone(&'static str),
    Click(&'static str),
    /// Replace an input's value by typing.
    Fill(&'static str, &'static str),
    /// `POST /__mock/inject` with this JSON.
    Inject(&'static str),
}

/// A page or dialog as the admin sees it.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    /// File-name friendly: `<name>-<width>-<theme>.png`.
    pub name: &'static str,
    /// What the admin sees, for messages ("stop confirm dialog").
    pub title: &'static str,
    pub world: World,
    /// Signed in as the demo admin (the token is put in `sessionStorage` before the steps).
    pub signed_in: bool,
    pub steps: &'static [Step],
}

use Step::*;

const fn page(name: &'static str, title: &'static str, steps: &'static [Step]) -> Page {
    Page { name, title, world: World::Demo, signed_in: true, steps }
}

const LLAMA_EDIT: &str = "/models/llama-3-1-8b-instruct/edit";

/// Paste an import file into the import page and check it: one definition of each kind (to
/// create with an ignored key, in LISA with other settings, invalid, needing an API key).
const IMPORT_FILE: &str = "document.querySelector('#import-paste').open = true; const t = document.querySelector('#import-text'); \
    t.value = '[{\"modelId\":\"brand-new\",\"modelName\":\"bedrock/amazon.titan-text-express-v1\",\"modelType\":\"textgen\",\"streamng\":true},\
    {\"modelId\":\"titan-express-v1\",\"modelName\":\"bedrock/amazon.titan-text-express-v1\",\"modelType\":\"textgen\",\"modelDescription\":\"Changed\"},\
    {\"modelId\":\"half-hosted\",\"modelName\":\"x\",\"modelType\":\"textgen\",\"instanceType\":\"g5.xlarge\"},\
    {\"modelId\":\"gpt-mini\",\"modelName\":\"openai/gpt-4o-mini\",\"modelType\":\"textgen\"}]'; \
    t.dispatchEvent(new Event('input', {bubbles: true})); document.querySelector('#import-check').click();";

/// The same, with a file that is not JSON.
const IMPORT_BROKEN: &str = "document.querySelector('#import-paste').open = true; const t = document.querySelector('#import-text'); \
    t.value = '[{\"modelId\": \"a\",}]'; t.dispatchEvent(new Event('input', {bubbles: true})); document.querySelector('#import-check').click();";

pub const PAGES: &[Page] = &[
    Page { signed_in: false, ..page("sign-in", "sign-in page", &[Goto("/sign-in"), Wait("#page-sign-in #token")]) },
    Page {
        signed_in: false,
        ..page("sign-in-error", "sign-in page with an error", &[Goto("/sign-in"), Wait("#page-sign-in #token"), Click("#sign-in-submit"), Wait("#sign-in-error")])
    },
    page("catalogue", "catalogue", &[Goto("/models"), Wait("tr.model-row")]),
    // The header's menu, open (its button shows below 720 px; wider, the same page as above).
    page(
        "menu-open",
        "catalogue with the header menu open",
        &[Goto("/models"), Wait("tr.model-row"), Js("document.getElementById('menu-toggle').click();"), Wait("header.menu-open")],
    ),
    page(
        "delete-dialog",
        "delete confirm dialog",
        &[Goto("/models"), Click("tr.model-row[data-model-id='nova-canvas'] .action-delete"), Wait("#confirm-dialog input")],
    ),
    page(
        "stop-dialog",
        "stop confirm dialog",
        &[Goto("/models"), Click("tr.model-row[data-model-id='llama-3-1-8b-instruct'] .action-stop"), Wait("#confirm-dialog .confirm-ok")],
    ),
    // Stops llama-3-1-8b-instruct (it stays "Stopping": workflows are manual), as the pages
    // after it have always seen it.
    page(
        "catalogue-toast",
        "catalogue with a toast",
        &[
            Goto("/models"),
            Click("tr.model-row[data-model-id='llama-3-1-8b-instruct'] .action-stop"),
            Click("#confirm-dialog .confirm-ok"),
            Gone("#confirm-dialog"),
            Wait("#toasts .toast"),
        ],
    ),
    // A disabled action says why: its reason shows below it, over the next row, whole.
    page(
        "catalogue-reason",
        "catalogue with an action's reason shown",
        &[
            Goto("/models"),
            Wait("tr.model-row[data-model-id='mistral-7b-instruct'] .action-start"),
            Js("document.querySelector(\"tr.model-row[data-model-id='mistral-7b-instruct'] .action-start\").focus();"),
            Wait("tr.model-row[data-model-id='mistral-7b-instruct'] .action:focus-within .action-reason"),
        ],
    ),
    page("model-detail", "model detail", &[Goto("/models/llama-3-1-8b-instruct"), Wait("#group-base")]),
    // Issue 14: selection and bulk actions, the column chooser, the default model, the context window.
    page(
        "bulk-delete-plan",
        "bulk delete plan with typed count",
        &[
            Goto("/models"),
            Wait("tr.model-row"),
            Js("for (const id of ['nova-canvas', 'bge-large-en', 'mistral-7b-instruct']) document.querySelector(`tr[data-model-id='${id}'] input.row-select`).click();"),
            // The bulk buttons are enabled once the selection's effect has run.
            Wait("#bulk-delete:not([disabled])"),
            Click("#bulk-delete"),
            Wait("#bulk-dialog #bulk-confirm-input"),
        ],
    ),
    // LISA refuses the start, so nothing changes for the pages after; the outcomes are kept in
    // sessionStorage until dismissed (next page).
    page(
        "bulk-outcomes",
        "bulk action outcomes",
        &[
            Goto("/models"),
            Wait("tr.model-row"),
            Inject(r#"{"method":"PUT","path":"/models/bge-large-en","status":400,"body":{"detail":"Model 'bge-large-en' cannot be started right now."}}"#),
            Js("document.querySelector(\"tr[data-model-id='bge-large-en'] input.row-select\").click();"),
            Wait("#bulk-start:not([disabled])"),
            Click("#bulk-start"),
            Click("#bulk-go"),
            WaitText("#bulk-summary", "done"),
        ],
    ),
    page("bulk-dismissed", "catalogue after dismissing bulk outcomes", &[Goto("/models"), Click("#bulk-dismiss"), Gone("#bulk-dialog"), Wait("tr.model-row")]),
    page(
        "column-chooser",
        "catalogue column chooser",
        &[Goto("/models"), Wait("tr.model-row"), Js("document.querySelector('#column-chooser summary').click();"), Wait("#column-chooser[open] .column-menu")],
    ),
    page(
        "default-review",
        "set-default page with its review",
        &[Goto("/models/claude-3-5-haiku/default"), WaitText("#default-status", "default model"), Wait("#default-review-json")],
    ),
    page(
        "context-window-error",
        "context window with LISA's message",
        &[Goto("/models/nova-reel"), Wait("#context-window-input"), Fill("#context-window-input", "8k"), Click("#context-window-set"), WaitText("#context-window-msg", "integer")],
    ),
    page("not-found", "not-found page", &[Goto("/no/such/page"), Wait("#page-not-found")]),
    page(
        "session-dialog",
        "session dialog",
        &[Js("sessionStorage.setItem('lisa-admin.token', 'not-a-real-token');"), Goto("/models"), Wait("#session-dialog #session-token")],
    ),
    page("create-third-party", "create form, third party", &[Goto("/models/new"), Click("#hosting-third_party"), Wait("#page-model-create #f-modelId")]),
    page("create-internal", "create form, internal hosted", &[Goto("/models/new"), Click("#hosting-internal_hosted"), Wait("#f-modelId")]),
    page(
        "create-lisa-hosted",
        "create form, LISA hosted",
        &[Goto("/models/new"), Click("#hosting-lisa_hosted"), WaitMore("#instance-types option", 10)],
    ),
    page(
        "create-errors",
        "create form with errors",
        &[
            Goto("/models/new"),
            Click("#hosting-lisa_hosted"),
            WaitMore("#instance-types option", 10),
            Click("#form-submit"),
            WaitText("#form-error-count", "remain"),
        ],
    ),
    page(
        "create-review",
        "create review",
        &[
            Goto("/models/new"),
            Click("#hosting-third_party"),
            Fill("#f-modelId", "axe-review"),
            Fill("#f-modelName", "bedrock/axe"),
            Click("#form-submit"),
            Wait("#review #create-submit"),
        ],
    ),
    page(
        "leave-dialog",
        "leave-with-unsaved-changes dialog",
        &[
            Goto("/models/new"),
            Fill("#f-modelId", "unsaved"),
            // The link as a click reaches it (on a phone it is inside the folded menu).
            Js("document.querySelector(\"header nav a[href$='/metrics']\").click();"),
            Wait("#leave-dialog"),
        ],
    ),
    page("metrics-overview", "metrics overview", &[Goto("/metrics"), Wait("#tools-chart g.bar")]),
    page("user-metrics", "user metrics", &[Goto("/metrics/users/john.doe%40company.com"), Wait("#sessions-table tbody tr[data-session]")]),
    page("copy-form", "copy form", &[Goto("/models/new?copy=llama-3-1-8b-instruct"), WaitText("#form-notice", "Copied from")]),
    page("edit-external", "edit form, external model", &[Goto("/models/titan-express-v1/edit"), Wait("#page-model-edit #f-modelDescription")]),
    page("edit-workflow", "edit form, model in a workflow", &[Goto("/models/mistral-7b-instruct/edit"), Wait("#f-section-status")]),
    page("edit-lisa-hosted", "edit form, LISA hosted", &[Goto(LLAMA_EDIT), Wait("#f-autoScalingInstanceConfig-maxCapacity")]),
    page(
        "edit-review",
        "edit review",
        &[Goto(LLAMA_EDIT), Fill("#f-modelDescription", "axe"), Click("#form-submit"), Wait("#review #edit-submit")],
    ),
    page(
        "edit-model-gone",
        "edit form, model deleted meanwhile",
        &[
            Goto(LLAMA_EDIT),
            Fill("#f-modelDescription", "axe"),
            Click("#form-submit"),
            Wait("#review #edit-submit"),
            Inject(r#"{"method": "PUT", "path": "/models/llama-3-1-8b-instruct", "status": 404, "body": {"detail": "Model 'llama-3-1-8b-instruct' was not found."}}"#),
            Click("#edit-submit"),
            Wait("#model-gone #create-from-draft"),
        ],
    ),
    page(
        "try-answer",
        "try page with a streamed answer",
        &[
            Goto("/models/titan-express-v1/try"),
            Wait("#try-form"),
            Fill("#try-prompt", "Describe a lighthouse at night"),
            Fill("#try-max-tokens", "40"),
            Click("#try-send"),
            WaitText("#try-state", "Completed"),
        ],
    ),
    page(
        "try-error",
        "try page with an error and its likely causes",
        &[
            Goto("/models/claude-3-5-haiku/try"),
            Wait("#try-form"),
            Fill("#try-prompt", "Hello"),
            Inject(r#"{"method": "POST", "path": "/v2/serve/chat/completions", "fault": "midStreamError", "afterChunks": 4, "message": "connection reset by provider"}"#),
            Click("#try-send"),
            WaitText("#try-state", "Failed"),
        ],
    ),
    page(
        "try-embeddings",
        "try page of an embedding model",
        &[
            Goto("/models/titan-embed-text-v2/try"),
            Fill("#try-prompt", "The quick brown fox"),
            Fill("#try-second", "A fast auburn fox"),
            Click("#try-send"),
            Wait("#embed-cosine"),
        ],
    ),
    page(
        "try-image",
        "try page of an image model",
        &[Goto("/models/titan-image-generator-v2/try"), Fill("#try-prompt", "A red square"), Click("#try-send"), Wait("#try-image")],
    ),
    page("try-unavailable", "try page of a model that cannot be tried", &[Goto("/models/nova-reel/try"), Wait("#try-unavailable")]),
    page("compare-one", "compare page with one model", &[Goto("/compare?models=titan-express-v1"), Wait("#compare-need-more")]),
    page(
        "compare",
        "compare page with four answers and the chart",
        &[
            Goto("/compare?models=titan-express-v1,claude-3-5-haiku,deepseek-r1-reasoning,sagemaker-amazon-mistrallite"),
            Wait("#compare-send"),
            Fill("#compare-prompt", "Name a colour"),
            Fill("#compare-max-tokens", "24"),
            Click("#mode-parallel"),
            Click("#compare-send"),
            Wait("#compare-chart:not([hidden])"),
            Wait("#compare-stop[disabled]"),
        ],
    ),
    page("catalogue-embed", "catalogue in embed mode", &[Goto("/models?embed=1"), Wait(".shell.embed tr.model-row")]),
    // Import and export (issue 14). The plan stays stored in the tab, so the empty page is first;
    // the applied plan creates one model, so these come after every other page of the demo.
    page("import", "import page", &[Goto("/models/import"), Wait("#import-file")]),
    page(
        "import-file-error",
        "import page, a file that cannot be read",
        &[Goto("/models/import"), Wait("#import-text"), Js(IMPORT_BROKEN), Wait("#import-file-error")],
    ),
    page(
        "import-plan",
        "import plan",
        &[Goto("/models/import"), Wait("#import-text"), Js(IMPORT_FILE), WaitText("#existing-count", "Compared with"), Wait("#plan-table .plan-invalid")],
    ),
    page(
        "import-applied",
        "import plan, applied",
        &[Goto("/models/import"), Wait("#plan-table"), Click("#import-apply"), WaitText("#import-progress-text", "Done")],
    ),
    page("export", "export page", &[Goto("/models/export"), WaitText("#export-download", "models)")]),
    page("export-filter", "export page, the catalogue's filter", &[Goto("/models/export?hosting=lisa_hosted"), Wait("#scope-view")]),
    page("export-one", "export page, one model", &[Goto("/models/export?id=titan-express-v1"), WaitText("#export-download", "(1 model)")]),
    Page { world: World::BadConfig, signed_in: false, ..page("config-error", "configuration error screen", &[Goto("/models"), Wait("#config-error")]) },
    Page { world: World::NoCreateBundle, ..page("bundle-missing", "bundle-missing page", &[Goto("/models/new"), Wait("#page-bundle-missing")]) },
];

/// The pages of one world, in the order above (the order matters within a world: later pages
/// see what earlier ones did, e.g. a stopped model).
pub fn of_world(world: World, filter: &(dyn Fn(&Page) -> bool + Sync)) -> Vec<&'static Page> {
    PAGES.iter().filter(|p| p.world == world && filter(p)).collect()
}

/// What a page's session starts from: the admin token (or none), and no embed mode left over
/// from an earlier page (it sticks for the tab).
pub(crate) fn session_script(page: &Page) -> String {
    let token = if page.signed_in {
        format!("sessionStorage.setItem('lisa-admin.token', {});", json!(ADMIN_TOKEN))
    } else {
        "sessionStorage.removeItem('lisa-admin.token');".to_string()
    };
    format!("{token} sessionStorage.removeItem('lisa-admin.embed'); return true;")
}

