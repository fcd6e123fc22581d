//! Errors as the user sees them: which field, which stable code, and the
//! values the message needs. The UI translates `code`; the API returns it.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The form field the error belongs to (`"email"`, `"rows.2.roles"` …);
    /// `""` for an error about the whole form.
    pub field: String,
    pub code: String,
    pub params: Vec<(String, String)>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, error: &impl ErrorCode) -> FieldError {
        FieldError::from_code(field, error.code())
    }

    pub fn from_code(field: impl Into<String>, code: &str) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.to_string(),
            params: Vec::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<String>) -> FieldError {
        self.params.push((key.to_string(), value.into()));
        self
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}
