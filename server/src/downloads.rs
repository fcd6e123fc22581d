//! `/downloads/{token}`: the file of a download link (R-SW-04), streamed,
//! with `Range` (one range; a request for several gets the whole file, as
//! RFC 9110 allows). A request from the first byte starts a download and
//! counts; one from a later byte continues one. A link that gives no file
//! leads to the page that says why and what to do.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use backend::software::downloads::download as take;
use http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE,
    RANGE, X_CONTENT_TYPE_OPTIONS,
};
use http::{HeaderMap, StatusCode};

use crate::AppState;

/// The bytes a request asks for, as written: `bytes=a-b`, `bytes=a-` or
/// `bytes=-n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Asked {
    Whole,
    From(u64, Option<u64>),
    Last(u64),
    Malformed,
}

fn asked(headers: &HeaderMap) -> Asked {
    let Some(value) = headers.get(RANGE).and_then(|v| v.to_str().ok()) else {
        return Asked::Whole;
    };
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Asked::Malformed;
    };
    if spec.contains(',') {
        return Asked::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Asked::Malformed;
    };
    match (a.parse::<u64>(), b) {
        (Ok(a), "") => Asked::From(a, None),
        (Ok(a), b) => match b.parse::<u64>() {
            Ok(b) if b >= a => Asked::From(a, Some(b)),
            _ => Asked::Malformed,
        },
        (Err(_), b) if a.is_empty() => b.parse().map_or(Asked::Malformed, Asked::Last),
        _ => Asked::Malformed,
    }
}

impl Asked {
    /// Continues a download rather than starting one.
    fn continues(self) -> bool {
        matches!(self, Asked::From(a, _) if a > 0) || matches!(self, Asked::Last(_))
    }

    /// The inclusive byte range of a file of `len` bytes, `None` when
    /// it asks for none of them (416).
    fn bytes(self, len: u64) -> Option<Option<(u64, u64)>> {
        match self {
            Asked::Whole => Some(None),
            Asked::From(a, _) if a >= len => None,
            Asked::From(a, b) => Some(Some((a, b.unwrap_or(len - 1).min(len - 1)))),
            Asked::Last(0) | Asked::Malformed => None,
            Asked::Last(n) => Some(Some((len.saturating_sub(n), len - 1))),
        }
    }
}

fn unavailable(why: &str) -> Response {
    Redirect::to(&format!("/download-unavailable?why={why}")).into_response()
}

pub async fn download(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let asked = asked(&headers);
    let file = match take(&state.services, &token, asked.continues()).await {
        Ok(Ok(file)) => file,
        Ok(Err(refused)) => return unavailable(refused.code()),
        Err(e) => {
            e.log();
            return StatusCode::from_u16(e.status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                .into_response();
        }
    };
    let len = file.bytes.len() as u64;
    let Some(range) = asked.bytes(len) else {
        return (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(CONTENT_RANGE, format!("bytes */{len}"))],
        )
            .into_response();
    };
    let (status, start, end) = match range {
        None => (StatusCode::OK, 0, len.saturating_sub(1)),
        Some((a, b)) => (StatusCode::PARTIAL_CONTENT, a, b),
    };
    let mut response = Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "application/octet-stream")
        .header(
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.file_name),
        )
        .header(CONTENT_LENGTH, end + 1 - start)
        .header(ACCEPT_RANGES, "bytes")
        // Every download counts: nothing may answer it from a cache.
        .header(CACHE_CONTROL, "no-store")
        .header(X_CONTENT_TYPE_OPTIONS, "nosniff");
    if range.is_some() {
        response = response.header(CONTENT_RANGE, format!("bytes {start}-{end}/{len}"));
    }
    let part = file.bytes[start as usize..=end as usize].to_vec();
    let chunks = part
        .chunks(64 * 1024)
        .map(|c| Ok::<_, Infallible>(Bytes::copy_from_slice(c)))
        .collect::<Vec<_>>();
    response
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(value: &str) -> Asked {
        let mut h = HeaderMap::new();
        h.insert(RANGE, value.parse().unwrap());
        asked(&h)
    }

    /// Single ranges as RFC 9110 writes them, over a file of 1,000 bytes.
    #[test]
    fn r_sw_04_ranges_of_a_download() {
        assert_eq!(asked(&HeaderMap::new()).bytes(1000), Some(None));
        assert_eq!(range("bytes=0-99").bytes(1000), Some(Some((0, 99))));
        assert!(!range("bytes=0-99").continues());
        assert_eq!(range("bytes=500-").bytes(1000), Some(Some((500, 999))));
        assert!(range("bytes=500-").continues());
        assert_eq!(range("bytes=900-5000").bytes(1000), Some(Some((900, 999))));
        assert_eq!(range("bytes=-100").bytes(1000), Some(Some((900, 999))));
        assert_eq!(range("bytes=1000-").bytes(1000), None);
        assert_eq!(range("bytes=5-2").bytes(1000), None);
        assert_eq!(range("items=0-1").bytes(1000), None);
        assert_eq!(range("bytes=0-1,5-6").bytes(1000), Some(None));
    }
}
