//! Browser end-to-end tests: the release build in headless Chromium against the real mock.
//!
//! Run with `make test` (or `make e2e`), which builds `dist/` and `lisa-mock` first.
//! `cargo test -p lisa-e2e --test e2e -- <filter>` runs a subset; `--test-threads 1` runs them
//! one at a time.

mod access;
mod bulk;
mod catalogue;
mod concurrency;
mod default_model;
mod faults;
mod forms;
mod hosting;
mod hostile;
mod hygiene;
mod metrics;
mod shell;
mod try_model;
mod transfer;
mod visual;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use libtest_mimic::{Arguments, Trial};
use lisa_e2e::{browser, TestResult};

pub type TestFuture = Pin<Box<dyn Future<Output = TestResult> + Send>>;

pub struct Case {
    pub name: &'static str,
    pub run: fn() -> TestFuture,
}

#[macro_export]
macro_rules! cases {
    ($($f:ident),* $(,)?) => {
        vec![$($crate::Case { name: concat!(module_path!(), "::", stringify!($f)), run: || Box::pin($f()) }),*]
    };
}

fn main() {
    let mut args = Arguments::from_args();
    // Two browsers at a time suit the 2-core machines; more only adds flakiness.
    if args.test_threads.is_none() {
        args.test_threads = Some(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => Arc::new(rt),
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            std::process::exit(2);
        }
    };
    let cases: Vec<Case> = [
        // The long matrices first, so that the other tests run beside them, not after them.
        faults::cases(),
        visual::cases(),
        hostile::cases(),
        catalogue::cases(),
        bulk::cases(),
        default_model::cases(),
        forms::cases(),
        shell::cases(),
        hosting::cases(),
        hygiene::cases(),
        metrics::cases(),
        access::cases(),
        concurrency::cases(),
        try_model::cases(),
        transfer::cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let trials = cases
        .into_iter()
        .map(|case| {
            let runtime = runtime.clone();
            let name = case.name.trim_start_matches("e2e::");
            Trial::test(name, move || runtime.block_on((case.run)()).map_err(Into::into))
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    browser::shutdown();
    conclusion.exit();
}
