//! What LISA Admin does, in plain Rust tested natively with `cargo test`: the catalogue's rows,
//! query, sort, filter and columns (`catalogue`); which lifecycle actions a model allows and why
//! not (`lifecycle`); the create and edit forms' state, codec, drafts and complaint placement
//! (`model_form`); the metrics views and CSV (`metrics_view`); the runtime `config.json`
//! (`app_config`); trying and comparing models through LISA Serve (`try_model`); many models at
//! once: bulk plans and runs (`bulk`), export and import (`transfer`); the default model's safe
//! procedure (`default_model`) and the context window (`context_window`); URLs and which bundle
//! serves a route (`url`, `sections`); sign-in and admin status from the token (`auth`); shell
//! quoting for "Copy as curl" (`shell`); and the pages' HTML text (`render`).
//!
//! LISA's own API (wire types, errors, validation rules) is `lisa_api`; this crate builds on it
//! and never the other way round. The app's pages stay thin views over these functions.

pub mod app_config;
pub mod auth;
pub mod bulk;
pub mod catalogue;
pub mod context_window;
pub mod default_model;
pub mod lifecycle;
pub mod metrics_view;
pub mod model_form;
pub mod render;
pub mod sections;
pub mod shell;
pub mod try_model;
pub mod transfer;
pub mod url;
