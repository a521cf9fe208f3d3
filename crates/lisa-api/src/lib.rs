//! LISA v6.6.0's API as it really behaves (shared/lisa-api.md, lisa-serve.md, lisa-config.md),
//! shared by the LISA Admin app and the mock LISA server: serde types for every body (`model`,
//! `requests`, `metrics`, `serve`), the one error type and its decoders (`error`), the server's
//! validation rules in LISA's evaluation order (`validate`), and the JWT claim helpers LISA's
//! authorizers use (`jwt`).
//!
//! Nothing about the console lives here (pages, HTML, storage, config.json): that is
//! `lisa-console`. The mock depends on this crate only; `make test` checks it.

pub mod config;
pub mod enums;
pub mod error;
pub mod field;
pub mod jwt;
pub mod metrics;
pub mod model;
pub mod requests;
pub mod serve;
pub mod validate;

pub use enums::{GuardrailMode, HostingType, InferenceContainer, ModelStatus, ModelType, ScheduleType};
pub use error::{decode_error, decode_json, decode_metrics, ApiError, ErrorKind, FieldError, LocPart};
pub use field::Field;
pub use model::LisaModel;
