//! What a deployment watches: request ids, `/metrics`, and the metrics the
//! background jobs report. [`wrap`] puts them around the app's router.
//!
//! `/metrics` is not public. With `BC_METRICS_TOKEN` set it answers only
//! `Authorization: Bearer <token>`; without, only a scraper on this machine:
//! a loopback peer whose request carries no forwarding header (a reverse
//! proxy on the same machine forwards the world's requests from loopback,
//! and marks them so).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backend::Services;
use http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::StatusCode;

use crate::metrics::{family, labels, Metrics};
use crate::request_id;

/// Who may read `/metrics`.
#[derive(Clone)]
pub enum MetricsAccess {
    /// Scrapers on this machine only (no token configured).
    LocalOnly,
    /// Anyone presenting this bearer token (`BC_METRICS_TOKEN`).
    Token(String),
}

impl std::fmt::Debug for MetricsAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MetricsAccess::LocalOnly => "LocalOnly",
            MetricsAccess::Token(_) => "Token(***)",
        })
    }
}

/// The shortest token accepted: guessing it must be hopeless.
pub const MIN_TOKEN_LENGTH: usize = 32;

impl MetricsAccess {
    pub fn from_token(token: Option<String>) -> Result<MetricsAccess, String> {
        match token {
            None => Ok(MetricsAccess::LocalOnly),
            Some(t) if t.len() < MIN_TOKEN_LENGTH || !t.bytes().all(|b| b.is_ascii_graphic()) => Err(format!(
                "BC_METRICS_TOKEN must be at least {MIN_TOKEN_LENGTH} printable characters without spaces"
            )),
            Some(t) => Ok(MetricsAccess::Token(t)),
        }
    }
}

/// The registry the router and the background jobs share, and who may read it.
#[derive(Clone, Debug)]
pub struct Operations {
    pub metrics: Arc<Metrics>,
    pub access: MetricsAccess,
}

impl Operations {
    pub fn new(access: MetricsAccess) -> Operations {
        Operations {
            metrics: Arc::new(Metrics::default()),
            access,
        }
    }
}

#[derive(Clone)]
struct MetricsState {
    ops: Operations,
    services: Services,
}

/// Adds `/metrics`, then counts and ids every request (the outermost layers,
/// so that refusals by the app's own middleware are counted and logged too).
pub fn wrap(router: Router, services: Services, ops: Operations) -> Router {
    let metrics = ops.metrics.clone();
    router
        .merge(
            Router::new()
                .route("/metrics", get(scrape))
                .with_state(MetricsState { ops, services }),
        )
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            crate::metrics::track,
        ))
        .layer(axum::middleware::from_fn(request_id::assign))
}

async fn scrape(State(state): State<MetricsState>, request: Request) -> Response {
    if let Some(refused) = refusal(&state.ops.access, &request) {
        return refused;
    }
    let mut out = String::new();
    state.ops.metrics.render(&mut out);
    database_gauges(&state.services, &mut out).await;
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        out,
    )
        .into_response()
}

/// The answer to a scraper that may not read the metrics, if it may not.
fn refusal(access: &MetricsAccess, request: &Request) -> Option<Response> {
    match access {
        MetricsAccess::Token(token) => {
            let given = request
                .headers()
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            // Compared as digests: the time taken says nothing about the token.
            let hash = backend::tokens::hash_token;
            let valid = given.is_some_and(|g| hash(g) == hash(token));
            (!valid).then(|| {
                (
                    StatusCode::UNAUTHORIZED,
                    [(WWW_AUTHENTICATE, "Bearer")],
                    "a bearer token is required",
                )
                    .into_response()
            })
        }
        MetricsAccess::LocalOnly => {
            let loopback = request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .is_some_and(|ConnectInfo(a)| a.ip().is_loopback());
            let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
                .iter()
                .any(|h| request.headers().contains_key(*h));
            (!loopback || forwarded).then(|| {
                (
                    StatusCode::FORBIDDEN,
                    "metrics are served to this machine only; set BC_METRICS_TOKEN to scrape from elsewhere",
                )
                    .into_response()
            })
        }
    }
}

/// Gauges read from the database at each scrape. When it does not answer,
/// `bc_db_up` says so and the rest of the page is still served.
async fn database_gauges(svc: &Services, out: &mut String) {
    let pool = svc.db.pool();
    let size = pool.size();
    let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
    family(
        out,
        "bc_db_pool_connections",
        "gauge",
        "Open connections of the read pool (on PostgreSQL, of every query), in use or idle.",
    );
    out.push_str(&format!(
        "bc_db_pool_connections{} {}\n",
        labels(&[("state", "in_use")]),
        size.saturating_sub(idle)
    ));
    out.push_str(&format!(
        "bc_db_pool_connections{} {idle}\n",
        labels(&[("state", "idle")])
    ));
    family(
        out,
        "bc_db_pool_max_connections",
        "gauge",
        "The most connections the pool opens.",
    );
    out.push_str(&format!(
        "bc_db_pool_max_connections {}\n",
        pool.options().get_max_connections()
    ));
    // As long as a health check waits: a scrape must not hang with the database.
    let backlog = tokio::time::timeout(crate::HEALTH_TIMEOUT, backend::outbox::backlog(&svc.db))
        .await
        .map_err(|_| "no answer in time".to_string())
        .and_then(|r| r.map_err(|e| e.to_string()));
    family(
        out,
        "bc_db_up",
        "gauge",
        "1 if the database answered this scrape's queries.",
    );
    out.push_str(&format!("bc_db_up {}\n", u8::from(backlog.is_ok())));
    match backlog {
        Ok(b) => {
            family(
                out,
                "bc_outbox_pending",
                "gauge",
                "Emails waiting to be delivered.",
            );
            out.push_str(&format!("bc_outbox_pending {}\n", b.pending));
            family(
                out,
                "bc_outbox_oldest_pending_age_seconds",
                "gauge",
                "Age of the oldest email waiting to be delivered (0 when none waits).",
            );
            let age = b
                .oldest_pending
                .map(|t| svc.clock.now().since(t).as_millis().max(0) / 1000)
                .unwrap_or(0);
            out.push_str(&format!("bc_outbox_oldest_pending_age_seconds {age}\n"));
            family(
                out,
                "bc_outbox_dead_letters",
                "gauge",
                "Emails the outbox gave up on (listed on the operations page).",
            );
            out.push_str(&format!("bc_outbox_dead_letters {}\n", b.dead));
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the database did not answer"),
    }
}
