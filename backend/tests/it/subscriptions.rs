//! Subscriptions, orders, ledger and invoices (SPEC §5, §6) against a real
//! database: SQLite always, PostgreSQL too when BC_TEST_POSTGRES_URL is set.

use crate::common;

use backend::subscriptions::changes::{cancel, change_seats, set_status, StatusAction};
use backend::subscriptions::{
    cart, catalog, export, invoices, jobs, orders, queries, totals_agree,
};
use backend::{Actor, Error, Services};
use common::*;
use domain::subscription_views::{AddToCartForm, CancelForm, SeatChangeForm, SubmitOrderForm};
use domain::{
    lines_digest, plan_cancel, plan_seat_change, BillingFrequency, SeatChange, SeatChangeError,
    Seats, Span, SubscriptionStatus, Term,
};

/// Subscriptions bought through orders (the demo data has others).
const SUBS_BOUGHT: &str = "SELECT id FROM subscriptions WHERE order_id IS NOT NULL";
const BOUGHT: &str = "SELECT COUNT(*) FROM subscriptions WHERE order_id IS NOT NULL";

pub(crate) const SALES: &str = "sales@contoso-partner.example";
pub(crate) const TAIWAN_ADMIN: &str = "admin@twprecision.example";

pub(crate) async fn taiwan(svc: &Services) -> i64 {
    sqlx::query_scalar("SELECT org_id FROM users WHERE email = $1")
        .bind(TAIWAN_ADMIN)
        .fetch_one(svc.db.pool())
        .await
        .expect("demo customer")
}

pub(crate) fn line(
    customer: i64,
    offer: &str,
    term: Term,
    frequency: BillingFrequency,
    seats: u32,
) -> AddToCartForm {
    AddToCartForm {
        customer_id: customer,
        offer_id: offer.into(),
        term,
        frequency,
        seats: seats.to_string(),
    }
}

/// The review form of the partner's current cart for `customer`, as the
/// page builds it: the key, and the digest of the lines it shows.
pub(crate) async fn review(
    svc: &Services,
    partner: &Actor,
    customer: i64,
    key: &str,
) -> SubmitOrderForm {
    let page = catalog::catalog_page(svc, partner, customer, &Default::default())
        .await
        .expect("catalog page");
    SubmitOrderForm {
        customer_id: customer,
        idempotency_key: key.into(),
        reviewed: lines_digest(&page.cart, &[]),
        attested: true,
        reseller: String::new(),
        additional_resellers: Vec::new(),
    }
}

/// Buys one line and returns the new subscription's id.
pub(crate) async fn buy(
    svc: &Services,
    partner: &Actor,
    customer: i64,
    offer: &str,
    term: Term,
    seats: u32,
) -> i64 {
    cart::add_to_cart(
        svc,
        partner,
        &line(customer, offer, term, BillingFrequency::Monthly, seats),
    )
    .await
    .expect("added to cart");
    let key = format!("buy-{offer}-{seats}-{}", svc.clock.now().millis());
    let order = orders::submit(svc, partner, &review(svc, partner, customer, &key).await)
        .await
        .expect("order submitted");
    orders::order(svc, partner, order)
        .await
        .expect("order readable")
        .lines[0]
        .subscription_id
        .expect("fulfilled")
}

/// Previews a change on the detail page's data and commits it, as the browser does.
pub(crate) async fn set_seats(
    svc: &Services,
    actor: &Actor,
    id: i64,
    seats: u32,
) -> Result<SeatChange, Error> {
    let detail = queries::detail(svc, actor, id).await?;
    let expected = plan_seat_change(&detail.state, Seats::new(seats).unwrap(), detail.as_of)
        .map(|c| c.amount().minor)
        .unwrap_or(0);
    change_seats(
        svc,
        actor,
        &SeatChangeForm {
            subscription_id: id,
            seats: seats.to_string(),
            pin: detail.pin.clone(),
            expected,
        },
    )
    .await
}

/// Cancels as the browser does: the preview's refund, acknowledged.
pub(crate) async fn cancel_as_previewed(
    svc: &Services,
    actor: &Actor,
    id: i64,
) -> Result<domain::Money, Error> {
    let detail = queries::detail(svc, actor, id).await?;
    let plan = plan_cancel(&detail.state, detail.marketplace, detail.as_of).expect("cancellable");
    cancel(
        svc,
        actor,
        &CancelForm {
            subscription_id: id,
            pin: detail.pin.clone(),
            expected_refund: plan.refund.minor,
            acknowledged: true,
        },
    )
    .await
}

pub(crate) async fn ledger_sum(svc: &Services, id: i64) -> i64 {
    count(svc, &format!("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger WHERE subscription_id = {id}")).await
}

