//! Many models at once (issue 14): `/models/import` (the transfer bundle), `/models/export` (the
//! deployment bundle), "Copy as curl" (on the detail page, the model bundle), and the create
//! form's side of the hand-over (the create bundle). The logic is `lisa_console::transfer`; here
//! are the pages, the file and clipboard plumbing, and the runs.

pub mod curl;
mod dom;
pub mod export;
pub mod handover;
pub mod import;
mod import_plan;
mod import_run;

pub use curl::CopyAsCurl;
pub use export::ExportModelsPage;
pub use import::ImportModelsPage;
