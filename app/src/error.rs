//! The error every server function returns, as it goes over the wire. It
//! carries the same stable codes as the rules crate and the backend, so the
//! UI can show each next to its field; its statuses follow the error policy
//! in `backend::error`.
//!
//! One case never reaches a use case: a request body the server cannot
//! decode (a missing field, letters for a number, a number too large for its
//! type, invalid UTF-8 or JSON). That is 400 with `field_missing` naming the
//! field, or `body_invalid`; the decoder's text is logged at debug level,
//! never sent, as it describes the server's types rather than the input.

use domain::{ErrorCode, FieldError};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

domain::codes! {
    /// The app's own codes: the errors about no field, and a body the
    /// server could not decode.
    pub enum Code {
        Unauthenticated => "unauthenticated",
        Forbidden => "forbidden",
        NotFound => "not_found",
        RateLimited => "rate_limited",
        Unavailable => "unavailable",
        Internal => "internal",
        Transport => "transport",
        BodyInvalid => "body_invalid",
        FieldMissing => "field_missing",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    Unauthenticated,
    Forbidden,
    NotFound,
    /// It existed and is gone for good (the error says since when and why).
    Gone(FieldError),
    Invalid(Vec<FieldError>),
    /// The request body could not be decoded.
    BadRequest(FieldError),
    Conflict(String),
    /// A conflict that passes: try again after `retry_after` seconds.
    Busy {
        code: String,
        retry_after: u32,
    },
    RateLimited,
    /// The database cannot be reached for now: try again shortly.
    Unavailable,
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
            AppError::BadRequest(error) | AppError::Gone(error) => vec![error.clone()],
            AppError::Conflict(code) | AppError::Busy { code, .. } => {
                vec![FieldError::from_code("", code)]
            }
            other => vec![FieldError::new("", &other.own_code())],
        }
    }

    /// The code of an error that carries none of its own.
    fn own_code(&self) -> Code {
        match self {
            AppError::Unauthenticated => Code::Unauthenticated,
            AppError::Forbidden => Code::Forbidden,
            AppError::NotFound => Code::NotFound,
            AppError::RateLimited => Code::RateLimited,
            AppError::Unavailable => Code::Unavailable,
            AppError::Transport(_) => Code::Transport,
            AppError::Invalid(_)
            | AppError::BadRequest(_)
            | AppError::Gone(_)
            | AppError::Conflict(_)
            | AppError::Busy { .. }
            | AppError::Internal => Code::Internal,
        }
    }

    /// The HTTP status of a response with this error.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) | AppError::Busy { .. } => StatusCode::CONFLICT,
            AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The `Retry-After` seconds of its response, if it passes.
    #[cfg(feature = "ssr")]
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            AppError::Unavailable => Some(backend::error::RETRY_AFTER_SECONDS),
            AppError::Busy { retry_after, .. } => Some(*retry_after),
            _ => None,
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
            AppError::BadRequest(error) => write!(f, "bad request: {}", error.code),
            AppError::Gone(error) => write!(f, "gone: {}", error.code),
            AppError::Conflict(code) | AppError::Busy { code, .. } => write!(f, "conflict: {code}"),
            AppError::Transport(msg) => write!(f, "transport: {msg}"),
            other => f.write_str(other.own_code().code()),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// In the browser: the call failed on the way. On the server: the
    /// request could not be decoded (400), or the answer not built (500).
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            let error = match &value {
                ServerFnErrorErr::MissingArg(name) => {
                    AppError::BadRequest(missing_or_invalid(Some(name)))
                }
                ServerFnErrorErr::Args(message) | ServerFnErrorErr::Deserialization(message) => {
                    tracing::debug!(error = %message, "undecodable request");
                    AppError::BadRequest(undecodable(message))
                }
                other => {
                    tracing::error!(error = %other, "server function failed");
                    AppError::Internal
                }
            };
            crate::api::context::set_status(&error);
            error
        }
        #[cfg(not(feature = "ssr"))]
        AppError::Transport(value.to_string())
    }
}

