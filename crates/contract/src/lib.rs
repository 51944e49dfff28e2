//! The portal's contract: every type that crosses the wire or is read from a
//! deployment file, and the validation rules for them. Compiled both into the
//! browser app (wasm32) and into the reference backend, so a rule is written
//! once. Only `serde`/`serde_json`: no web, server or time-zone dependencies.

pub mod advisory;
pub mod case;
pub mod desk;
pub mod error;
pub mod guidance;
pub mod lang;
pub mod phone;
pub mod profile;
pub mod reference;
pub mod registration;
pub mod site;
pub mod staff;
pub mod time;

pub use error::{ApiError, ErrorBody, FieldError};
pub use lang::{Lang, Localized};
pub use profile::Profile;

/// Version of the HTTP contract (`/api/v1`). Bumped only on breaking changes.
pub const API_VERSION: &str = "v1";

/// Response of `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}