/// R-SUB-03, R-SUB-06: one order per idempotency key under concurrent duplicates; order history shows its lines.
#[tokio::test]
async fn r_sub_03_order_submit_is_idempotent_under_concurrent_duplicates() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        cart::add_to_cart(
            &svc,
            &partner,
            &line(
                customer,
                "m365-business-basic",
                Term::P1Y,
                BillingFrequency::Monthly,
                30,
            ),
        )
        .await
        .unwrap();
        let form = review(&svc, &partner, customer, "review-7f3a").await;
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (svc, partner, form) = (svc.clone(), partner.clone(), form.clone());
                tokio::spawn(async move { orders::submit(&svc, &partner, &form).await })
            })
            .collect();
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(
                t.await
                    .unwrap()
                    .expect("every duplicate answers with the order"),
            );
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "one order for one key: {ids:?}");
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM orders WHERE idempotency_key NOT LIKE 'demo-%'"
            )
            .await,
            1
        );
        assert_eq!(count(&svc, BOUGHT).await, 1);
        // A later retry with the same key changes nothing either.
        assert_eq!(orders::submit(&svc, &partner, &form).await.unwrap(), ids[0]);
        assert_eq!(
            count(
                &svc,
                &format!("SELECT COUNT(*) FROM ledger WHERE subscription_id IN ({SUBS_BOUGHT})")
            )
            .await,
            1
        );
        // R-SUB-06: the order history shows it with its fulfilled line
        // (beside the demo's software orders).
        let history: Vec<_> = orders::orders_page(&svc, &partner, customer, None)
            .await
            .unwrap()
            .rows
            .into_iter()
            .filter(|o| o.software.is_empty())
            .collect();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].lines[0].status, "fulfilled");
        assert_eq!(history[0].lines[0].seats, 30);
        // Issue 18 §4: read a page at a time, newest first: the orders
        // before a cursor, none twice, none left out.
        let all = orders::list_orders(&svc, &partner, customer, None, 1000)
            .await
            .unwrap();
        assert!(all.len() >= 2, "the demo's orders and this one");
        assert!(all.windows(2).all(|w| w[0].id > w[1].id));
        let first = orders::list_orders(&svc, &partner, customer, None, 1)
            .await
            .unwrap();
        let next = orders::list_orders(&svc, &partner, customer, Some(first[0].id), 1)
            .await
            .unwrap();
        assert_eq!((first[0].id, next[0].id), (all[0].id, all[1].id));
    })
    .await;
}

/// R-SUB-03: attestation and reseller IDs are checked; nothing is created on bad input.
#[tokio::test]
async fn r_sub_03_submit_needs_attestation_and_valid_resellers() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let empty = orders::submit(
            &svc,
            &partner,
            &review(&svc, &partner, customer, "k1").await,
        )
        .await;
        assert_eq!(codes(empty), vec![("".into(), "order_empty".into())]);
        cart::add_to_cart(
            &svc,
            &partner,
            &line(customer, "o365-e3", Term::P1Y, BillingFrequency::Annual, 5),
        )
        .await
        .unwrap();
        let mut form = review(&svc, &partner, customer, "k2").await;
        form.attested = false;
        form.reseller = "12".into();
        form.additional_resellers = vec!["1234567".into()];
        let errors = codes(orders::submit(&svc, &partner, &form).await);
        assert!(errors.contains(&("attested".into(), "order_not_attested".into())));
        assert!(errors.contains(&("reseller".into(), "reseller_id_invalid".into())));
        // Taiwan is not in the EU/EFTA: no additional resellers.
        form.attested = true;
        form.reseller = "7654321".into();
        assert_eq!(
            codes(orders::submit(&svc, &partner, &form).await),
            vec![(
                "additional_resellers".into(),
                "order_resellers_outside_eu".into()
            )]
        );
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM orders WHERE idempotency_key NOT LIKE 'demo-%'"
            )
            .await,
            0
        );
    })
    .await;
}

/// R-SUB-04, R-SUB-05: add-on bounds count base licenses held (every partner) and in the cart.
#[tokio::test]
async fn r_sub_04_r_sub_05_add_on_bounds_count_held_and_cart_base_licenses() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        // The demo customer already holds Office 365 E3 (120) and Business Premium (30).
        buy(&svc, &partner, customer, "m365-e3", Term::P1Y, 250).await;
        for (offer, seats) in [
            ("o365-e3", 150),
            ("o365-multi-geo", 25),
            ("m365-copilot", 551),
        ] {
            let form = line(customer, offer, Term::P1Y, BillingFrequency::Monthly, seats);
            cart::add_to_cart(&svc, &partner, &form).await.unwrap();
        }
        match orders::submit(
            &svc,
            &partner,
            &review(&svc, &partner, customer, "addons").await,
        )
        .await
        {
            Err(Error::Invalid(e)) => {
                // Multi-Geo: 250 bought + 150 in the cart + 120 held = 520 base → at least 26.
                assert_eq!(
                    (e[0].field.as_str(), e[0].code.as_str()),
                    ("lines.1", "addon_below_minimum")
                );
                assert_eq!(e[0].param("min"), Some("26"));
                // Copilot also counts Business Premium: 550 base → at most 550.
                assert_eq!(
                    (e[1].field.as_str(), e[1].code.as_str()),
                    ("lines.2", "addon_above_maximum")
                );
                assert_eq!(e[1].param("max"), Some("550"));
            }
            other => panic!("expected add-on errors, got {other:?}"),
        }
        assert_eq!(count(&svc, BOUGHT).await, 1, "nothing bought");
    })
    .await;
}