/// The field error of an undecodable body: `field_missing` when the
/// decoder names a missing field (serde writes ``missing field `name` ``),
/// else `body_invalid`.
#[cfg(feature = "ssr")]
fn undecodable(message: &str) -> FieldError {
    let missing = message
        .split_once("missing field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name);
    missing_or_invalid(missing)
}

/// `field_missing` for a field that looks like one of ours, else `body_invalid`.
#[cfg(feature = "ssr")]
fn missing_or_invalid(field: Option<&str>) -> FieldError {
    match field {
        Some(name)
            if !name.is_empty()
                && name.len() <= 64
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            FieldError::new(name, &Code::FieldMissing)
        }
        _ => FieldError::new("", &Code::BodyInvalid),
    }
}

#[cfg(feature = "ssr")]
impl From<backend::Error> for AppError {
    /// Logs the error as the policy says, then keeps only its code.
    fn from(e: backend::Error) -> Self {
        e.log();
        match e {
            backend::Error::Unauthenticated => AppError::Unauthenticated,
            backend::Error::Forbidden => AppError::Forbidden,
            backend::Error::NotFound => AppError::NotFound,
            backend::Error::Gone(e) => AppError::Gone(e),
            backend::Error::Invalid(errors) => AppError::Invalid(errors),
            backend::Error::Conflict(code) => AppError::Conflict(code.code().to_string()),
            backend::Error::DelegationRefused(e) => AppError::Conflict(e.code().to_string()),
            backend::Error::Processing { retry_after } => AppError::Busy {
                code: domain::ProcessingError::InProgress.code().to_string(),
                retry_after,
            },
            backend::Error::RateLimited => AppError::RateLimited,
            // Pages send no `If-Match`; only the REST API sees this one.
            backend::Error::PreconditionFailed => {
                AppError::Conflict(backend::Code::PreconditionFailed.code().to_string())
            }
            backend::Error::Unavailable(_) => AppError::Unavailable,
            backend::Error::Database(_)
            | backend::Error::InvoiceMissing
            | backend::Error::Internal(_) => AppError::Internal,
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// The wire error answers with the status the backend's policy gives
    /// the use-case error it came from.
    #[test]
    fn the_status_is_the_backends() {
        let errors = [
            backend::Error::Unauthenticated,
            backend::Error::Forbidden,
            backend::Error::NotFound,
            backend::Error::Invalid(vec![]),
            backend::Error::Conflict(backend::Code::LastAdministrator),
            backend::Error::DelegationRefused(domain::benefits::DelegationError::AlreadyPending),
            backend::Error::Processing { retry_after: 120 },
            backend::Error::RateLimited,
            backend::Error::Unavailable(sqlx::Error::PoolClosed),
            backend::Error::Database(sqlx::Error::RowNotFound),
            backend::Error::InvoiceMissing,
            backend::Error::Internal("x".into()),
        ];
        for e in errors {
            let status = e.status();
            let name = e.to_string();
            assert_eq!(AppError::from(e).status().as_u16(), status, "{name}");
        }
    }

    #[test]
    fn refusals_keep_their_codes_on_the_wire() {
        assert_eq!(
            AppError::from(backend::Error::Conflict(backend::Code::LastAdministrator)),
            AppError::Conflict("last_administrator".into())
        );
        assert_eq!(
            AppError::from(backend::Error::DelegationRefused(
                domain::benefits::DelegationError::AlreadyPending
            )),
            AppError::Conflict("delegation_pending".into())
        );
        let busy = AppError::from(backend::Error::Processing { retry_after: 97 });
        assert_eq!(
            busy,
            AppError::Busy {
                code: "subscription_processing".into(),
                retry_after: 97
            }
        );
        assert_eq!(busy.retry_after(), Some(97));
        assert_eq!(AppError::Conflict("x".into()).retry_after(), None);
    }

    /// A decoder's message names at most a field, never the server's types.
    #[test]
    fn an_undecodable_body_names_the_missing_field_or_nothing() {
        assert_eq!(
            undecodable("missing field `pin` at line 1 column 20"),
            FieldError::new("pin", &Code::FieldMissing)
        );
        for message in [
            "invalid digit found in string",
            "number too large to fit in target type",
            "invalid type: string \"abc\", expected i64 at line 1 column 30",
            "missing field `a b`",
            "",
        ] {
            assert_eq!(
                undecodable(message),
                FieldError::new("", &Code::BodyInvalid),
                "{message}"
            );
        }
    }
}
