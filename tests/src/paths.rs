//! Where the harness finds what `make` built.

use std::path::PathBuf;

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The release build served to the browser (`make dist`), overridable with `LISA_DIST`.
pub fn dist() -> PathBuf {
    std::env::var_os("LISA_DIST").map(PathBuf::from).unwrap_or_else(|| workspace().join("dist"))
}

/// The mock server binary (`cargo build -p lisa-mock`), overridable with `LISA_MOCK_BIN`.
pub fn mock_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("LISA_MOCK_BIN") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace().join("target"));
    target.join("debug").join("lisa-mock")
}

pub fn node_modules() -> PathBuf {
    workspace().join("node_modules")
}