/// R-SUB-04, R-SUB-05: changing a base re-checks the add-ons the customer
/// holds: Copilot stays at most the base, Multi-Geo at least 5 % of it.
#[tokio::test]
async fn r_sub_04_r_sub_05_a_base_seat_change_rechecks_the_held_add_ons() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        // Held in the demo data: Office 365 E3 120, Business Premium 30.
        let e3 = buy(&svc, &partner, customer, "m365-e3", Term::P1Y, 250).await;
        // Copilot's base: 250 + 120 + 30 = 400.
        buy(&svc, &partner, customer, "m365-copilot", Term::P1Y, 300).await;
        let ledger_before = ledger_sum(&svc, e3).await;
        // 250 → 149 leaves 299 base licenses for 300 Copilot licenses.
        match set_seats(&svc, &partner, e3, 149).await {
            Err(Error::Invalid(e)) => {
                assert_eq!(
                    (e[0].field.as_str(), e[0].code.as_str()),
                    ("seats", "base_below_addon")
                );
                assert_eq!(e[0].param("addon_seats"), Some("300"));
                assert_eq!(e[0].param("base_after"), Some("299"));
            }
            other => panic!("expected base_below_addon, got {other:?}"),
        }
        assert_eq!(ledger_sum(&svc, e3).await, ledger_before, "nothing charged");
        let seats = |svc: Services| async move {
            queries::detail(&svc, &sign_in(&svc, SALES).await, e3)
                .await
                .unwrap()
                .row
                .seats
        };
        assert_eq!(seats(svc.clone()).await, 250, "nothing changed");
        // 250 → 150 leaves exactly 300.
        set_seats(&svc, &partner, e3, 150).await.unwrap();

        // Multi-Geo's base is E3 only: 150 + 120 = 270 → 14 licenses (covering 280).
        buy(&svc, &partner, customer, "o365-multi-geo", Term::P1Y, 14).await;
        match set_seats(&svc, &partner, e3, 161).await {
            Err(Error::Invalid(e)) => {
                assert_eq!(
                    (e[0].field.as_str(), e[0].code.as_str()),
                    ("seats", "base_above_addon")
                );
                assert_eq!(e[0].param("max_base"), Some("280"));
                assert_eq!(e[0].param("base_after"), Some("281"));
            }
            other => panic!("expected base_above_addon, got {other:?}"),
        }
        set_seats(&svc, &partner, e3, 160).await.unwrap();
        assert_eq!(seats(svc.clone()).await, 160);
    })
    .await;
}

/// R-SUB-02: a one-per-customer offer cannot be bought twice; when the held one is suspended the catalog says so.
#[tokio::test]
async fn r_sub_02_one_per_customer_offer_cannot_be_bought_twice() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(
            &svc,
            &partner,
            customer,
            "contoso-backup-m365",
            Term::P1Y,
            10,
        )
        .await;
        cart::add_to_cart(
            &svc,
            &partner,
            &line(
                customer,
                "contoso-backup-m365",
                Term::P1Y,
                BillingFrequency::Monthly,
                5,
            ),
        )
        .await
        .unwrap();
        assert_eq!(
            codes(
                orders::submit(
                    &svc,
                    &partner,
                    &review(&svc, &partner, customer, "again").await
                )
                .await
            ),
            vec![("lines.0".into(), "offer_already_held".into())]
        );
        set_status(&svc, &partner, id, StatusAction::Suspend)
            .await
            .unwrap();
        let page = catalog::catalog_page(&svc, &partner, customer, &Default::default())
            .await
            .unwrap();
        let row = page
            .offers
            .iter()
            .find(|o| o.offer.id == "contoso-backup-m365")
            .unwrap();
        assert_eq!(
            row.unavailable.as_deref(),
            Some("offer_held_suspended"),
            "the UI offers reactivation"
        );
    })
    .await;
}

