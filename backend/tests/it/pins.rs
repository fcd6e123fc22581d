//! Preview pins against a real database (R-SUB-10, R-SUB-22): a commit is
//! refused when its pin is from before midnight UTC, not signed by the
//! server, or from before another change; SQLite always, PostgreSQL too.

use crate::common::*;
use crate::subscriptions::{buy, ledger_sum, taiwan, SALES};

use backend::subscriptions::changes::{cancel, change_seats, set_status, StatusAction};
use backend::subscriptions::{jobs, queries};
use backend::{Actor, Error, Secret, Services};
use domain::subscription_views::{CancelForm, SeatChangeForm, SubscriptionDetail};
use domain::{plan_cancel, plan_seat_change, SeatChange, Seats, Term, Timestamp};

/// Moves the test clock to `at` and runs the billing job, as the server's
/// job loop does every few seconds.
async fn move_to(svc: &Services, at: Timestamp) {
    let now = svc.clock.now();
    assert!(at > now, "the clock only moves forward");
    svc.clock.advance(at.since(now));
    jobs::run_due(svc, svc.now().await.unwrap()).await.unwrap();
}

fn utc(month: u32, day: u32, h: u32, m: u32) -> Timestamp {
    Timestamp::from_ymd_hms(2026, month, day, h, m, 0).unwrap()
}

/// The seat form as the page sends it for `seats`, with the page's pin.
fn seat_form(page: &SubscriptionDetail, seats: u32) -> SeatChangeForm {
    let expected = plan_seat_change(&page.state, Seats::new(seats).unwrap(), page.as_of)
        .map(|c| c.amount().minor)
        .unwrap_or(0);
    SeatChangeForm {
        subscription_id: page.row.id,
        seats: seats.to_string(),
        pin: page.pin.clone(),
        expected,
    }
}

async fn page(svc: &Services, actor: &Actor, id: i64) -> SubscriptionDetail {
    queries::detail(svc, actor, id).await.unwrap()
}

/// The one refusal of a commit, as `(code, amount)`.
fn refusal<T: std::fmt::Debug>(result: Result<T, Error>) -> (String, Option<String>) {
    match result {
        Err(Error::Invalid(e)) if e.len() == 1 => {
            (e[0].code.clone(), e[0].param("amount").map(str::to_string))
        }
        other => panic!("expected one refusal, got {other:?}"),
    }
}

/// The case: a page loaded at 23:58 UTC on the last day of a monthly
/// period and saved at 00:03, after the billing job ran, would buy the new
/// month's seat for one day's price.
#[tokio::test]
async fn r_sub_10_r_sub_08_a_seat_change_pinned_before_midnight_is_refused_after_it_with_the_new_figure(
) {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        // 2026-03-01 10:00: 10 seats at TWD 2,232.00 a year, billed monthly
        // (TWD 186.00 a seat and month); the first period is March.
        let id = buy(
            &svc,
            &partner,
            customer,
            "m365-business-basic",
            Term::P1Y,
            10,
        )
        .await;
        let bought = ledger_sum(&svc, id).await;
        assert_eq!(bought, 10 * 18_600);
        move_to(&svc, utc(3, 31, 23, 58)).await;
        let before_midnight = page(&svc, &partner, id).await;
        let form = seat_form(&before_midnight, 11);
        // One day (March 31) of 31: 18,600 / 31 = 600.
        assert_eq!(form.expected, 600);

        move_to(&svc, utc(4, 1, 0, 3)).await;
        let april = ledger_sum(&svc, id).await;
        assert_eq!(april, bought + 10 * 18_600, "the billing job charged April");
        assert_eq!(
            refusal(change_seats(&svc, &partner, &form).await),
            (
                "preview_expired_at_midnight".into(),
                Some("TWD 186.00".into())
            ),
            "the new figure: a whole April for the 11th seat"
        );
        let after = page(&svc, &partner, id).await;
        assert_eq!(after.row.seats, 10, "nothing changed");
        assert_eq!(ledger_sum(&svc, id).await, april);

        // Pinned again after midnight, the new figure commits.
        let form = seat_form(&after, 11);
        assert_eq!(form.expected, 18_600);
        match change_seats(&svc, &partner, &form).await.unwrap() {
            SeatChange::Increase { charge, .. } => assert_eq!(charge.minor, 18_600),
            other => panic!("expected an increase, got {other:?}"),
        }
        assert_eq!(ledger_sum(&svc, id).await, april + 18_600);
    })
    .await;
}

/// R-SUB-22: a cancellation previewed on one day refunds that day too; saved
/// after midnight it is refused with the refund of the new day.
#[tokio::test]
async fn r_sub_22_a_cancel_pinned_before_midnight_is_refused_after_it_with_the_new_refund() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(
            &svc,
            &partner,
            customer,
            "m365-business-basic",
            Term::P1Y,
            10,
        )
        .await;
        move_to(&svc, utc(3, 2, 23, 58)).await;
        let before_midnight = page(&svc, &partner, id).await;
        let refund = plan_cancel(&before_midnight.state, false, before_midnight.as_of)
            .unwrap()
            .refund;
        // 186,000 for the 31 days of March, 2 used: 186,000 − 12,000.
        assert_eq!(refund.minor, 174_000);
        move_to(&svc, utc(3, 3, 0, 3)).await;
        let form = CancelForm {
            subscription_id: id,
            pin: before_midnight.pin.clone(),
            expected_refund: refund.minor,
            acknowledged: true,
        };
        // 3 days used: 186,000 − 18,000 = 168,000.
        assert_eq!(
            refusal(cancel(&svc, &partner, &form).await),
            (
                "preview_expired_at_midnight".into(),
                Some("TWD 1,680.00".into())
            )
        );
        let after = page(&svc, &partner, id).await;
        assert_eq!(after.row.status, domain::SubscriptionStatus::Active);
        let form = CancelForm {
            pin: after.pin.clone(),
            expected_refund: 168_000,
            ..form
        };
        assert_eq!(cancel(&svc, &partner, &form).await.unwrap().minor, 168_000);
    })
    .await;
}

