//! LISA Admin: the browser admin console for LISA, compiled to WebAssembly.
//!
//! The app is built as one bundle per route section (`lisa_console::sections`): each binary in `src/main.rs`
//! and `src/bin/` calls [`start`] with its section, and only that section's pages end up in its
//! wasm. Start-up (`boot`): install the panic hook, load the runtime `config.json`, then mount
//! the app (or a screen that says which config key is wrong).

mod api;
mod app;
mod boot;
mod components;
mod download;
mod embed;
mod oidc;
mod pages;
mod panic_hook;
mod routes;
mod session;
mod session_watch;
mod storage;
mod time;

pub use app::{catalogue_routes, create_routes, edit_routes, deployment_routes, model_routes, transfer_routes, try_routes};
pub use lisa_console::sections::Section;

/// Start the bundle for `section`, serving the routes `routes` builds. Each binary passes its
/// own routes function, so the other sections' pages are not linked into its wasm.
pub fn start<R: leptos::prelude::IntoView + 'static>(section: Section, routes: fn() -> R) {
    panic_hook::install();
    boot::start(section, routes);
}