/// R-SUB-10, R-BIL-01: the committed refund is the previewed one, it is a ledger entry, and the invoice total is the sum of its lines.
#[tokio::test]
async fn r_sub_10_committed_refund_equals_the_preview_and_reaches_the_invoice() {
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
        svc.clock.advance(Span::hours(50));
        let detail = queries::detail(&svc, &partner, id).await.unwrap();
        let preview =
            plan_seat_change(&detail.state, Seats::new(25).unwrap(), detail.as_of).unwrap();
        let committed = set_seats(&svc, &partner, id, 25).await.unwrap();
        assert_eq!(committed, preview);
        let refund = -preview.amount().minor;
        assert!(refund > 0);
        let list = invoices::list(&svc, &partner, customer).await.unwrap();
        let invoice = invoices::invoice(&svc, &partner, list[0].id).await.unwrap();
        assert!(invoice
            .lines
            .iter()
            .any(|l| l.reason == "decrease" && l.amount.minor == -refund));
        assert_eq!(
            invoice.summary.total.minor,
            invoice.lines.iter().map(|l| l.amount.minor).sum::<i64>()
        );
        assert!(totals_agree(&svc.db).await.unwrap());

        // A stale preview (another figure) is refused and changes nothing.
        let detail = queries::detail(&svc, &partner, id).await.unwrap();
        let stale = SeatChangeForm {
            subscription_id: id,
            seats: "24".into(),
            pin: detail.pin.clone(),
            expected: -1,
        };
        assert_eq!(
            codes(change_seats(&svc, &partner, &stale).await),
            vec![("".into(), "preview_changed".into())]
        );
        // A preview pinned too long ago is refused.
        svc.clock.advance(Span::minutes(16));
        let old = SeatChangeForm {
            expected: plan_seat_change(&detail.state, Seats::new(24).unwrap(), detail.as_of)
                .unwrap()
                .amount()
                .minor,
            ..stale
        };
        assert_eq!(
            codes(change_seats(&svc, &partner, &old).await),
            vec![("".into(), "preview_expired".into())]
        );
        assert_eq!(
            queries::detail(&svc, &partner, id).await.unwrap().row.seats,
            25
        );
    })
    .await;
}

/// R-SUB-09, R-SUB-11: reducible until 167 h 59 m, refused at 168 h naming the window's end.
#[tokio::test]
async fn r_sub_09_decrease_refused_after_168_hours_naming_the_window_end() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(&svc, &partner, customer, "m365-business-basic", Term::P1Y, 30).await;
        svc.clock.advance(Span::minutes(167 * 60 + 59));
        let detail = queries::detail(&svc, &partner, id).await.unwrap();
        assert_eq!(detail.state.reducible_seats(detail.as_of), 30, "R-SUB-11: all still reducible");
        svc.clock.advance(Span::minutes(1));
        let closed_at = start().plus(Span::hours(168));
        match set_seats(&svc, &partner, id, 25).await {
            Err(Error::Invalid(e)) => {
                assert_eq!(e[0].code, "seats_window_closed");
                assert_eq!(e[0].param("closed_at"), Some(closed_at.to_rfc3339().as_str()));
            }
            other => panic!("expected the window error, got {other:?}"),
        }
        // Increases are always possible (R-SUB-08), and open a new window.
        assert!(matches!(set_seats(&svc, &partner, id, 35).await.unwrap(), SeatChange::Increase { added: 5, .. }));
        assert!(matches!(
            set_seats(&svc, &partner, id, 29).await,
            Err(Error::Invalid(e)) if e[0].code == "seats_not_reducible" && e[0].param("reducible") == Some("5")
        ));
    })
    .await;
}

/// Sets up 20 seats whose window has closed plus 10 newly added ones.
async fn ten_reducible(svc: &Services, partner: &Actor) -> i64 {
    let customer = taiwan(svc).await;
    let id = buy(svc, partner, customer, "m365-business-basic", Term::P1Y, 20).await;
    svc.clock.advance(Span::days(8));
    set_seats(svc, partner, id, 30)
        .await
        .expect("10 seats added");
    id
}

