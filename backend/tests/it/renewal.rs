//! Changes scheduled for renewal (R-SUB-19): shown with the next term's
//! first charge, carried out by the billing job at the term's end (an
//! upgrade too, R-SUB-17), and deleted by the mid-term changes of R-SUB-20,
//! each deletion recorded.
//!
//! The Taiwan customer buys through Contoso on 2026-03-01 10:00 (the test
//! clock): one month, renewing on 2026-04-01.

use crate::billing_job::{field, ledger, seeded};
use crate::common::{codes, count, on_each_database, sign_in};

use backend::subscriptions::changes::{change_seats, set_status, StatusAction};
use backend::subscriptions::{jobs, queries, renewal, scheduled, totals_agree, upgrades};
use backend::Services;
use domain::subscription_views::{
    ScheduleRenewalForm, ScheduledRenewalView, SeatChangeForm, UpgradeForm,
};
use domain::{Span, Term, Timestamp};

/// `seats` of `offer` for a month billed monthly, bought now.
async fn monthly(svc: &Services, offer: &str, seats: u32) -> i64 {
    seeded(svc, offer, Term::P1M, seats, svc.clock.now()).await
}

fn form(id: i64, choice: &str, seats: u32) -> ScheduleRenewalForm {
    ScheduleRenewalForm {
        subscription_id: id,
        choice: choice.into(),
        seats: seats.to_string(),
        coterm: String::new(),
    }
}

fn co_termed(id: i64, choice: &str, seats: u32, renews_on: &str) -> ScheduleRenewalForm {
    ScheduleRenewalForm {
        coterm: renews_on.into(),
        ..form(id, choice, seats)
    }
}

/// The change the page shows scheduled for `id`'s renewal.
async fn shown(svc: &Services, partner: &backend::Actor, id: i64) -> ScheduledRenewalView {
    queries::detail(svc, partner, id)
        .await
        .unwrap()
        .scheduled_renewal
        .expect("shown on the page")
}

/// The audit entries of `id`'s renewals, oldest first.
async fn renewals(svc: &Services, id: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT after_json FROM audit_log WHERE action = 'subscription.renew' AND entity_id = $1 ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(svc.db.pool())
    .await
    .unwrap()
}

async fn live_seats(svc: &Services, id: i64) -> i64 {
    count(
        svc,
        &format!("SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) FROM seat_additions WHERE subscription_id = {id} AND closed = 0"),
    )
    .await
}

async fn deleted_by(svc: &Services, id: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT after_json FROM audit_log WHERE action = 'subscription.scheduled_change_deleted' AND entity_id = $1 ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(svc.db.pool())
    .await
    .unwrap()
}