/// A pin the server did not sign as it is is refused, and nothing changes:
/// backdated, with another version, with a forged MAC, or another
/// subscription's.
#[tokio::test]
async fn r_sub_10_a_backdated_altered_or_forged_pin_is_refused() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(
            &svc,
            &partner,
            customer,
            "m365-business-basic",
            Term::P1Y,
            30,
        )
        .await;
        let other = buy(&svc, &partner, customer, "o365-e1", Term::P1Y, 3).await;
        move_to(&svc, utc(3, 2, 9, 0)).await;
        let page_now = page(&svc, &partner, id).await;
        let form = seat_form(&page_now, 25);
        let [at, version, tag]: [&str; 3] = form
            .pin
            .split('.')
            .collect::<Vec<_>>()
            .try_into()
            .expect("a pin has three parts");
        let at: i64 = at.parse().unwrap();
        // Backdated by 14 minutes: still fresh and on the same day, so only
        // the signature tells it from a real pin.
        let backdated = format!("{}.{version}.{tag}", at - 14 * 60_000);
        let other_version = format!("{at}.7.{tag}");
        let forged = format!("{at}.{version}.{}", "A".repeat(tag.len()));
        let others = page(&svc, &partner, other).await.pin;
        for pin in [backdated, other_version, forged, others, "not a pin".into()] {
            let bad = SeatChangeForm {
                pin: pin.clone(),
                ..form.clone()
            };
            assert_eq!(
                refusal(change_seats(&svc, &partner, &bad).await),
                ("preview_pin_invalid".into(), None),
                "{pin}"
            );
            let cancel_form = CancelForm {
                subscription_id: id,
                pin: pin.clone(),
                expected_refund: 0,
                acknowledged: true,
            };
            assert_eq!(
                refusal(cancel(&svc, &partner, &cancel_form).await),
                ("preview_pin_invalid".into(), None),
                "{pin}"
            );
        }
        let unchanged = page(&svc, &partner, id).await;
        assert_eq!(unchanged.row.seats, 30);
        assert_eq!(unchanged.state.update_count, page_now.state.update_count);
        // The real pin commits.
        change_seats(&svc, &partner, &form).await.unwrap();
    })
    .await;
}

/// A pin is for one version of the subscription: replayed after another
/// change (a seat change, or a status change) it is refused.
#[tokio::test]
async fn r_sub_10_a_pin_replayed_after_another_change_is_refused() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(
            &svc,
            &partner,
            customer,
            "m365-business-basic",
            Term::P1Y,
            30,
        )
        .await;
        let first = page(&svc, &partner, id).await;
        change_seats(&svc, &partner, &seat_form(&first, 29))
            .await
            .unwrap();
        // The same pin again, with the figure that is right for 28 now.
        let now = page(&svc, &partner, id).await;
        let replay = SeatChangeForm {
            pin: first.pin.clone(),
            ..seat_form(&now, 28)
        };
        assert_eq!(
            refusal(change_seats(&svc, &partner, &replay).await),
            ("preview_pin_stale".into(), None)
        );
        let cancel_replay = CancelForm {
            subscription_id: id,
            pin: first.pin.clone(),
            expected_refund: plan_cancel(&now.state, false, now.as_of)
                .unwrap()
                .refund
                .minor,
            acknowledged: true,
        };
        assert_eq!(
            refusal(cancel(&svc, &partner, &cancel_replay).await),
            ("preview_pin_stale".into(), None)
        );
        // A status change is a change too.
        set_status(&svc, &partner, id, StatusAction::AutoRenewOff)
            .await
            .unwrap();
        assert_eq!(
            refusal(change_seats(&svc, &partner, &seat_form(&now, 28)).await),
            ("preview_pin_stale".into(), None)
        );
        assert_eq!(page(&svc, &partner, id).await.row.seats, 29);
        let fresh = page(&svc, &partner, id).await;
        change_seats(&svc, &partner, &seat_form(&fresh, 28))
            .await
            .unwrap();
    })
    .await;
}

/// Without BC_SECRET every server process on one database signs with the
/// key the first one stored; a server with another secret refuses its pins.
#[tokio::test]
async fn r_sub_10_processes_sharing_a_database_share_the_signing_key() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(
            &svc,
            &partner,
            customer,
            "m365-business-basic",
            Term::P1Y,
            30,
        )
        .await;
        let second = Services::new(svc.db.clone(), svc.clock.clone(), (*svc.config).clone());
        let elsewhere = Services::new(svc.db.clone(), svc.clock.clone(), (*svc.config).clone())
            .with_secret(Secret::given("another deployment's secret, 32+ bytes").unwrap());
        let form = seat_form(&page(&svc, &partner, id).await, 29);
        assert_eq!(
            refusal(change_seats(&elsewhere, &partner, &form).await),
            ("preview_pin_invalid".into(), None)
        );
        change_seats(&second, &partner, &form).await.unwrap();
        assert_eq!(
            count(&svc, "SELECT COUNT(*) FROM deployment_secret").await,
            1
        );
    })
    .await;
}
