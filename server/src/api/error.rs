//! R-API-04: one error shape everywhere, `{ "code", "message", "field",
//! "params", "errors" }`, with the UI's codes and the error policy's status
//! (`backend::error`). Handlers answer an [`ApiError`] without a body; the
//! outermost layer writes it in the caller's language: `Accept-Language`,
//! else the language of the token's user.

use app::error::AppError;
use app::i18n::Lang;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{ErrorCode, FieldError, Language};
use http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderValue, StatusCode};
use serde::Serialize;

#[derive(Clone, Debug)]
pub struct ApiError {
    status: StatusCode,
    errors: Vec<FieldError>,
    retry_after: Option<u32>,
}

/// The errors of a response, for [`localize`] to write.
#[derive(Clone, Debug)]
struct Problem(Vec<FieldError>);

/// The language of the token's user, for [`localize`].
#[derive(Clone, Copy, Debug)]
pub struct CallerLanguage(pub Language);

impl ApiError {
    pub fn new(status: StatusCode, field: &str, code: &impl ErrorCode) -> ApiError {
        ApiError {
            status,
            errors: vec![FieldError::new(field, code)],
            retry_after: None,
        }
    }

    /// R-API-03: the resource changed since the `If-Match` the client sent.
    pub fn stale() -> ApiError {
        ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "If-Match",
            &backend::Code::PreconditionFailed,
        )
    }

    pub fn not_found() -> ApiError {
        ApiError::from(backend::Error::NotFound)
    }

    pub fn retry_after(mut self, seconds: u32) -> ApiError {
        self.retry_after = Some(seconds);
        self
    }

    #[cfg(test)]
    pub fn code(&self) -> &str {
        self.errors.first().map_or("internal", |e| e.code.as_str())
    }
}

impl From<backend::Error> for ApiError {
    /// The server functions' mapping (which logs by the policy), so both
    /// adapters answer one error alike.
    fn from(e: backend::Error) -> ApiError {
        // The pages never send `If-Match`, so their answer is a conflict; here
        // it is the policy's 412.
        if matches!(e, backend::Error::PreconditionFailed) {
            return ApiError::stale();
        }
        ApiError::from(AppError::from(e))
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        ApiError {
            status: error.status(),
            errors: error.messages(),
            retry_after: error.retry_after(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        if let Some(seconds) = self.retry_after {
            res.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"api\""),
            );
        }
        res.extensions_mut().insert(Problem(self.errors));
        res
    }
}

#[derive(Serialize)]
struct Body {
    code: String,
    message: String,
    field: String,
    params: serde_json::Map<String, serde_json::Value>,
}

impl Body {
    fn of(e: &FieldError, lang: Lang) -> Body {
        Body {
            code: e.code.clone(),
            message: lang.error(e),
            field: e.field.clone(),
            params: e
                .params
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        }
    }
}

/// Writes a handler's [`ApiError`] as the JSON body.
/// The language a request asks for in `Accept-Language`, if it names one.
pub fn asked_language(headers: &http::HeaderMap) -> Option<Language> {
    headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Language::from_accept_language)
}

pub async fn localize(req: Request, next: Next) -> Response {
    let asked = asked_language(req.headers());
    let mut res = next.run(req).await;
    let Some(Problem(errors)) = res.extensions_mut().remove::<Problem>() else {
        return res;
    };
    let lang = Lang(
        asked
            .or_else(|| res.extensions().get::<CallerLanguage>().map(|l| l.0))
            .unwrap_or_default(),
    );
    let first = errors
        .first()
        .cloned()
        .unwrap_or_else(|| FieldError::from_code("", "internal"));
    let mut body = serde_json::to_value(Body::of(&first, lang)).expect("an error body serializes");
    body["errors"] =
        serde_json::to_value(errors.iter().map(|e| Body::of(e, lang)).collect::<Vec<_>>())
            .expect("error bodies serialize");
    let (mut parts, _) = res.into_parts();
    parts
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(http::header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}
