//! Browser benchmarks: the release build in headless Chromium against the mock with generated
//! data. They print figures (never assert timings); `make bench` runs them all.

pub mod bulk;
pub mod catalogue;
pub mod metrics;
pub mod serve;
pub mod transfer;

/// One measured figure, printed as `name: value unit`.
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:<48} {:>10.1} {}", self.name, self.value, self.unit)
    }
}
