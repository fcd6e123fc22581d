//! Cross-cutting HTTP protections: security headers on every response, a
//! same-origin check on every state-changing request, and the client address
//! for rate limits.

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::context::ClientAddr;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{
    HeaderName, HeaderValue, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ORIGIN,
    STRICT_TRANSPORT_SECURITY,
};
use http::{Method, StatusCode};

use crate::proxies::TrustedProxies;

/// What the middleware knows about the deployment.
#[derive(Clone, Debug)]
pub struct Site {
    /// The origin of `BC_PUBLIC_URL`, as a browser writes it in `Origin`.
    pub origin: String,
    /// A public (https) deployment: HSTS.
    pub https: bool,
    pub trusted_proxies: TrustedProxies,
}

pub async fn security_headers(
    State(site): State<Arc<Site>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Pages set their own policy, with the nonce of their inline scripts.
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        if let Ok(csp) = HeaderValue::from_str(&app::content_security_policy(None)) {
            headers.insert(CONTENT_SECURITY_POLICY, csp);
        }
    }
    if !headers.contains_key(CACHE_CONTROL) && !is_static_asset(headers) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if site.https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ),
    ] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}

/// The bundle, styles, icons and fonts hold nothing personal and may be
/// cached; everything else (pages, server function answers, exports) may
/// show personal data, so no browser or proxy keeps a copy.
fn is_static_asset(headers: &http::HeaderMap) -> bool {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    [
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/wasm",
        "image/",
        "font/",
    ]
    .iter()
    .any(|prefix| content_type.starts_with(prefix))
}

/// Refuses a POST (or other unsafe method) sent by another site: a browser
/// marks it with `Sec-Fetch-Site: cross-site` or an `Origin` that is not
/// the public URL's (the Host header says nothing behind a proxy).
pub async fn same_origin(State(site): State<Arc<Site>>, request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if unsafe_method && is_cross_origin(&request, &site.origin) {
        return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
    }
    next.run(request).await
}

fn is_cross_origin(request: &Request, public_origin: &str) -> bool {
    let headers = request.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    match headers.get(ORIGIN) {
        // Browsers send `Origin` with every POST; a request without one is
        // not a browser's form or fetch from another site.
        None => false,
        Some(origin) => !origin
            .to_str()
            .is_ok_and(|o| o.eq_ignore_ascii_case(public_origin)),
    }
}

/// Puts the client address into the request for the rate limits.
pub async fn client_addr(
    State(site): State<Arc<Site>>,
    mut request: Request,
    next: Next,
) -> Response {
    let addr = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| {
            site.trusted_proxies
                .client(peer.ip(), request.headers())
                .to_string()
        })
        .unwrap_or_else(|| "unknown".into());
    request.extensions_mut().insert(ClientAddr(addr));
    next.run(request).await
}
