//! What a deployment watches, over HTTP: `/metrics` (its format and who may
//! read it), the request id on every response, `/healthz`.

use reqwest::StatusCode;

use super::{client, scalar, signed_in, spawn_app, spawn_app_with};

async fn get(c: &reqwest::Client, url: &str) -> reqwest::Response {
    c.get(url).send().await.unwrap()
}

/// The value of the sample `name{labels}` (exact), if present.
fn sample(body: &str, series: &str) -> Option<f64> {
    body.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_route_template_in_the_prometheus_format() {
    let app = spawn_app().await;
    let c = client();
    for _ in 0..3 {
        assert_eq!(
            get(&c, &format!("{}/healthz", app.base)).await.status(),
            200
        );
    }
    get(&c, &format!("{}/customers/123456", app.base)).await;
    get(&c, &format!("{}/no/such/page-4711", app.base)).await;
    let response = get(&c, &format!("{}/metrics", app.base)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let body = response.text().await.unwrap();
    let healthz = "{method=\"GET\",route=\"/healthz\"";
    assert_eq!(
        sample(
            &body,
            &format!("bc_http_requests_total{healthz},status=\"200\"}}")
        ),
        Some(3.0),
        "{body}"
    );
    assert_eq!(
        sample(
            &body,
            &format!("bc_http_request_duration_seconds_count{healthz}}}")
        ),
        Some(3.0)
    );
    assert_eq!(
        sample(
            &body,
            &format!("bc_http_request_duration_seconds_bucket{healthz},le=\"+Inf\"}}")
        ),
        Some(3.0)
    );
    assert!(body.contains("# TYPE bc_http_request_duration_seconds histogram"));
    // Templates, never raw paths: an id or a made-up path adds no series.
    assert!(body.contains("route=\"/customers/{id}\""), "{body}");
    assert!(body.contains("route=\"(unmatched)\""), "{body}");
    assert!(!body.contains("123456") && !body.contains("4711"), "{body}");
    // The database's gauges, as the database says.
    assert_eq!(sample(&body, "bc_db_up"), Some(1.0));
    let pending = scalar(
        &app.svc,
        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL",
    )
    .await;
    assert!(pending > 0, "the demo's emails wait: no SMTP in tests");
    assert_eq!(sample(&body, "bc_outbox_pending"), Some(pending as f64));
    assert_eq!(sample(&body, "bc_outbox_dead_letters"), Some(0.0));
    assert_eq!(sample(&body, "bc_db_pool_max_connections"), Some(8.0));
    assert!(sample(&body, "bc_db_pool_connections{state=\"idle\"}").is_some());
}

/// Without `BC_METRICS_TOKEN`, only a scraper on this machine: a request
/// that came through a proxy (which forwards from loopback) is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_without_a_token_are_for_this_machine_only() {
    let app = spawn_app().await;
    let url = format!("{}/metrics", app.base);
    for (header, value) in [
        ("x-forwarded-for", "203.0.113.9"),
        ("forwarded", "for=203.0.113.9"),
        ("x-real-ip", "203.0.113.9"),
    ] {
        let status = client()
            .get(&url)
            .header(header, value)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::FORBIDDEN, "{header}");
    }
    // Signed in changes nothing: metrics are not a page of the portal.
    let provider = signed_in(&app.base, "ops@bc.example").await;
    let status = provider
        .get(&url)
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// With `BC_METRICS_TOKEN`, the bearer token and nothing else, from anywhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_with_a_token_need_the_token() {
    let token = "m".repeat(40);
    let access = server::MetricsAccess::from_token(Some(token.clone())).unwrap();
    let app = spawn_app_with(access).await;
    let url = format!("{}/metrics", app.base);
    let refused = get(&client(), &url).await;
    assert_eq!(
        refused.status(),
        StatusCode::UNAUTHORIZED,
        "not even from loopback"
    );
    assert_eq!(refused.headers()["www-authenticate"], "Bearer");
    for wrong in [
        format!("Bearer {}", "x".repeat(40)),
        format!("Basic {token}"),
        token.clone(),
    ] {
        let status = client()
            .get(&url)
            .header("authorization", wrong.as_str())
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{wrong}");
    }
    let ok = client()
        .get(&url)
        .header("authorization", format!("Bearer {token}"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.text().await.unwrap().contains("bc_db_up 1"));
    // A short token is refused when the server starts.
    assert!(server::MetricsAccess::from_token(Some("short".into())).is_err());
    assert!(
        server::MetricsAccess::from_token(Some(format!("{} with spaces", "x".repeat(40)))).is_err()
    );
}

/// Every response carries a request id: the caller's when well-formed, a
/// fresh one otherwise — pages, server functions, refusals, errors alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_has_a_request_id() {
    let app = spawn_app().await;
    let c = client();
    let id = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_string();
    let fresh = id(&get(&c, &format!("{}/login", app.base)).await);
    // 256 random bits, base64url: 43 characters a next hop keeps.
    assert_eq!(fresh.len(), 43);
    assert!(server::request_id::well_formed(&fresh), "{fresh}");
    let another = id(&get(&c, &format!("{}/login", app.base)).await);
    assert_ne!(fresh, another);
    let kept = c
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "lb-7f3a.2")
        .send()
        .await
        .unwrap();
    assert_eq!(id(&kept), "lb-7f3a.2");
    for bad in ["a b", "x=1,admin", &"a".repeat(65)] {
        let replaced = c
            .get(format!("{}/healthz", app.base))
            .header("x-request-id", bad)
            .send()
            .await
            .unwrap();
        let got = id(&replaced);
        assert!(got != bad && got.len() == 43, "{bad} → {got}");
    }
    let refused = c
        .post(format!("{}/api/add_domain", app.base))
        .header("origin", "http://evil.example")
        .form(&[("account_id", "1"), ("domain", "x.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(id(&refused).len(), 43);
    let unauthenticated = c
        .post(format!("{}/api/list_agreements", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(id(&unauthenticated).len(), 43);
}

/// `/healthz` answers 503 once the database does not answer; `/metrics`
/// still answers and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_check_is_503_when_the_database_does_not_answer() {
    let app = spawn_app().await;
    let c = client();
    assert_eq!(
        get(&c, &format!("{}/healthz", app.base)).await.status(),
        200
    );
    app.svc.db.pool().close().await;
    let response = get(&c, &format!("{}/healthz", app.base)).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.text().await.unwrap(), "database unreachable");
    let metrics = get(&c, &format!("{}/metrics", app.base)).await;
    assert_eq!(metrics.status(), StatusCode::OK);
    let body = metrics.text().await.unwrap();
    assert_eq!(sample(&body, "bc_db_up"), Some(0.0), "{body}");
    assert!(
        !body.contains("bc_outbox_pending "),
        "no figure the database did not give"
    );
}
