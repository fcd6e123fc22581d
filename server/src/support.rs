//! A support request's attachments (R-SW-08): the upload (a multipart
//! form, which a server function's URL encoding cannot carry) and the
//! download, authorized like every server function (the session cookie,
//! then `backend::support`). The upload answers the form listener as a
//! server function would (JSON, with the error's status); a browser
//! without wasm is sent back to the request, with `?attached=1` or
//! `?refused=<code>`.

use app::error::AppError;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use backend::support::Upload;
use domain::support::{SupportRequestError, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES};
use domain::FieldError;
use http::header::{
    ACCEPT, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use http::{HeaderMap, StatusCode};

use crate::exports::{failure, signed_in};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/support-requests/{id}/attachments",
            // The most a valid upload can be, and the form's own bytes.
            post(upload).layer(DefaultBodyLimit::max(
                MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 64 * 1024,
            )),
        )
        .route("/support-attachments/{id}", get(download))
}

/// The files of the form's `files` field; a field without a file (the
/// browser sends one when none was chosen) is left out.
async fn files(mut form: Multipart) -> Result<Vec<Upload>, AppError> {
    // Over the body limit is too large a file; anything else, a body that
    // is not the form's.
    let refused = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::Invalid(vec![FieldError::new(
                "attachments",
                &SupportRequestError::AttachmentTooLarge,
            )])
        } else {
            AppError::BadRequest(FieldError::new("", &app::error::Code::BodyInvalid))
        }
    };
    let mut uploads = Vec::new();
    while let Some(field) = form.next_field().await.map_err(refused)? {
        if field.name() != Some("files") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(refused)?;
        if name.is_empty() && bytes.is_empty() {
            continue;
        }
        uploads.push(Upload {
            name,
            bytes: bytes.to_vec(),
        });
    }
    Ok(uploads)
}

async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let svc = &state.services;
    let actor = match signed_in(svc, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    let outcome = match files(form).await {
        Ok(uploads) => backend::support::add_attachments(svc, &actor, id, uploads)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    let wants_json = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    match (outcome, wants_json) {
        (Ok(()), true) => {
            (StatusCode::OK, [(CONTENT_TYPE, "application/json")], "null").into_response()
        }
        (Ok(()), false) => {
            Redirect::to(&format!("/support-requests/{id}?attached=1")).into_response()
        }
        (Err(e), true) => (
            e.status(),
            [(CONTENT_TYPE, "application/json")],
            serde_json::to_string(&e).unwrap_or_default(),
        )
            .into_response(),
        (Err(e), false) => {
            let code = e
                .messages()
                .first()
                .map(|m| m.code.clone())
                .unwrap_or_default();
            Redirect::to(&format!("/support-requests/{id}?refused={code}")).into_response()
        }
    }
}

/// `attachment` with the file's name: plain for ASCII names, and as UTF-8
/// (RFC 6266, RFC 8187) for any other, with an ASCII stand-in for old
/// clients.
fn disposition(name: &str) -> String {
    if name.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return format!("attachment; filename=\"{name}\"");
    }
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// An attachment, as a download (never shown inline: its type is checked,
/// but the file is the partner's).
async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let svc = &state.services;
    let actor = match signed_in(svc, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    match backend::support::attachment(svc, &actor, id).await {
        Ok((name, kind, bytes)) => (
            [
                (CONTENT_TYPE, kind.mime().to_string()),
                (CONTENT_DISPOSITION, disposition(&name)),
                (CACHE_CONTROL, "no-store".to_string()),
                (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => failure(e),
    }
}