/// Each worker keeps removing one seat (preview, then commit) until the
/// rules say no more can be removed; returns how many it removed.
async fn decrease_worker(svc: Services, partner: Actor, id: i64) -> u32 {
    let mut removed = 0;
    loop {
        let detail = queries::detail(&svc, &partner, id).await.expect("detail");
        let target = detail.row.seats - 1;
        let plan = plan_seat_change(&detail.state, Seats::new(target).unwrap(), detail.as_of);
        let expected = match plan {
            Ok(p) => p.amount().minor,
            Err(
                SeatChangeError::NotEnoughReducible { .. } | SeatChangeError::WindowClosed { .. },
            ) => return removed,
            Err(e) => panic!("unexpected {e:?}"),
        };
        let form = SeatChangeForm {
            subscription_id: id,
            seats: target.to_string(),
            pin: detail.pin.clone(),
            expected,
        };
        match change_seats(&svc, &partner, &form).await {
            Ok(_) => removed += 1,
            // Someone else changed it first: read again.
            Err(Error::Invalid(e))
                if matches!(
                    e[0].code.as_str(),
                    "preview_pin_stale" | "preview_changed" | "seats_unchanged"
                ) => {}
            Err(Error::Invalid(e))
                if matches!(
                    e[0].code.as_str(),
                    "seats_not_reducible" | "seats_window_closed"
                ) =>
            {
                return removed
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
}

async fn check_after_concurrent_decreases(svc: &Services, id: i64, removed: u32) {
    assert_eq!(removed, 10, "exactly the 10 reducible seats were removed");
    assert_eq!(
        count(
            svc,
            &format!("SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {id} AND closed = 0")
        )
        .await,
        20
    );
    assert_eq!(
        count(svc, "SELECT COUNT(*) FROM seat_additions WHERE seats < 0").await,
        0
    );
    assert_eq!(
        count(svc, &format!("SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {id} AND closed = 0")).await,
        20
    );
    assert_eq!(
        count(
            svc,
            &format!(
                "SELECT COUNT(*) FROM ledger WHERE reason = 'decrease' AND subscription_id = {id}"
            )
        )
        .await,
        10
    );
    assert!(totals_agree(&svc.db).await.unwrap(), "ledger = invoices");
    let invoices: i64 = count(svc, "SELECT CAST(SUM(total) AS BIGINT) FROM invoices").await;
    let ledger: i64 = count(svc, "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger").await;
    assert_eq!(invoices, ledger);
}

/// R-SUB-09, R-BIL-01: 64 concurrent decreases against 10 reducible seats remove exactly 10; ledger = invoices.
#[tokio::test]
async fn r_sub_09_64_concurrent_decreases_remove_exactly_the_reducible_seats() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let id = ten_reducible(&svc, &partner).await;
        let workers: Vec<_> = (0..64)
            .map(|_| tokio::spawn(decrease_worker(svc.clone(), partner.clone(), id)))
            .collect();
        let mut removed = 0;
        for w in workers {
            removed += w.await.unwrap();
        }
        check_after_concurrent_decreases(&svc, id, removed).await;
    })
    .await;
}

/// R-SUB-09, R-BIL-01: the same with two independent connection pools (two server processes) on one PostgreSQL.
#[tokio::test]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_sub_09_concurrent_decreases_from_two_processes_sharing_postgresql() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let partner = sign_in(&first, SALES).await;
    let id = ten_reducible(&first, &partner).await;
    let workers: Vec<_> = (0..64)
        .map(|i| {
            let svc = if i % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            tokio::spawn(decrease_worker(svc, partner.clone(), id))
        })
        .collect();
    let mut removed = 0;
    for w in workers {
        removed += w.await.unwrap();
    }
    check_after_concurrent_decreases(&first, id, removed).await;
}

