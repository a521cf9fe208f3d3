//! Many models at once (issue 14): `/models/import` and `/models/export`, in the create bundle
//! (they share its rules and its model → form code). The logic is `lisa_console::transfer`;
//! here are the pages, the file and clipboard plumbing, the runs, and the create form's side of
//! the hand-over.

mod dom;
pub mod export;
pub mod handover;
pub mod import;
mod import_run;

pub use export::ExportModelsPage;
pub use import::ImportModelsPage;
