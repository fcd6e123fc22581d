//! A request id on every response (`x-request-id`) and on every log line
//! written while the request is served: each request runs inside a tracing
//! span that carries the id. A well-formed id from the client (a proxy's or
//! load balancer's) is kept, so one id follows the request across hops;
//! anything else is replaced by a fresh random one.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{HeaderName, HeaderValue};
use tracing::Instrument;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// 1 to 64 characters of letters, digits and `-_.:`: what UUIDs, trace ids
/// and the ids proxies generate look like, and nothing a log could mistake
/// for a second field or line.
pub fn well_formed(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

pub async fn assign(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| well_formed(v))
        .map(str::to_string)
        // 256 random bits, as a session token's.
        .unwrap_or_else(backend::tokens::new_token);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        route = %route.as_deref().unwrap_or(crate::metrics::UNMATCHED),
    );
    let mut response = next.run(request).instrument(span.clone()).await;
    if response.status().is_server_error() {
        span.in_scope(|| tracing::warn!(status = response.status().as_u16(), "request failed"));
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use axum::Router;
    use std::sync::{Arc, Mutex};
    use tower::ServiceExt;

    #[test]
    fn ids_are_kept_only_when_well_formed() {
        for ok in [
            "abc",
            "0f8e-11",
            "1-5759e988-bd862e3fe1be46a994272793",
            &"a".repeat(64),
        ] {
            assert!(well_formed(ok), "{ok}");
        }
        for bad in ["", "a b", "x\ny", "id=1 admin=true", "ü", &"a".repeat(65)] {
            assert!(!well_formed(bad), "{bad:?}");
        }
        // The ids it makes itself are kept by the next hop too.
        assert!(well_formed(&backend::tokens::new_token()));
    }

    /// A writer the test reads back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Every log line written while a request is served names its id.
    #[tokio::test]
    async fn log_lines_inside_a_request_carry_its_id() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = Router::new()
            .route(
                "/things/{id}",
                get(|| async {
                    tracing::info!("inside the handler");
                    "ok"
                }),
            )
            .layer(axum::middleware::from_fn(assign));
        let response = app
            .oneshot(
                Request::get("/things/7")
                    .header("x-request-id", "given-id-1")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.headers()["x-request-id"], "given-id-1");
        let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let line = logs
            .lines()
            .find(|l| l.contains("inside the handler"))
            .unwrap_or_else(|| panic!("no log line in {logs:?}"));
        assert!(line.contains("id=given-id-1"), "{line}");
        assert!(line.contains("route=/things/{id}"), "{line}");
    }
}
