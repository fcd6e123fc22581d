//! Test harness: a fresh database per test — a new SQLite file, and (when
//! `BC_TEST_POSTGRES_URL` is set) a new schema in that PostgreSQL database —
//! with demo data (or none: `on_each_empty_database`) and a clock the test
//! controls.

use std::future::Future;

use backend::{Actor, Clock, Config, Db, Services};
use domain::Timestamp;

/// 2026-03-01T10:00:00Z, the instant every test starts at.
pub fn start() -> Timestamp {
    Timestamp::from_ymd_hms(2026, 3, 1, 10, 0, 0).expect("valid date")
}

fn unique(prefix: &str) -> String {
    // The counter keeps tests that start in the same clock tick apart.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    format!("{prefix}_{}_{}_{n}", std::process::id(), nanos)
}

/// A migrated database without demo data.
async fn empty(db: Db) -> Services {
    db.migrate().await.expect("migrations apply");
    Services::new(
        db,
        Clock::fixed(start()),
        Config {
            public_url: "http://bc.test".into(),
            demo_mode: true,
        },
    )
}

async fn services(db: Db) -> Services {
    let svc = empty(db).await;
    backend::seed::load_demo(&svc)
        .await
        .expect("demo data loads");
    svc
}

/// The URL of a new SQLite file.
pub fn sqlite_url() -> String {
    let dir = std::env::temp_dir().join("bc-backend-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{}.db", unique("t")));
    format!("sqlite://{}", path.display())
}

async fn sqlite_db() -> Db {
    Db::connect(&sqlite_url()).await.expect("sqlite opens")
}

/// A URL of a new, empty schema in the PostgreSQL database at `base_url`.
async fn postgres_schema(base_url: &str) -> String {
    let schema = unique("t");
    let admin = Db::connect(base_url).await.expect("postgres reachable");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(admin.pool())
        .await
        .expect("schema created");
    admin.pool().close().await;
    let sep = if base_url.contains('?') { '&' } else { '?' };
    format!("{base_url}{sep}options=-c%20search_path%3D{schema}")
}

pub async fn sqlite() -> Services {
    services(sqlite_db().await).await
}

pub async fn postgres(base_url: &str) -> Services {
    let url = postgres_schema(base_url).await;
    services(Db::connect(&url).await.expect("postgres opens")).await
}

/// `BC_TEST_POSTGRES_URL`, when set and not empty.
fn configured_postgres() -> Option<String> {
    std::env::var("BC_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// Runs `test` on SQLite, then on PostgreSQL when it is configured.
pub async fn on_each_database<F, Fut>(test: F)
where
    F: Fn(Services) -> Fut,
    Fut: Future<Output = ()>,
{
    test(sqlite().await).await;
    if let Some(url) = configured_postgres() {
        test(postgres(&url).await).await;
    }
}

/// The same on databases without demo data.
pub async fn on_each_empty_database<F, Fut>(test: F)
where
    F: Fn(Services) -> Fut,
    Fut: Future<Output = ()>,
{
    test(empty(sqlite_db().await).await).await;
    if let Some(url) = configured_postgres() {
        let url = postgres_schema(&url).await;
        test(empty(Db::connect(&url).await.expect("postgres opens")).await).await;
    }
}

pub async fn sign_in(svc: &Services, email: &str) -> Actor {
    backend::sessions::login(svc, email, backend::seed::DEMO_PASSWORD, "test")
        .await
        .unwrap_or_else(|e| panic!("{email} signs in: {e:?}"))
        .actor
}

/// The token in the newest invitation email to `to`.
pub async fn latest_link_token(svc: &Services, to: &str) -> Option<String> {
    let messages = backend::outbox::list(&svc.db, 1000)
        .await
        .expect("outbox readable");
    messages.iter().find(|m| m.to == to).and_then(|m| {
        m.body
            .split_whitespace()
            .find_map(|w| w.split("/invitations/").nth(1))
            .map(str::to_string)
    })
}

pub async fn outbox_count(svc: &Services) -> usize {
    backend::outbox::list(&svc.db, 100_000)
        .await
        .expect("outbox readable")
        .len()
}

pub async fn count(svc: &Services, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(svc.db.pool())
        .await
        .expect("count query")
}

/// Refused as another organization's data or a role's lack (403).
pub fn forbidden<T: std::fmt::Debug>(r: Result<T, backend::Error>) {
    assert!(
        matches!(r, Err(backend::Error::Forbidden)),
        "expected 403, got {r:?}"
    );
}

/// The codes of a validation error, or a panic naming what came instead.
pub fn codes(result: Result<impl std::fmt::Debug, backend::Error>) -> Vec<(String, String)> {
    match result {
        Err(backend::Error::Invalid(errors)) => {
            errors.into_iter().map(|e| (e.field, e.code)).collect()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The database of a PostgreSQL-only test. Such a test is `#[ignore]`d, so
/// without PostgreSQL it shows as skipped, not passed; `make test` runs it
/// (`--include-ignored`) when `BC_TEST_POSTGRES_URL` is set, and run
/// without the URL it fails.
pub fn postgres_url() -> String {
    configured_postgres().expect("a PostgreSQL-only test needs BC_TEST_POSTGRES_URL")
}

/// Two independent services (own pools) on one fresh PostgreSQL schema: what
/// two server processes sharing a database look like to each other.
pub async fn postgres_pair(base_url: &str) -> (Services, Services) {
    let url = postgres_schema(base_url).await;
    let first = services(Db::connect(&url).await.expect("postgres opens")).await;
    let second = Services::new(
        Db::connect(&url).await.expect("postgres opens"),
        first.clock.clone(),
        (*first.config).clone(),
    );
    (first, second)
}
