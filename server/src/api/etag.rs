//! R-API-03: strong ETags on single resources, `If-None-Match` → 304, and
//! `If-Match` on writes (412 when stale, 428 when a subscription write
//! comes without one).

use axum::response::{IntoResponse, Response};
use axum::Json;
use http::header::{ETAG, IF_MATCH, IF_NONE_MATCH};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::ApiError;

/// A strong validator of a representation: its JSON's SHA-256 (128 bits),
/// after `version` (the resource's own version column, where it has one).
pub fn of(version: Option<u32>, json: &[u8]) -> String {
    let digest = Sha256::digest(json);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    match version {
        Some(v) => format!("\"{v}-{hex}\""),
        None => format!("\"{hex}\""),
    }
}

/// The version an ETag of [`of`] names.
pub fn version(etag: &str) -> Option<u32> {
    etag.trim_matches('"').split_once('-')?.0.parse().ok()
}

/// Does a header's list of ETags (or `*`) hold `etag`? Strong comparison:
/// a weak tag (`W/"…"`) never matches.
fn listed(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t == etag)
}

/// A single resource: 304 when the client has it, else 200 with its ETag.
pub fn single<T: Serialize>(headers: &HeaderMap, version: Option<u32>, value: &T) -> Response {
    let json = serde_json::to_vec(value).expect("a view serializes");
    let etag = of(version, &json);
    let tag = HeaderValue::from_str(&etag).expect("an ETag is ASCII");
    let fresh = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|h| listed(h, &etag));
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            json,
        )
            .into_response()
    };
    res.headers_mut().insert(ETAG, tag);
    res
}

/// The `If-Match` a write to a subscription must send (428 without), and
/// whether it is the current `etag` (412 if not). Returns the version it
/// names, for the use case to check again under the row lock.
pub fn require_match(headers: &HeaderMap, etag: &str) -> Result<u32, ApiError> {
    let Some(sent) = headers.get(IF_MATCH).and_then(|v| v.to_str().ok()) else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "If-Match",
            &backend::Code::PreconditionRequired,
        ));
    };
    if !listed(sent, etag) {
        return Err(ApiError::stale());
    }
    version(etag)
        .ok_or_else(|| ApiError::from(backend::Error::Internal("an ETag without a version".into())))
}

/// Wraps a handler's JSON answer.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    (status, Json(value)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_api_03_a_strong_etag_carries_the_version_and_compares_strongly() {
        // SHA-256("{}") = 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a.
        let etag = of(Some(7), b"{}");
        assert_eq!(etag, "\"7-44136fa355b3678a1146ad16f7e8649e\"");
        assert_eq!(version(&etag), Some(7));
        assert!(listed(&format!("\"x\", {etag}"), &etag));
        assert!(listed("*", &etag));
        assert!(!listed(&format!("W/{etag}"), &etag));
        assert_eq!(of(None, b"{}"), "\"44136fa355b3678a1146ad16f7e8649e\"");
    }
}
