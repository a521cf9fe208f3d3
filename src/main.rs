//! LISA Admin: the browser admin console for LISA, compiled to WebAssembly.
//!
//! Start-up (`boot`): install the panic hook, load the runtime `config.json`, then mount the app
//! (or a screen that says which config key is wrong).

mod api;
mod app;
mod boot;
mod components;
mod embed;
mod oidc;
mod pages;
mod panic_hook;
mod routes;
mod session;
mod session_watch;
mod storage;
mod time;

fn main() {
    panic_hook::install();
    boot::start();
}
