//! The bundle under `/pkg`: the Brotli or gzip file the release build made
//! beside each one, chosen by `Accept-Encoding` (`Content-Type` stays the
//! original's, e.g. `application/wasm`), and — when the names carry their
//! content's hash — kept by browsers for a year without asking again.
//! Unhashed names (a debug site) are revalidated on every load instead.

use std::path::PathBuf;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use http::header::CACHE_CONTROL;
use http::HeaderValue;
use leptos::prelude::LeptosOptions;
use tower_http::services::ServeDir;

pub fn service(options: &LeptosOptions) -> Router {
    let dir = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let policy = if options.hash_files {
        HeaderValue::from_static("public, max-age=31536000, immutable")
    } else {
        HeaderValue::from_static("no-cache")
    };
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(move |request, next| {
            cache_policy(policy.clone(), request, next)
        }))
}

/// Only a file that was found is cacheable: a 404 kept for a year would
/// outlive the deployment that fixes it.
async fn cache_policy(policy: HeaderValue, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == http::StatusCode::NOT_MODIFIED {
        response.headers_mut().insert(CACHE_CONTROL, policy);
    }
    response
}