/// R-SUB-18: renews on D+1, once, however many job runs race; a new 168-hour window opens.
#[tokio::test]
async fn r_sub_18_renewal_job_run_twice_concurrently_renews_once() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(
            &svc,
            &partner,
            customer,
            "m365-business-basic",
            Term::P1M,
            10,
        )
        .await;
        // Term 2026-03-01 … 03-31 (D); it renews on April 1 (D+1).
        svc.clock.advance(Span::days(30));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        let renewals = format!(
            "SELECT COUNT(*) FROM ledger WHERE reason = 'renewal' AND subscription_id = {id}"
        );
        assert_eq!(count(&svc, &renewals).await, 0, "not before D+1");
        let all_renewals = "SELECT COUNT(*) FROM ledger WHERE reason = 'renewal'";
        let renewed_before = count(&svc, all_renewals).await;
        svc.clock.advance(Span::days(1));
        let now = svc.now().await.unwrap();
        let (a, b) = tokio::join!(jobs::run_due(&svc, now), jobs::run_due(&svc, now));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(count(&svc, &renewals).await, 1, "renewed once: {a:?} {b:?}");
        assert_eq!(
            count(&svc, all_renewals).await - renewed_before,
            i64::from(a.renewed + b.renewed),
            "no double renewal"
        );
        let detail = queries::detail(&svc, &partner, id).await.unwrap();
        assert_eq!(
            detail.state.term_started_at,
            domain::CivilDate::new(2026, 4, 1).unwrap().start()
        );
        // The new term opens a new 168-hour window for all seats (R-SUB-09).
        assert_eq!(detail.state.reducible_seats(now), 10);
        assert_eq!(
            jobs::run_due(&svc, now).await.unwrap(),
            jobs::Report::default(),
            "idempotent"
        );
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-BIL-01: each billing period is charged once, on the invoice of its month.
#[tokio::test]
async fn monthly_billing_charges_each_period_once() {
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
        svc.clock.advance(Span::days(75)); // into May: April and May charged
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        // TWD 2,232.00 per seat per year → 186.00 per month; 10 seats; March, April, May.
        assert_eq!(ledger_sum(&svc, id).await, 3 * 10 * 18_600);
        let cycles = format!(
            "SELECT COUNT(*) FROM ledger WHERE reason = 'cycle' AND subscription_id = {id}"
        );
        assert_eq!(
            count(&svc, &cycles).await,
            2,
            "each period once, however often the job runs"
        );
        let months: Vec<String> = invoices::list(&svc, &partner, customer)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.month)
            .collect();
        for month in ["2026-03", "2026-04", "2026-05"] {
            assert!(months.iter().any(|m| m == month), "{month} in {months:?}");
        }
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-SUB-22: cancel within 168 hours of the term start at the previewed refund; refused after.
#[tokio::test]
async fn r_sub_22_cancel_commits_the_previewed_refund_only_within_168_hours() {
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
        let late = buy(&svc, &partner, customer, "o365-e1", Term::P1Y, 3).await;
        svc.clock.advance(Span::days(2));
        let detail = queries::detail(&svc, &partner, id).await.unwrap();
        let plan = plan_cancel(&detail.state, false, detail.as_of).unwrap();
        let form = CancelForm {
            subscription_id: id,
            pin: detail.pin.clone(),
            expected_refund: plan.refund.minor,
            acknowledged: false,
        };
        // The acknowledgement is the server's check too, not only the form's.
        assert_eq!(
            codes(cancel(&svc, &partner, &form).await),
            vec![("acknowledged".into(), "cancel_not_acknowledged".into())]
        );
        let form = CancelForm {
            acknowledged: true,
            ..form
        };
        assert_eq!(cancel(&svc, &partner, &form).await.unwrap(), plan.refund);
        assert_eq!(ledger_sum(&svc, id).await, 30 * 18_600 - plan.refund.minor);
        assert!(
            matches!(
                cancel(&svc, &partner, &form).await,
                Err(Error::Invalid(e)) if e[0].code == "subscription_not_cancellable"
            ),
            "a cancelled subscription stays cancelled"
        );
        svc.clock.advance(Span::days(6));
        let detail = queries::detail(&svc, &partner, late).await.unwrap();
        let form = CancelForm {
            subscription_id: late,
            pin: detail.pin.clone(),
            expected_refund: 0,
            acknowledged: true,
        };
        assert!(matches!(
            cancel(&svc, &partner, &form).await,
            Err(Error::Invalid(e)) if e[0].code == "cancel_window_closed"
        ));
        assert_eq!(
            queries::detail(&svc, &partner, late)
                .await
                .unwrap()
                .row
                .status,
            SubscriptionStatus::Active
        );
    })
    .await;
}

/// R-SUB-23: suspend blocks the customer and turns auto-renew off; reactivation keeps it off; a term ending while suspended deletes.
#[tokio::test]
async fn r_sub_23_suspend_blocks_the_customer_and_a_term_ending_suspended_deletes() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer_user = sign_in(&svc, TAIWAN_ADMIN).await;
        let customer = taiwan(&svc).await;
        let id = buy(
            &svc,
            &partner,
            customer,
            "m365-business-basic",
            Term::P1M,
            10,
        )
        .await;
        assert!(queries::detail(&svc, &customer_user, id).await.is_ok());
        set_status(&svc, &partner, id, StatusAction::Suspend)
            .await
            .unwrap();
        assert!(matches!(
            queries::detail(&svc, &customer_user, id).await,
            Err(Error::Conflict(backend::Code::SubscriptionSuspended))
        ));
        let detail = queries::detail(&svc, &partner, id).await.unwrap();
        assert!(!detail.row.auto_renew, "suspending turns auto-renew off");
        set_status(&svc, &partner, id, StatusAction::Reactivate)
            .await
            .unwrap();
        let detail = queries::detail(&svc, &customer_user, id).await.unwrap();
        assert_eq!(detail.row.status, SubscriptionStatus::Active);
        assert!(!detail.row.auto_renew, "stays off after reactivation");
        set_status(&svc, &partner, id, StatusAction::Suspend)
            .await
            .unwrap();
        svc.clock.advance(Span::days(31));
        let report = jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert!(report.deleted >= 1);
        assert_eq!(
            count(
                &svc,
                &format!(
                    "SELECT COUNT(*) FROM subscriptions WHERE id = {id} AND status = 'deleted'"
                )
            )
            .await,
            1
        );
        assert!(matches!(
            set_status(&svc, &partner, id, StatusAction::Reactivate).await,
            Err(Error::Forbidden) | Err(Error::Invalid(_))
        ));
        let left = queries::list(&svc, &partner, customer).await.unwrap();
        assert!(
            left.iter().all(|s| s.id != id),
            "deleted subscriptions are gone from the list"
        );
    })
    .await;
}

