//! Wiring only: the router with Leptos pages and server functions, health
//! check, middleware, and background jobs. Tests build the same router.

mod api;
mod assets;
pub mod cli;
pub mod config;
mod downloads;
mod exports;
pub mod metrics;
pub mod middleware;
pub mod operations;
mod plain_forms;
pub mod proxies;
pub mod request_id;
mod support;

use std::sync::{Arc, OnceLock};

use app::api::context::RequestActor;
use app::{shell, App};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use backend::Services;
use http::StatusCode;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
pub use operations::{MetricsAccess, Operations};
use proxies::TrustedProxies;
use tower_http::compression::{CompressionLayer, CompressionLevel};

#[derive(Clone)]
struct AppState {
    leptos_options: LeptosOptions,
    services: Services,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The app as it is served: [`router`] inside the operational layers
/// (request ids, metrics, `/metrics`).
pub fn app(
    services: Services,
    leptos_options: LeptosOptions,
    trusted_proxies: TrustedProxies,
    ops: Operations,
) -> Router {
    operations::wrap(
        router(services.clone(), leptos_options, trusted_proxies),
        services,
        ops,
    )
}

/// The app's page routes, generated once per process. Generating them runs
/// the app with resource loading suppressed for the whole process (a global
/// flag in leptos_server, leptos-rs/leptos#4773): a page rendered by another
/// router meanwhile, as the HTTP tests' parallel apps do, would wait for
/// its data forever. The list is the same for every router of the process.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole app. `trusted_proxies` (`BC_TRUSTED_PROXIES`) decides whose
/// `X-Forwarded-For` names the client.
pub fn router(
    services: Services,
    leptos_options: LeptosOptions,
    trusted_proxies: TrustedProxies,
) -> Router {
    let guard = Arc::new(middleware::Site {
        origin: config::origin_of(&services.config.public_url),
        https: services.config.is_https(),
        trusted_proxies,
    });
    let routes = routes();
    let api = api::router(services.clone());
    let state = AppState {
        leptos_options: leptos_options.clone(),
        services: services.clone(),
    };
    let site: Router = Router::new()
        .route("/healthz", get(healthz))
        .route("/exports/audit-log.csv", get(exports::audit_csv))
        .route(
            "/exports/subscriptions.csv",
            get(exports::subscriptions_csv),
        )
        .route(
            "/exports/benefits/{id}/transactions.csv",
            get(exports::benefit_history_csv),
        )
        .merge(support::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let services = services.clone();
                move || provide_request_context(&services)
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .nest_service("/pkg", assets::service(&leptos_options))
        // A path that is no route renders the 404 page, with the session
        // (the header shows who is signed in).
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(move || provide_request_context(&services), shell))
        .layer(axum::middleware::from_fn_with_state(
            guard.clone(),
            middleware::same_origin,
        ))
        .with_state(state.clone());
    // A form posted without wasm is answered with a page (`plain_forms`),
    // which it renders with the same routes.
    let pages = site.clone();
    Router::new()
        .merge(site.layer(axum::middleware::from_fn_with_state(
            pages,
            plain_forms::answer,
        )))
        // The REST API takes no cookie, so no form of another site can
        // act through it: it is outside the Origin check.
        .nest("/api/v1", api)
        .layer(axum::middleware::from_fn_with_state(
            guard.clone(),
            middleware::client_addr,
        ))
        .layer(axum::middleware::from_fn_with_state(
            guard,
            middleware::security_headers,
        ))
        // Pages and server-function answers (the bundle is precompressed).
        // No page holds a secret that the attacker of a length side channel
        // (BREACH) could learn next to text they inject: forms are guarded
        // by the Origin check, not by tokens in the page, and the session is
        // a cookie. Level 4: most of the gain at a small part of the CPU of
        // the maximum.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(4)),
        )
        // Outside the compression: a download's bytes and ranges go as they
        // are (the handler sets its own headers).
        .merge(
            Router::new()
                .route("/downloads/{token}", get(downloads::download))
                .with_state(state),
        )
}

/// What a page render or a server function finds in its context: the
/// services, and its own slot for the signed-in user.
fn provide_request_context(services: &Services) {
    provide_context(services.clone());
    provide_context(RequestActor::default());
}

/// How long the health check waits for the database: a load balancer's
/// probe should learn of a hanging database, not hang with it.
pub(crate) const HEALTH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// 200 when the database answers, 503 when it does not (or not in time).
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match tokio::time::timeout(HEALTH_TIMEOUT, state.services.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ok"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health check: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
        Err(_) => {
            tracing::error!(
                timeout_s = HEALTH_TIMEOUT.as_secs(),
                "health check: the database did not answer in time"
            );
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
