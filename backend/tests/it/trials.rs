//! Converting a trial mid-term (R-SUB-25): a new paid subscription with the
//! previewed first charge; the trial ends. Or at its end, as scheduled
//! (R-SUB-26).

use crate::billing_job::{exec, field, ledger, seeded, trial};
use crate::common::{codes, count, on_each_database, sign_in};

use backend::subscriptions::changes::{set_status, StatusAction};
use backend::subscriptions::{jobs, queries, scheduled, totals_agree, trials};
use backend::Services;
use domain::subscription_views::{ScheduleConversionForm, TrialConversionForm};
use domain::{Span, Term};

/// R-SUB-25: 24 seats are refused and a figure other than the preview's is
/// refused with the right one; 30 seats of Microsoft 365 E3 for a year
/// billed monthly (TWD 13,392.00 a seat a year) are bought now for their
/// first month, 30 × 1,339,200 / 12 = TWD 33,480.00, the new
/// subscription's purchase; the trial ends and can be converted no more.
#[tokio::test]
async fn r_sub_25_a_trial_converts_mid_term_to_a_new_paid_subscription() {
    on_each_database(|svc| async move {
        let id = trial(&svc).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let page = queries::detail(&svc, &partner, id).await.unwrap();
        let offer = page.conversion.clone().expect("a trial offers its conversion");
        assert_eq!(offer.name, "Microsoft 365 E3");
        assert!(offer.options.iter().any(|o| o.code() == "P1Y/monthly"));
        let form = |seats: &str, expected: i64| TrialConversionForm {
            subscription_id: id,
            destination: "new".into(),
            option: "P1Y/monthly".into(),
            seats: seats.into(),
            pin: page.pin.clone(),
            expected,
        };
        assert_eq!(
            codes(trials::convert(&svc, &partner, &form("24", 0)).await),
            vec![("seats".to_string(), "conversion_too_few_seats".to_string())]
        );
        assert_eq!(
            codes(trials::convert(&svc, &partner, &form("30", 3_347_999)).await),
            vec![("".to_string(), "preview_changed".to_string())]
        );
        let paid = trials::convert(&svc, &partner, &form("30", 3_348_000)).await.unwrap();
        assert_ne!(paid, id);
        assert_eq!(field(&svc, id, "status").await, "expired");
        assert_eq!(field(&svc, paid, "offer_id").await, "m365-e3");
        assert_eq!(field(&svc, paid, "trial").await, "0");
        assert_eq!(field(&svc, paid, "term").await, "P1Y");
        assert_eq!(ledger(&svc, paid).await, 3_348_000);
        assert_eq!(ledger(&svc, id).await, 0);
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'subscription.trial_convert' AND entity_id = '{id}'")).await,
            1
        );
        assert!(totals_agree(&svc.db).await.unwrap());
        assert!(queries::detail(&svc, &partner, id).await.unwrap().conversion.is_none());
        // The trial's pin was for its state before the conversion.
        assert_eq!(
            codes(trials::convert(&svc, &partner, &form("30", 3_348_000)).await),
            vec![("".to_string(), "preview_pin_stale".to_string())]
        );
    })
    .await;
}

/// Microsoft 365 E3 for the Taiwan customer through Contoso, bought `days`
/// ago.
async fn e3(svc: &Services, term: Term, seats: u32, days: i64) -> i64 {
    seeded(
        svc,
        "m365-e3",
        term,
        seats,
        svc.clock.now().minus(Span::days(days)),
    )
    .await
}