/// R-SUB-12: the update after the 1,200th is refused with the limit named.
#[tokio::test]
async fn r_sub_12_the_update_after_1200_is_refused() {
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
        sqlx::query("UPDATE subscriptions SET update_count = 1198 WHERE id = $1")
            .bind(id)
            .execute(svc.db.pool())
            .await
            .unwrap();
        // A status change counts as an update too.
        set_status(&svc, &partner, id, StatusAction::AutoRenewOff)
            .await
            .expect("the 1,199th update");
        set_seats(&svc, &partner, id, 11)
            .await
            .expect("the 1,200th update");
        let refused = |r: Result<(), Error>| match r {
            Err(Error::Invalid(e)) => {
                assert_eq!(e[0].code, "subscription_update_limit");
                assert_eq!(e[0].param("max"), Some("1200"));
            }
            other => panic!("expected the update limit, got {other:?}"),
        };
        refused(set_seats(&svc, &partner, id, 12).await.map(|_| ()));
        refused(set_status(&svc, &partner, id, StatusAction::AutoRenewOn).await);
        let count: i64 = count(
            &svc,
            &format!("SELECT update_count FROM subscriptions WHERE id = {id}"),
        )
        .await;
        assert_eq!(count, 1200, "a refused update is not counted");
    })
    .await;
}

#[tokio::test]
async fn subscriptions_are_visible_only_to_the_customer_and_its_own_partner() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let other_partner = sign_in(&svc, "global@fabrikam.example").await;
        let helpdesk = sign_in(&svc, "helpdesk@contoso-partner.example").await;
        let customer_user = sign_in(&svc, "reports@twprecision.example").await;
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
        assert!(matches!(
            queries::list(&svc, &other_partner, customer).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            queries::detail(&svc, &other_partner, id).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            set_seats(&svc, &other_partner, id, 5).await,
            Err(Error::Forbidden)
        ));
        // Seeing is not managing: the help desk and the customer read only.
        assert!(
            !queries::detail(&svc, &helpdesk, id)
                .await
                .unwrap()
                .can_manage
        );
        assert!(
            !queries::detail(&svc, &customer_user, id)
                .await
                .unwrap()
                .can_manage
        );
        assert!(matches!(
            set_seats(&svc, &customer_user, id, 11).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            set_status(&svc, &helpdesk, id, StatusAction::Suspend).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            cart::add_to_cart(
                &svc,
                &helpdesk,
                &line(customer, "o365-e1", Term::P1Y, BillingFrequency::Monthly, 1)
            )
            .await,
            Err(Error::Forbidden)
        ));
    })
    .await;
}

/// R-SUB-07: ID, product, quantity, status with auto-renew and renewal date, billing cycle, promotion, reseller; UTF-8 with BOM.
#[tokio::test]
async fn r_sub_07_export_lists_every_subscription_as_csv_with_bom() {
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
        let header = [
            "Subscription ID",
            "Product",
            "Quantity",
            "Status",
            "Auto-renew",
            "Renewal date",
            "Term",
            "Billing cycle",
            "Promotion",
            "Reseller",
        ];
        let csv = export::subscriptions_csv(&svc, &partner, customer, &header)
            .await
            .unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let mut lines = csv.lines();
        assert!(lines
            .next()
            .unwrap()
            .contains("Subscription ID,Product,Quantity,Status"));
        let row = lines.find(|l| l.starts_with(&format!("{id},"))).unwrap();
        assert!(
            row.starts_with(&format!(
                "{id},Microsoft 365 Business Basic,10,active,on,2027-03-01,P1Y,monthly,none,"
            )),
            "{row}"
        );
    })
    .await;
}

/// The subscription's ledger amounts, by billing period.
async fn amounts(svc: &Services, id: i64) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT amount FROM ledger WHERE subscription_id = $1 ORDER BY period_start, id",
    )
    .bind(id)
    .fetch_all(svc.db.pool())
    .await
    .expect("ledger readable")
}

