//! Shared set-up of the benchmark programs: a database with the demo data
//! and many subscriptions for one customer.

use backend::{Clock, Config, Db, Services};
use domain::{BillingFrequency, Term};

/// Opens (and migrates) `url`; seeds the demo data when the database is
/// empty. With `demo_mode: false`, as in production, business time is the
/// clock (no test-clock lookup per use case).
pub async fn services(url: &str, demo_mode: bool) -> Services {
    let db = Db::connect(url).await.expect("database opens");
    db.migrate().await.expect("migrations apply");
    let fresh = db.is_empty().await.expect("database readable");
    let svc = Services::new(
        db,
        Clock::system(),
        Config {
            public_url: "http://127.0.0.1:3000".into(),
            demo_mode,
        },
    );
    if fresh {
        backend::seed::load_demo(&svc)
            .await
            .expect("demo data loads");
    }
    svc
}

/// The demo customer in Taiwan and its partner Contoso.
pub async fn taiwan_and_contoso(svc: &Services) -> (i64, i64) {
    let id = |email: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT org_id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(svc.db.pool())
            .await
            .expect("demo user")
    };
    (
        id("admin@twprecision.example").await,
        id("sales@contoso-partner.example").await,
    )
}

/// Gives the Taiwan customer `total` subscriptions (adds what is missing).
pub async fn ensure_subscriptions(svc: &Services, total: i64) -> i64 {
    let (customer, partner) = taiwan_and_contoso(svc).await;
    let have: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE customer_org_id = $1")
            .bind(customer)
            .fetch_one(svc.db.pool())
            .await
            .expect("count");
    let offers = [
        "o365-e1",
        "o365-e3",
        "m365-e3",
        "project-online-essentials",
        "defender-endpoint-p2",
    ];
    let now = svc.now().await.expect("clock");
    let mut tx = svc.db.begin().await.expect("tx");
    for i in have..total {
        let offer = offers[i as usize % offers.len()];
        backend::subscriptions::provisioning::seed_subscription(
            &mut tx,
            customer,
            partner,
            offer,
            Term::P1Y,
            BillingFrequency::Monthly,
            10 + (i % 40) as u32,
            now,
        )
        .await
        .expect("subscription");
    }
    tx.commit().await.expect("commit");
    customer
}
