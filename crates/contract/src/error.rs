//! The one error shape of the API: `{"error":{"code":"...","message":"..."}}`,
//! with per-field details for validation errors (422).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `not_found`, `validation`.
    pub code: String,
    /// English text for developers and logs; the app shows its own text per code.
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One problem with one field. `field` is a path such as `contacts[0].number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    #[serde(default)]
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            error: ErrorBody {
                code: code.to_string(),
                message: message.into(),
                fields: Vec::new(),
            },
        }
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        ApiError {
            error: ErrorBody {
                code: "validation".to_string(),
                message: "Some fields are not valid.".to_string(),
                fields,
            },
        }
    }
}
