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

/// The middle value (the upper one of an even count); NaN for none.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The largest value; NaN for none.
pub fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NAN, f64::max)
}

/// A figure in milliseconds.
pub fn ms(name: &str, value: f64) -> Figure {
    Figure { name: name.to_string(), value, unit: "ms" }
}