/// R-SUB-19: 10 Business Basic seats (TWD 223.00 a seat a month) scheduled
/// to renew as 6: the page shows the next term from 2026-04-01 at 6 ×
/// 22,300 = TWD 1,338.00; at the term's end the job renews with 6 seats
/// and charges exactly that; nothing stays scheduled.
#[tokio::test]
async fn r_sub_19_a_seat_decrease_scheduled_for_renewal_is_applied_at_the_terms_end() {
    on_each_database(|svc| async move {
        let id = monthly(&svc, "m365-business-basic", 10).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        assert_eq!(
            codes(
                renewal::schedule(
                    &svc,
                    &partner,
                    &form(id, "m365-business-basic|P1M/monthly", 10)
                )
                .await
            ),
            vec![("seats".to_string(), "renewal_unchanged".to_string())]
        );
        renewal::schedule(
            &svc,
            &partner,
            &form(id, "m365-business-basic|P1M/monthly", 6),
        )
        .await
        .unwrap();
        let shown = shown(&svc, &partner, id).await;
        assert_eq!((shown.seats, shown.upgrade), (6, false));
        assert_eq!(shown.renews_on.to_string(), "2026-04-01");
        assert_eq!(shown.first_charge.minor, 133_800);

        svc.clock.advance(Span::days(31));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(live_seats(&svc, id).await, 6);
        assert_eq!(ledger(&svc, id).await, 223_000 + 133_800);
        assert_eq!(
            count(&svc, "SELECT COUNT(*) FROM scheduled_changes").await,
            0
        );
        let renewed = renewals(&svc, id).await;
        assert_eq!(renewed.len(), 1);
        assert!(renewed[0].contains("\"seats\":6"), "{renewed:?}");
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-SUB-19: 10 Business Basic seats renewing on 2026-04-01 as a year
/// billed monthly (10 × 223,200 / 12 = TWD 1,860.00 a month), co-termed with
/// the customer's year of Business Basic bought 2026-01-20, which renews on
/// 2027-01-20 (day 20,838 since 1970-01-01). The next term runs 2026-04-01
/// to 2027-01-19: April to December charge 186,000 each, January its 19 of
/// 31 days, 186,000 × 19 / 31 = 114,000. On 2027-01-20 it renews a whole
/// year again, ending 2028-01-19, its first month 186,000. A date no other
/// subscription renews on, or one outside the next term, is refused.
#[tokio::test]
async fn r_sub_19_the_next_term_co_termed_with_another_subscription() {
    on_each_database(|svc| async move {
        let id = monthly(&svc, "m365-business-basic", 10).await;
        let bought = Timestamp::from_ymd_hms(2026, 1, 20, 10, 0, 0).unwrap();
        let other = seeded(&svc, "m365-business-basic", Term::P1Y, 5, bought).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let year = "m365-business-basic|P1Y/monthly";

        let page = queries::detail(&svc, &partner, id).await.unwrap();
        let offered: Vec<_> = page
            .coterm_with
            .iter()
            .map(|c| (c.subscription_id, c.renews_on.to_string()))
            .collect();
        // The demo's subscriptions are offered too, each renewing inside
        // some next term (before 2027-04-01, a year from 2026-04-01).
        assert!(
            offered.contains(&(other, "2027-01-20".to_string())),
            "{offered:?}"
        );
        assert!(offered
            .iter()
            .all(|(_, d)| ("2026-04-02".."2027-04-01").contains(&d.as_str())));
        let not_offered = vec![(
            "coterm".to_string(),
            "renewal_coterm_not_offered".to_string(),
        )];
        let month = "m365-business-basic|P1M/monthly";
        for (choice, coterm) in [(year, "20839"), (year, "next year"), (month, "20838")] {
            let f = co_termed(id, choice, 10, coterm);
            let got = codes(renewal::schedule(&svc, &partner, &f).await);
            assert_eq!(got, not_offered, "{choice} {coterm}");
        }
        assert_eq!(
            count(&svc, "SELECT COUNT(*) FROM scheduled_changes").await,
            0
        );

        renewal::schedule(&svc, &partner, &co_termed(id, year, 10, "20838"))
            .await
            .unwrap();
        let shown = shown(&svc, &partner, id).await;
        assert_eq!(shown.first_charge.minor, 186_000);
        assert_eq!(
            shown.coterm_last_day.map(|d| d.to_string()),
            Some("2027-01-19".into())
        );

        svc.clock.advance(Span::days(31));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(field(&svc, id, "term_end").await, "20838");
        assert_eq!(ledger(&svc, id).await, 223_000 + 186_000);

        // To 2027-01-01 10:00: May to January.
        svc.clock.advance(Span::days(275));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(ledger(&svc, id).await, 223_000 + 9 * 186_000 + 114_000);
        let row = queries::detail(&svc, &partner, id).await.unwrap().row;
        assert_eq!(row.term_ends_on.to_string(), "2027-01-19");

        // To 2027-01-20 10:00: a whole year again.
        svc.clock.advance(Span::days(19));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(
            ledger(&svc, id).await,
            223_000 + 9 * 186_000 + 114_000 + 186_000
        );
        let row = queries::detail(&svc, &partner, id).await.unwrap().row;
        assert_eq!(row.term_ends_on.to_string(), "2028-01-19");
        assert_eq!(
            count(
                &svc,
                &format!("SELECT COUNT(*) FROM subscriptions WHERE id = {id} AND term_end IS NULL")
            )
            .await,
            1
        );
        let renewed = renewals(&svc, id).await;
        assert!(
            renewed[0].contains("\"term_ends_on\":\"2027-01-19\""),
            "{renewed:?}"
        );
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-SUB-17, R-SUB-19: an upgrade scheduled for the end of term: a month of
/// Office 365 E3 renews as a year of Microsoft 365 E3 billed monthly,
/// 10 × 1,339,200 / 12 = TWD 11,160.00 for its first month. Only with
/// auto-renew on, only to one of the offer's upgrades, and a mid-term
/// upgrade removes a scheduled one.
#[tokio::test]
async fn r_sub_17_an_upgrade_scheduled_for_the_end_of_term_is_carried_out_by_the_job() {
    on_each_database(|svc| async move {
        let id = monthly(&svc, "o365-e3", 10).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        assert_eq!(
            codes(
                renewal::schedule(
                    &svc,
                    &partner,
                    &form(id, "m365-business-basic|P1M/monthly", 10)
                )
                .await
            ),
            vec![("choice".to_string(), "renewal_not_offered".to_string())]
        );
        set_status(&svc, &partner, id, StatusAction::AutoRenewOff)
            .await
            .unwrap();
        assert_eq!(
            codes(renewal::schedule(&svc, &partner, &form(id, "m365-e3|P1Y/monthly", 10)).await),
            vec![("".to_string(), "renewal_auto_renew_off".to_string())]
        );
        set_status(&svc, &partner, id, StatusAction::AutoRenewOn)
            .await
            .unwrap();
        renewal::schedule(&svc, &partner, &form(id, "m365-e3|P1Y/monthly", 10))
            .await
            .unwrap();
        let shown = shown(&svc, &partner, id).await;
        assert!(shown.upgrade);
        assert_eq!(shown.first_charge.minor, 1_116_000);

        svc.clock.advance(Span::days(31));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(field(&svc, id, "offer_id").await, "m365-e3");
        assert_eq!(field(&svc, id, "term").await, "P1Y");
        assert_eq!(ledger(&svc, id).await, 10 * 85_600 + 1_116_000);
        assert!(totals_agree(&svc.db).await.unwrap());

        // A mid-term upgrade deletes what was scheduled (here: a decrease).
        let other = monthly(&svc, "o365-e3", 10).await;
        renewal::schedule(&svc, &partner, &form(other, "o365-e3|P1M/monthly", 8))
            .await
            .unwrap();
        let page = queries::detail(&svc, &partner, other).await.unwrap();
        let up = UpgradeForm {
            subscription_id: other,
            target: "m365-e3".into(),
            destination: "new".into(),
            option: "P1M/monthly".into(),
            seats: "4".into(),
            acknowledged: true,
            pin: page.pin.clone(),
            // On its first day a month is credited and charged whole:
            // 4 × 85,600 and 4 × 133,900.
            expected_credit: 342_400,
            expected_charge: 535_600,
        };
        upgrades::upgrade(&svc, &partner, &up).await.unwrap();
        assert!(queries::detail(&svc, &partner, other)
            .await
            .unwrap()
            .scheduled_renewal
            .is_none());
        assert_eq!(deleted_by(&svc, other).await.len(), 1);
    })
    .await;
}

/// R-SUB-20: a mid-term seat change, turning auto-renew off and a cancel
/// each delete the change scheduled for renewal, recorded with what
/// deleted it; "Remove" deletes it too.
#[tokio::test]
async fn r_sub_20_mid_term_changes_delete_what_was_scheduled_for_renewal() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let basic = "m365-business-basic|P1M/monthly";
        let id = monthly(&svc, "m365-business-basic", 10).await;

        renewal::schedule(&svc, &partner, &form(id, basic, 6))
            .await
            .unwrap();
        let page = queries::detail(&svc, &partner, id).await.unwrap();
        assert!(page.has_scheduled());
        // One more seat on the first day: the whole month, TWD 223.00.
        let more = SeatChangeForm {
            subscription_id: id,
            seats: "11".into(),
            pin: page.pin.clone(),
            expected: 22_300,
        };
        change_seats(&svc, &partner, &more).await.unwrap();
        assert!(queries::detail(&svc, &partner, id)
            .await
            .unwrap()
            .scheduled_renewal
            .is_none());

        renewal::schedule(&svc, &partner, &form(id, basic, 6))
            .await
            .unwrap();
        set_status(&svc, &partner, id, StatusAction::AutoRenewOff)
            .await
            .unwrap();
        set_status(&svc, &partner, id, StatusAction::AutoRenewOn)
            .await
            .unwrap();
        renewal::schedule(&svc, &partner, &form(id, basic, 6))
            .await
            .unwrap();
        scheduled::remove(&svc, &partner, id).await.unwrap();
        renewal::schedule(&svc, &partner, &form(id, basic, 6))
            .await
            .unwrap();
        let page = queries::detail(&svc, &partner, id).await.unwrap();
        backend::subscriptions::changes::cancel(
            &svc,
            &partner,
            &domain::subscription_views::CancelForm {
                subscription_id: id,
                pin: page.pin.clone(),
                // Cancelled on the day of purchase, that day used:
                // 223,000 − 223,000 / 31 (7,194) + 22,300 − 22,300 / 31 (719).
                expected_refund: 237_387,
                acknowledged: true,
            },
        )
        .await
        .unwrap();
        let causes = deleted_by(&svc, id).await;
        let by = [
            "subscription.seats",
            "subscription.auto_renew",
            "subscription.unschedule",
            "subscription.cancel",
        ];
        assert_eq!(causes.len(), 4, "{causes:?}");
        for (cause, expected) in causes.iter().zip(by) {
            assert!(cause.contains(expected), "{cause} is not by {expected}");
        }
        assert_eq!(
            count(&svc, "SELECT COUNT(*) FROM scheduled_changes").await,
            0
        );
    })
    .await;
}