/// R-SUB-25: on 2026-03-10 10:00 the trial (ending 03-31) converts into a
/// year of Microsoft 365 E3 billed monthly, bought 2026-02-15 10:00 with 40
/// seats: the 25 seats join it for its billing period 02-15 – 03-14, 25 ×
/// 111,600 × 5 / 28 = TWD 4,982.14, on its term and billing. A month of it
/// bought 2026-02-20 ends 03-19, before the trial: it cannot receive them.
#[tokio::test]
async fn r_sub_25_a_trial_converts_into_an_existing_subscription() {
    on_each_database(|svc| async move {
        let id = trial(&svc).await;
        let year = e3(&svc, Term::P1Y, 40, 14).await;
        let month = e3(&svc, Term::P1M, 5, 9).await;
        svc.clock.advance(Span::days(9));
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let page = queries::detail(&svc, &partner, id).await.unwrap();
        let listed: Vec<i64> = page.conversion.clone().unwrap().existing.iter().map(|t| t.id).collect();
        assert_eq!(listed, vec![year, month]);
        let form = |destination: i64, expected: i64| TrialConversionForm {
            subscription_id: id,
            destination: destination.to_string(),
            option: String::new(),
            seats: "25".into(),
            pin: page.pin.clone(),
            expected,
        };
        assert_eq!(
            codes(trials::convert(&svc, &partner, &form(month, 0)).await),
            vec![("destination".to_string(), "conversion_target_ends_earlier".to_string())]
        );
        assert_eq!(
            codes(trials::convert(&svc, &partner, &form(year, 498_213)).await),
            vec![("".to_string(), "preview_changed".to_string())]
        );
        assert_eq!(trials::convert(&svc, &partner, &form(year, 498_214)).await.unwrap(), year);
        assert_eq!(field(&svc, id, "status").await, "expired");
        assert_eq!(field(&svc, year, "term").await, "P1Y");
        assert_eq!(field(&svc, year, "frequency").await, "monthly");
        let seats = count(&svc, &format!("SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {year} AND closed = 0")).await;
        assert_eq!(seats, 65);
        let last: (String, i64, i64) = sqlx::query_as(
            "SELECT reason, seats, amount FROM ledger WHERE subscription_id = $1 ORDER BY id DESC",
        )
        .bind(year)
        .fetch_one(svc.db.pool())
        .await
        .unwrap();
        assert_eq!(last, ("trial_conversion".to_string(), 25, 498_214));
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-SUB-26, R-SUB-20: a conversion scheduled for the trial's end may have
/// fewer than 25 seats; turning auto-renew off deletes it (recorded), and
/// without auto-renew none can be scheduled; at the end (2026-04-01) the
/// job converts as scheduled: 10 seats of Microsoft 365 E3 for a year
/// billed annually, TWD 13,392.00 a seat, so 10 × 1,339,200 for the year.
#[tokio::test]
async fn r_sub_26_a_conversion_scheduled_for_the_end_is_carried_out_by_the_job() {
    on_each_database(|svc| async move {
        let id = trial(&svc).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let form = ScheduleConversionForm {
            subscription_id: id,
            option: "P1Y/annual".into(),
            seats: "10".into(),
        };
        trials::schedule(&svc, &partner, &form).await.unwrap();
        let page = queries::detail(&svc, &partner, id).await.unwrap();
        let shown = page.scheduled_conversion.expect("shown on the page");
        assert_eq!(shown.seats, 10);
        assert_eq!(shown.converts_on.to_string(), "2026-04-01");
        assert_eq!(shown.first_charge.minor, 13_392_000);

        set_status(&svc, &partner, id, StatusAction::AutoRenewOff).await.unwrap();
        assert!(queries::detail(&svc, &partner, id).await.unwrap().scheduled_conversion.is_none());
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'subscription.scheduled_change_deleted' AND entity_id = '{id}'")).await,
            1
        );
        assert_eq!(
            codes(trials::schedule(&svc, &partner, &form).await),
            vec![("".to_string(), "conversion_auto_renew_off".to_string())]
        );
        set_status(&svc, &partner, id, StatusAction::AutoRenewOn).await.unwrap();
        trials::schedule(&svc, &partner, &form).await.unwrap();

        svc.clock.advance(Span::days(31));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(field(&svc, id, "offer_id").await, "m365-e3");
        assert_eq!(field(&svc, id, "frequency").await, "annual");
        assert_eq!(ledger(&svc, id).await, 13_392_000);
        assert_eq!(
            count(&svc, &format!("SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {id} AND closed = 0")).await,
            10
        );
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM scheduled_changes").await, 0);
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-SUB-21: while the job holds its claim on the trial at its end (the
/// claim of a process that crashed), its scheduled conversion can be neither
/// replaced nor removed: 409 with the seconds left, nothing changes; once
/// the claim expired the job converts as scheduled.
#[tokio::test]
async fn r_sub_21_scheduled_changes_are_read_only_while_the_trial_is_processed() {
    on_each_database(|svc| async move {
        let id = trial(&svc).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let form = |seats: &str| ScheduleConversionForm {
            subscription_id: id,
            option: "P1Y/annual".into(),
            seats: seats.into(),
        };
        trials::schedule(&svc, &partner, &form("10")).await.unwrap();
        svc.clock.advance(Span::days(31));
        let until = svc.clock.now().plus(domain::PROCESSING_LEASE).millis();
        exec(
            &svc,
            &format!("UPDATE subscriptions SET processing = 'renewal', processing_until = {until} WHERE id = {id}"),
        )
        .await;
        match trials::schedule(&svc, &partner, &form("12")).await {
            Err(backend::Error::Processing { retry_after }) => assert_eq!(retry_after, 120),
            other => panic!("scheduling during processing: {other:?}"),
        }
        match scheduled::remove(&svc, &partner, id).await {
            Err(backend::Error::Processing { retry_after }) => assert_eq!(retry_after, 120),
            other => panic!("unscheduling during processing: {other:?}"),
        }
        assert_eq!(count(&svc, "SELECT CAST(SUM(seats) AS BIGINT) FROM scheduled_changes").await, 10);
        svc.clock.advance(domain::PROCESSING_LEASE);
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(field(&svc, id, "frequency").await, "annual");
        assert_eq!(ledger(&svc, id).await, 13_392_000);
    })
    .await;
}

/// R-SUB-27: Power BI Pro comes with a 30-day free trial, which an order
/// cannot skip. Ordered 2026-03-01 10:00 for a year billed monthly, it
/// charges nothing and is a trial (seats fixed) until 2026-03-31; then the
/// job starts its paid year, whose first month charges 10 × 504,000 / 12 =
/// TWD 4,200.00 for 03-31 – 04-29, with a new reduction window. One whose
/// auto-renew was turned off ends with its trial.
#[tokio::test]
async fn r_sub_27_an_offers_free_trial_comes_first_and_the_paid_term_after_it() {
    use crate::subscriptions::{buy, set_seats, taiwan, SALES};
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(&svc, &partner, customer, "power-bi-pro", Term::P1Y, 10).await;
        let ends = buy(&svc, &partner, customer, "power-bi-pro", Term::P1Y, 3).await;
        assert_eq!(ledger(&svc, id).await, 0);
        assert_eq!(field(&svc, id, "trial").await, "1");
        let page = queries::detail(&svc, &partner, id).await.unwrap();
        assert_eq!(
            page.state.paid_from.map(|d| d.to_string()),
            Some("2026-03-31".into())
        );
        assert_eq!(
            page.row.renews_on.map(|d| d.to_string()),
            Some("2026-03-31".into())
        );
        assert!(page.conversion.is_none(), "the free trial cannot be waived");
        assert!(set_seats(&svc, &partner, id, 12).await.is_err());
        set_status(&svc, &partner, ends, StatusAction::AutoRenewOff)
            .await
            .unwrap();
        svc.clock.advance(Span::days(29));
        let report = jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(report.converted, 0, "{report:?}");
        svc.clock.advance(Span::hours(14));
        let report = jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!((report.converted, report.expired), (1, 1), "{report:?}");
        assert_eq!(field(&svc, id, "trial").await, "0");
        assert_eq!(
            count(
                &svc,
                &format!(
                    "SELECT COUNT(*) FROM subscriptions WHERE id = {id} AND paid_from IS NULL"
                )
            )
            .await,
            1
        );
        assert_eq!(field(&svc, id, "seat_price").await, "504000");
        assert_eq!(field(&svc, ends, "status").await, "expired");
        let reasons: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT reason, seats, amount FROM ledger WHERE subscription_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(svc.db.pool())
        .await
        .unwrap();
        assert_eq!(
            reasons,
            vec![
                ("purchase".into(), 10, 0),
                ("trial_conversion".into(), 10, 420_000)
            ]
        );
        let page = queries::detail(&svc, &partner, id).await.unwrap();
        assert_eq!(page.row.term_ends_on.to_string(), "2027-03-30");
        assert_eq!(page.state.reducible_seats(page.as_of), 10, "a new window");
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}
