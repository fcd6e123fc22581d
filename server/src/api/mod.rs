//! The REST API, `/api/v1` (R-API-01 … 04): JSON resources over the same
//! `backend` use cases as the server functions, so neither adapter holds a
//! rule or an authorization check. Authenticated by API tokens only
//! (`Authorization: Bearer bc_live_…`); a cookie is never read here, so the
//! API has no CSRF surface. Layers, outermost first: errors rendered as JSON
//! in the caller's language, the token and its rate limit, `Idempotency-Key`.

mod auth;
mod docs;
mod error;
mod etag;
mod idempotency;
mod openapi;
mod page;
mod rate;
mod resources;

use std::sync::Arc;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use axum::Router;
use backend::Services;

pub use auth::Caller;
pub use error::ApiError;

#[derive(Clone)]
pub struct ApiState {
    pub services: Services,
    limiter: Arc<rate::Limiter>,
    document: Arc<serde_json::Value>,
}

/// The API, to be nested at `/api/v1`.
pub fn router<S: Clone + Send + Sync + 'static>(services: Services) -> Router<S> {
    let (resources, document) = resources::router().split_for_parts();
    let state = ApiState {
        services,
        limiter: Arc::new(rate::Limiter::from_env()),
        document: Arc::new(openapi::finish(document)),
    };
    let resources: Router<S> = resources
        .layer(from_fn_with_state(state.clone(), idempotency::replay))
        .layer(from_fn_with_state(state.clone(), auth::authenticate))
        .with_state(state.clone());
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/", get(docs::page))
        .with_state(state)
        .merge(resources)
        .fallback(|| async { ApiError::not_found() })
        .layer(from_fn(error::localize))
}