/// R-BIL-02, R-BIL-01: a year billed monthly is charged its price exactly,
/// also when the price does not divide by 12. Windows Enterprise E5 costs TWD
/// 4,100.00 a seat a year: 410,000 / 12 = 34,166.67, so the cumulative
/// roundings give 34,167 or 34,166 a month (8 × 34,167 + 4 × 34,166 =
/// 410,000); each month rounded on its own charged 12 × 34,167 = 410,004.
#[tokio::test]
async fn r_bil_02_a_year_billed_monthly_charges_its_price_exactly() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        let id = buy(
            &svc,
            &partner,
            customer,
            "windows-enterprise-e5",
            Term::P1Y,
            1,
        )
        .await;
        // Bought 2026-03-01; the term's last day is 2027-02-28.
        svc.clock.advance(Span::days(364));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        let (a, b) = (34_167, 34_166);
        assert_eq!(
            amounts(&svc, id).await,
            [a, b, a, a, b, a, a, b, a, a, b, a]
        );
        assert_eq!(ledger_sum(&svc, id).await, 410_000);
        // The renewal charges the new term's first month like the purchase.
        svc.clock.advance(Span::days(1));
        jobs::run_due(&svc, svc.now().await.unwrap()).await.unwrap();
        assert_eq!(amounts(&svc, id).await.last(), Some(&a));
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// Deletes the subscription's invoices (and their lines) whenever one of its
/// seat additions is written or changed: an invoice that goes missing in the
/// middle of a seat change, after the change read that it exists.
async fn lose_invoices_during_seat_changes(svc: &Services) {
    let mut conn = svc.db.pool().acquire().await.unwrap();
    let delete = "DELETE FROM ledger WHERE customer_org_id = \
         (SELECT customer_org_id FROM subscriptions WHERE id = NEW.subscription_id); \
         DELETE FROM invoices WHERE customer_org_id = \
         (SELECT customer_org_id FROM subscriptions WHERE id = NEW.subscription_id);";
    let ddl = if conn.backend_name() == "PostgreSQL" {
        vec![
            format!(
                "CREATE FUNCTION lose_invoices() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN {delete} RETURN NEW; END $$"
            ),
            "CREATE TRIGGER lose_invoices AFTER INSERT OR UPDATE ON seat_additions \
             FOR EACH ROW EXECUTE FUNCTION lose_invoices()"
                .to_string(),
        ]
    } else {
        ["INSERT", "UPDATE"]
            .map(|event| {
                format!("CREATE TRIGGER lose_invoices_{event} AFTER {event} ON seat_additions BEGIN {delete} END")
            })
            .into()
    };
    for sql in ddl {
        sqlx::raw_sql(&sql).execute(&mut *conn).await.unwrap();
    }
}

/// What a seat change of subscription `id` writes: its ledger lines, its
/// additions and their seats, its audit entries, the customer's invoice
/// totals and its update count.
async fn written(svc: &Services, id: i64, customer: i64) -> Vec<i64> {
    let mut figures = Vec::new();
    for sql in [
        format!("SELECT COUNT(*) FROM ledger WHERE subscription_id = {id}"),
        format!("SELECT COUNT(*) FROM seat_additions WHERE subscription_id = {id}"),
        format!(
            "SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {id}"
        ),
        format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'subscription' AND entity_id = '{id}'"
        ),
        format!(
            "SELECT CAST(SUM(total) AS BIGINT) FROM invoices WHERE customer_org_id = {customer}"
        ),
        format!("SELECT update_count FROM subscriptions WHERE id = {id}"),
    ] {
        figures.push(count(svc, &sql).await);
    }
    figures
}

/// R-BIL-01, R-AUD-01: a seat change whose invoice is missing is refused
/// and rolled back whole: no seat addition, no ledger line, no audit entry.
#[tokio::test]
async fn r_bil_01_a_seat_change_without_its_invoice_rolls_back_whole() {
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
        svc.clock.advance(Span::days(2));
        let before = written(&svc, id, customer).await;
        lose_invoices_during_seat_changes(&svc).await;
        for seats in [12, 8] {
            let refused = set_seats(&svc, &partner, id, seats).await;
            assert!(
                matches!(refused, Err(Error::InvoiceMissing)),
                "{seats}: {refused:?}"
            );
            assert_eq!(
                written(&svc, id, customer).await,
                before,
                "{seats}: nothing written"
            );
        }
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// The demo test clock moves by days and minutes (less than a day), never
/// by nothing; the billing job runs right after.
#[tokio::test]
async fn the_test_clock_moves_by_days_and_minutes() {
    on_each_database(|svc| async move {
        let ops = sign_in(&svc, "ops@bc.example").await;
        let moved = backend::test_clock::advance(&svc, &ops, 1, 838)
            .await
            .unwrap();
        // 2026-03-01 10:00 + 1 day 13 h 58 min.
        assert_eq!(
            moved.now,
            domain::Timestamp::from_ymd_hms(2026, 3, 2, 23, 58, 0).unwrap()
        );
        assert_eq!(moved.offset_days, 1);
        for (days, minutes, field, code) in [
            (0, 0, "days", "clock_advance_zero"),
            (0, 1440, "minutes", "clock_minutes_invalid"),
            (401, 0, "days", "clock_days_invalid"),
        ] {
            assert_eq!(
                codes(backend::test_clock::advance(&svc, &ops, days, minutes).await),
                vec![(field.into(), code.into())]
            );
        }
        assert_eq!(svc.now().await.unwrap(), moved.now);
    })
    .await;
}
