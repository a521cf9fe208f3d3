//! The end-to-end harness: the release `dist/` served like CloudFront ([`site`]), the real
//! `lisa-mock` binary ([`mock`]), and headless Chromium through chromedriver ([`browser`]),
//! put together per test by [`env::Env`].

pub mod a11y;
pub mod bench;
pub mod browser;
pub mod downloads;
pub mod env;
pub mod hostile;
pub mod mock;
pub mod oidc;
pub mod paths;
pub mod site;
pub mod visual;

pub use env::{Env, EnvOptions};

/// Test results: a failed step says what it expected.
pub type TestResult = Result<(), String>;

/// `?`-friendly context for any error.
pub trait Context<T> {
    fn context(self, what: &str) -> Result<T, String>;
}

impl<T, E: std::fmt::Display> Context<T> for Result<T, E> {
    fn context(self, what: &str) -> Result<T, String> {
        self.map_err(|e| format!("{what}: {e}"))
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, what: &str) -> Result<T, String> {
        self.ok_or_else(|| what.to_string())
    }
}

/// Fail with a message unless `cond` holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}
