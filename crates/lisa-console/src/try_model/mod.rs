//! "Try a model" and "Compare" (issue 13), in plain Rust: the settings and the request body
//! (`settings`), one call's progress and figures (`call`), what a failure means (`explain`),
//! "Copy as curl" (`curl`), which models can be tried and why not (`models`), the compare modes
//! and the results file (`compare`), embedding and image results (`media`), and the ID token's
//! expiry check before sending (`token`).
//!
//! LISA Serve's wire format (chunks, the SSE decoder, the serve error of lisa-serve.md §9) is
//! `lisa_api::serve`; the app's one serve function and the pages are thin over both.

pub mod call;
pub mod compare;
pub mod curl;
pub mod explain;
pub mod media;
pub mod models;
pub mod settings;
pub mod token;

pub use call::{CallEnd, ChatCall, Figures, TokenCount};
pub use compare::CompareMode;
pub use explain::{explain, CallContext, Explained};
pub use models::{Listed, TryKind};
pub use settings::TrySettings;

/// lisa-serve.md §13: what a test prompt leaves behind.
pub const METRICS_NOTICE: &str = "Test prompts count toward your user's and this model's token usage metrics. \
     With an API token they also count as prompts and sessions.";

/// lisa-serve.md §4.
pub const GROUPS_NOTICE: &str = "LISA Serve does not enforce a model's allowed groups: anyone signed in to LISA \
     can call every model it lists.";
