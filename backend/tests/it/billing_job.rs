//! The billing job's resilience and its audit entries: one subscription that
//! cannot be processed is recorded and skipped, never stopping the others;
//! each term-end entry records what changed.

use crate::common::{count, forbidden, on_each_database, sign_in};

use backend::subscriptions::changes::{set_status, StatusAction};
use backend::subscriptions::provisioning::seed_subscription;
use backend::subscriptions::{jobs, queries};
use backend::Services;
use domain::{BillingFrequency, Span, Term, Timestamp};
use serde_json::{json, Value};

pub(crate) async fn org(svc: &Services, email: &str) -> i64 {
    sqlx::query_scalar("SELECT org_id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(svc.db.pool())
        .await
        .unwrap()
}

/// `seats` of `offer` for `term` billed monthly, for the Taiwan customer
/// through Contoso, bought at `at` (no cart).
pub(crate) async fn seeded(
    svc: &Services,
    offer: &str,
    term: Term,
    seats: u32,
    at: Timestamp,
) -> i64 {
    let customer = org(svc, "admin@twprecision.example").await;
    let partner = org(svc, "sales@contoso-partner.example").await;
    let mut tx = svc.db.begin().await.unwrap();
    let id = seed_subscription(
        &mut tx,
        customer,
        partner,
        offer,
        term,
        BillingFrequency::Monthly,
        seats,
        at,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// `seats` of `offer` (one month, billed monthly), bought now.
async fn bought(svc: &Services, offer: &str, seats: u32) -> i64 {
    seeded(svc, offer, Term::P1M, seats, svc.clock.now()).await
}

/// A one-month subscription of 10 Business Basic seats (TWD 223.00 a seat a
/// month), bought now.
async fn monthly(svc: &Services) -> i64 {
    bought(svc, "m365-business-basic", 10).await
}

pub(crate) async fn exec(svc: &Services, sql: &str) {
    let mut tx = svc.db.begin().await.unwrap();
    sqlx::query(sql).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

pub(crate) async fn ledger(svc: &Services, id: i64) -> i64 {
    count(
        svc,
        &format!("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger WHERE subscription_id = {id}"),
    )
    .await
}

/// One subscription whose row cannot be loaded (a term code no rule knows)
/// between two good ones: the good ones renew, the broken one is logged,
/// recorded for the provider and skipped; each run counts it again; once
/// repaired it renews and its failure is resolved.
#[tokio::test]
async fn one_broken_subscription_does_not_stop_the_billing_run() {
    on_each_database(|svc| async move {
        let before = monthly(&svc).await;
        let broken = monthly(&svc).await;
        let after = monthly(&svc).await;
        exec(
            &svc,
            &format!("UPDATE subscriptions SET term = 'P7X' WHERE id = {broken}"),
        )
        .await;
        // Bought 2026-03-01; the one-month term renews on April 1.
        svc.clock.advance(Span::days(31));
        let report = jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(report.failed, 1, "{report:?}");
        // 10 seats × TWD 223.00: the purchase and the renewal.
        assert_eq!(ledger(&svc, before).await, 2 * 10 * 22_300);
        assert_eq!(ledger(&svc, after).await, 2 * 10 * 22_300);
        assert_eq!(ledger(&svc, broken).await, 10 * 22_300, "not renewed");
        let open = backend::job_failures::open(&svc.db, 10).await.unwrap();
        assert_eq!(open.len(), 1, "{open:?}");
        assert_eq!(open[0].job, "billing");
        assert_eq!(open[0].subject, format!("subscription {broken}"));
        assert!(
            open[0].error.contains("stored term is invalid: P7X"),
            "{}",
            open[0].error
        );
        assert_eq!(open[0].failures, 1);

        // The next run fails on it again (counted), and still does the rest.
        let report = jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(report.failed, 1);
        let open = backend::job_failures::open(&svc.db, 10).await.unwrap();
        assert_eq!(open[0].failures, 2);

        exec(
            &svc,
            &format!("UPDATE subscriptions SET term = 'P1M' WHERE id = {broken}"),
        )
        .await;
        let report = jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(report.failed, 0);
        assert_eq!(
            ledger(&svc, broken).await,
            2 * 10 * 22_300,
            "renewed once repaired"
        );
        assert!(backend::job_failures::open(&svc.db, 10)
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}

/// The term-end entries of one subscription, oldest first: (action, before, after).
async fn term_end_entries(svc: &Services, id: i64) -> Vec<(String, Value, Value)> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT action, before_json, after_json FROM audit_log \
         WHERE entity = 'subscription' AND entity_id = $1 AND actor_user_id IS NULL ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(svc.db.pool())
    .await
    .unwrap();
    rows.into_iter()
        .map(|(a, b, c)| {
            (
                a,
                serde_json::from_str(&b).unwrap(),
                serde_json::from_str(&c).unwrap(),
            )
        })
        .collect()
}

/// R-AUD-01: a renewal records the new term (the status stays); an expiry
/// and a deletion record the status and leave the term out, since it did
/// not change.
#[tokio::test]
async fn r_aud_01_term_end_entries_record_what_changed() {
    on_each_database(|svc| async move {
        let renews = monthly(&svc).await;
        let expires = monthly(&svc).await;
        let deleted = monthly(&svc).await;
        exec(&svc, &format!("UPDATE subscriptions SET auto_renew = 0 WHERE id = {expires}")).await;
        exec(
            &svc,
            &format!("UPDATE subscriptions SET status = 'suspended', auto_renew = 0 WHERE id = {deleted}"),
        )
        .await;
        svc.clock.advance(Span::days(31));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(
            term_end_entries(&svc, renews).await,
            vec![(
                "subscription.renew".to_string(),
                json!({ "term_started_at": "2026-03-01T10:00:00Z" }),
                json!({ "term_started_at": "2026-04-01T00:00:00Z" }),
            )]
        );
        assert_eq!(
            term_end_entries(&svc, expires).await,
            vec![(
                "subscription.expire".to_string(),
                json!({ "status": "active" }),
                json!({ "status": "expired" }),
            )]
        );
        assert_eq!(
            term_end_entries(&svc, deleted).await,
            vec![(
                "subscription.delete".to_string(),
                json!({ "status": "suspended" }),
                json!({ "status": "deleted" }),
            )]
        );
    })
    .await;
}

/// R-SUB-23: a subscription whose term ended while it was suspended is
/// deleted; its page says so and since when (410), rather than "not
/// allowed" — to its partner and its customer alike, and to nobody else.
#[tokio::test]
async fn r_sub_23_a_deleted_subscription_says_when_its_term_ended() {
    on_each_database(|svc| async move {
        let id = monthly(&svc).await;
        exec(
            &svc,
            &format!(
                "UPDATE subscriptions SET status = 'suspended', auto_renew = 0 WHERE id = {id}"
            ),
        )
        .await;
        svc.clock.advance(Span::days(31));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        for email in ["sales@contoso-partner.example", "admin@twprecision.example"] {
            let actor = sign_in(&svc, email).await;
            match queries::detail(&svc, &actor, id).await {
                Err(backend::Error::Gone(e)) => {
                    assert_eq!(
                        (e.code.as_str(), e.param("ended")),
                        ("subscription_deleted", Some("2026-03-31"))
                    );
                }
                other => panic!("{email}: {other:?}"),
            }
        }
        let other = sign_in(&svc, "global@fabrikam.example").await;
        forbidden(queries::detail(&svc, &other, id).await);
    })
    .await;
}

/// Fetches one column of a subscription as text.
pub(crate) async fn field(svc: &Services, id: i64, column: &str) -> String {
    sqlx::query_scalar(&format!(
        "SELECT CAST({column} AS TEXT) FROM subscriptions WHERE id = {id}"
    ))
    .fetch_one(svc.db.pool())
    .await
    .unwrap()
}

/// A Microsoft 365 E3 Trial (25 seats, one month, free), bought now
/// (2026-03-01 10:00).
pub(crate) async fn trial(svc: &Services) -> i64 {
    bought(svc, "m365-e3-trial", domain::TRIAL_SEATS).await
}

/// R-SUB-24: at its end (2026-04-01) a trial with auto-renew on becomes
/// Microsoft 365 E3, annual, billed monthly, its term starting that day:
/// TWD 13,392.00 a seat a year is TWD 1,116.00 a seat a month, so the 25
/// seats are charged TWD 27,900.00 for April, and again for May. With
/// auto-renew off the trial ends and nothing is charged.
#[tokio::test]
async fn r_sub_24_a_trial_converts_to_the_paid_offer_at_its_end() {
    on_each_database(|svc| async move {
        let converts = trial(&svc).await;
        let ends = trial(&svc).await;
        exec(&svc, &format!("UPDATE subscriptions SET auto_renew = 0 WHERE id = {ends}")).await;
        svc.clock.advance(Span::days(31));
        let report = jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!((report.converted, report.expired), (1, 1), "{report:?}");
        assert_eq!(field(&svc, converts, "offer_id").await, "m365-e3");
        assert_eq!(field(&svc, converts, "name").await, "Microsoft 365 E3");
        assert_eq!(field(&svc, converts, "trial").await, "0");
        assert_eq!(field(&svc, converts, "term").await, "P1Y");
        assert_eq!(field(&svc, converts, "frequency").await, "monthly");
        assert_eq!(field(&svc, converts, "seat_price").await, "1339200");
        assert_eq!(field(&svc, converts, "status").await, "active");
        assert_eq!(ledger(&svc, converts).await, 2_790_000);
        let reasons: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT reason, seats, amount FROM ledger WHERE subscription_id = $1 ORDER BY id",
        )
        .bind(converts)
        .fetch_all(svc.db.pool())
        .await
        .unwrap();
        assert_eq!(
            reasons,
            vec![
                ("purchase".to_string(), 25, 0),
                ("trial_conversion".to_string(), 25, 2_790_000)
            ]
        );
        assert_eq!(
            term_end_entries(&svc, converts).await,
            vec![(
                "subscription.trial_convert".to_string(),
                json!({ "term_started_at": "2026-03-01T10:00:00Z", "offer": "m365-e3-trial", "term": "P1M", "billing": "monthly" }),
                json!({ "term_started_at": "2026-04-01T00:00:00Z", "offer": "m365-e3", "term": "P1Y", "billing": "monthly" }),
            )]
        );
        assert_eq!(field(&svc, ends, "status").await, "expired");
        assert_eq!(ledger(&svc, ends).await, 0);

        // May's billing period of the paid term.
        svc.clock.advance(Span::days(30));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(ledger(&svc, converts).await, 2 * 2_790_000);
        assert!(backend::subscriptions::totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-SUB-21: while the job holds its claim on a subscription (here the
/// claim of a process that crashed mid-renewal), auto-renew and suspend get
/// 409 with the seconds left, the page says so, and no other run processes
/// it; two minutes later the claim has expired, the next run renews the
/// subscription once and ends the claim, and the changes go through.
#[tokio::test]
async fn r_sub_21_a_subscription_being_processed_refuses_status_changes_until_the_claim_expires() {
    on_each_database(|svc| async move {
        let id = monthly(&svc).await;
        let partner = crate::common::sign_in(&svc, "sales@contoso-partner.example").await;
        svc.clock.advance(Span::days(31));
        let until = svc.clock.now().plus(domain::PROCESSING_LEASE).millis();
        exec(
            &svc,
            &format!("UPDATE subscriptions SET processing = 'renewal', processing_until = {until} WHERE id = {id}"),
        )
        .await;
        for action in [StatusAction::AutoRenewOff, StatusAction::Suspend] {
            match set_status(&svc, &partner, id, action).await {
                Err(backend::Error::Processing { retry_after }) => assert_eq!(retry_after, 120),
                other => panic!("{action:?} during processing: {other:?}"),
            }
        }
        let page = queries::detail(&svc, &partner, id).await.unwrap();
        assert_eq!(page.processing, Some(domain::Processing::Renewal));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(ledger(&svc, id).await, 10 * 22_300, "not renewed under another's claim");

        svc.clock.advance(Span::seconds(90));
        match set_status(&svc, &partner, id, StatusAction::Suspend).await {
            Err(backend::Error::Processing { retry_after }) => assert_eq!(retry_after, 30),
            other => panic!("suspend 90 s later: {other:?}"),
        }
        svc.clock.advance(Span::seconds(30));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(ledger(&svc, id).await, 2 * 10 * 22_300, "renewed once");
        assert_eq!(field(&svc, id, "COALESCE(processing, 'none')").await, "none");
        assert_eq!(queries::detail(&svc, &partner, id).await.unwrap().processing, None);
        set_status(&svc, &partner, id, StatusAction::AutoRenewOff).await.unwrap();
        set_status(&svc, &partner, id, StatusAction::Suspend).await.unwrap();
    })
    .await;
}
