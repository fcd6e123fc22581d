//! The baseline for the SSR load test: a bare axum handler that does the same
//! work as the subscriptions page (session lookup, authorization, the same
//! queries) and answers JSON. `bare_json <database-url> <addr>`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use backend::Services;

async fn subscriptions(
    State(svc): State<Services>,
    Path(customer): Path<i64>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, StatusCode> {
    let token = headers
        .get(axum::http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| {
            c.split(';')
                .find_map(|p| p.trim().strip_prefix("bc_session="))
        })
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let actor = backend::sessions::actor_for_token(&svc, token)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let rows = backend::subscriptions::queries::list(&svc, &actor, customer)
        .await
        .map_err(|e| {
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        })?;
    Ok(Json(
        serde_json::to_value(rows).map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?,
    ))
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, addr) = (
        args.get(1).expect("database url"),
        args.get(2).expect("address"),
    );
    // Demo mode, like the server it is compared with.
    let svc = benchmarks::services(url, true).await;
    let customer = benchmarks::ensure_subscriptions(&svc, 200).await;
    println!("GET http://{addr}/customers/{customer}/subscriptions.json");
    let app = Router::new()
        .route("/customers/{id}/subscriptions.json", get(subscriptions))
        .with_state(svc);
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
