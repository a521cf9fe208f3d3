//! The LISA v6.6.0 API contract shared by the LISA Admin app and the mock LISA server:
//! serde types for every body (`model`, `requests`, `metrics`, `serve`), the one error type and
//! its decoders (`error`), the server's validation rules (`validate`), and the plain-Rust
//! domain logic the pages use (`lifecycle`, `format`, …). No web-sys: everything here is tested
//! natively with `cargo test`.

pub mod app_config;
pub mod auth;
pub mod catalogue;
pub mod enums;
pub mod error;
pub mod field;
pub mod lifecycle;
pub mod metrics;
pub mod metrics_view;
pub mod model;
pub mod model_form;
pub mod requests;
pub mod sections;
pub mod serve;
pub mod url;
pub mod validate;

pub use enums::{GuardrailMode, HostingType, InferenceContainer, ModelStatus, ModelType, ScheduleType};
pub use error::{decode_error, decode_json, decode_metrics, ApiError, ErrorKind, FieldError, LocPart};
pub use field::Field;
pub use model::LisaModel;
