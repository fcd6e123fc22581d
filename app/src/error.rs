//! The error every server function returns. It carries the same stable codes
//! as the rules crate, so the UI can show each next to its field.

use domain::FieldError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    Unauthenticated,
    Forbidden,
    NotFound,
    Invalid(Vec<FieldError>),
    Conflict(String),
    RateLimited,
    Internal,
    /// The request did not reach the server function or its answer was unreadable.
    Transport(String),
}

impl AppError {
    /// What a form shows: each invalid field's errors (a form shows those
    /// of a field it has no slot for at its end), or the error's own code.
    pub fn messages(&self) -> Vec<FieldError> {
        match self {
            AppError::Invalid(errors) => errors.clone(),
            AppError::Conflict(code) => vec![FieldError::from_code("", code)],
            other => vec![FieldError::from_code("", other.code())],
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::RateLimited => "rate_limited",
            AppError::Internal => "internal",
            AppError::Transport(_) => "transport",
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Invalid(errors) => {
                let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
                write!(f, "invalid: {}", codes.join(", "))
            }
            AppError::Conflict(code) => write!(f, "conflict: {code}"),
            AppError::Transport(msg) => write!(f, "transport: {msg}"),
            other => f.write_str(other.code()),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<backend::Error> for AppError {
    fn from(e: backend::Error) -> Self {
        match e {
            backend::Error::Unauthenticated => AppError::Unauthenticated,
            backend::Error::Forbidden => AppError::Forbidden,
            backend::Error::NotFound => AppError::NotFound,
            backend::Error::Invalid(errors) => AppError::Invalid(errors),
            backend::Error::Conflict(code) => AppError::Conflict(code.to_string()),
            backend::Error::RateLimited => AppError::RateLimited,
            backend::Error::Database(e) => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
            backend::Error::InvoiceMissing => {
                tracing::error!("a ledger entry found no invoice; the change was rolled back");
                AppError::Internal
            }
            backend::Error::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                AppError::Internal
            }
        }
    }
}
