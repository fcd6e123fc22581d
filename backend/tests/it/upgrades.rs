//! Upgrades now (R-SUB-14 … 16): the figures committed are the previewed
//! ones, the ledger equals the invoices after each, and a concurrent change
//! of the same subscription loses with a clear conflict.
//!
//! The Taiwan customer buys through Contoso on 2026-03-01 10:00 (the test
//! clock); Office 365 E3 costs TWD 8,556.00 a seat a year (TWD 713.00 a
//! month), Microsoft 365 E3 TWD 13,392.00 (TWD 1,116.00 a month). Upgraded on
//! 2026-03-11, 21 of March's 31 days are unused.

use crate::billing_job::{field, ledger, org};
use crate::common::{codes, count, on_each_database, sign_in};

use backend::subscriptions::changes::change_seats;
use backend::subscriptions::provisioning::seed_subscription;
use backend::subscriptions::{queries, totals_agree, upgrades};
use backend::Services;
use domain::subscription_views::{SeatChangeForm, SubscriptionDetail, UpgradeForm};
use domain::{BillingFrequency, Span, Term};

/// `seats` of `offer` for a year billed monthly, bought now.
async fn bought(svc: &Services, offer: &str, seats: u32) -> i64 {
    let customer = org(svc, "admin@twprecision.example").await;
    let partner = org(svc, "sales@contoso-partner.example").await;
    let mut tx = svc.db.begin().await.unwrap();
    let id = seed_subscription(
        &mut tx,
        customer,
        partner,
        offer,
        Term::P1Y,
        BillingFrequency::Monthly,
        seats,
        svc.clock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

fn form(page: &SubscriptionDetail, destination: &str, option: &str, seats: u32) -> UpgradeForm {
    UpgradeForm {
        subscription_id: page.row.id,
        target: "m365-e3".into(),
        destination: destination.into(),
        option: option.into(),
        seats: seats.to_string(),
        acknowledged: true,
        pin: page.pin.clone(),
        expected_credit: 0,
        expected_charge: 0,
    }
}

/// (reason, seats, amount) of a subscription's ledger lines, in order.
async fn lines(svc: &Services, id: i64) -> Vec<(String, i64, i64)> {
    sqlx::query_as(
        "SELECT reason, seats, amount FROM ledger WHERE subscription_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(svc.db.pool())
    .await
    .unwrap()
}

async fn seats(svc: &Services, id: i64) -> i64 {
    count(
        svc,
        &format!("SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) FROM seat_additions WHERE subscription_id = {id} AND closed = 0"),
    )
    .await
}

/// R-SUB-15: 10 of 30 Office 365 E3 seats move to a new Microsoft 365 E3
/// subscription that ends with the source. Credit: the 10 seats' share of
/// the unused 2,139,000 × 21 / 31 = 1,449,000, that is 1,449,000 −
/// 1,449,000 × 20 / 30 = TWD 4,830.00; charge: 10 × 111,600 × 21 / 31 = TWD
/// 7,560.00. A figure other than the preview's is refused with the right one.
#[tokio::test]
async fn r_sub_15_a_partial_upgrade_commits_the_previewed_credit_and_charge() {
    on_each_database(|svc| async move {
        let source = bought(&svc, "o365-e3", 30).await;
        svc.clock.advance(Span::days(10));
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let page = queries::detail(&svc, &partner, source).await.unwrap();
        let path = page.upgrades.iter().find(|p| p.offer_id == "m365-e3").expect("a path");
        assert!(path.supported);
        assert!(path.options.iter().all(|o| o.term == Term::P1Y));
        let mut f = form(&page, "new", "P1Y/monthly", 10);
        f.expected_credit = 483_000;
        f.expected_charge = 755_999;
        assert_eq!(
            codes(upgrades::upgrade(&svc, &partner, &f).await),
            vec![("".to_string(), "preview_changed".to_string())]
        );
        f.expected_charge = 756_000;
        let new = upgrades::upgrade(&svc, &partner, &f).await.unwrap();
        assert_ne!(new, source);
        assert_eq!((seats(&svc, source).await, seats(&svc, new).await), (20, 10));
        assert_eq!(field(&svc, new, "offer_id").await, "m365-e3");
        assert_eq!(
            field(&svc, new, "term_started_at").await,
            field(&svc, source, "term_started_at").await,
            "co-terminous"
        );
        assert_eq!(
            lines(&svc, source).await,
            vec![("purchase".into(), 30, 2_139_000), ("upgrade_credit".into(), -10, -483_000)]
        );
        assert_eq!(lines(&svc, new).await, vec![("upgrade".into(), 10, 756_000)]);
        assert_eq!(ledger(&svc, new).await, 756_000);
        assert!(totals_agree(&svc.db).await.unwrap());
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'subscription.upgrade' AND entity_id = '{source}'")).await,
            1
        );
    })
    .await;
}

/// R-SUB-15: all 30 seats, to a new subscription billed annually: the
/// subscription keeps its ID and becomes Microsoft 365 E3; credited the
/// whole unused 1,449,000, charged 30 × 1,339,200 × 355 / 365 (the term's
/// days from 03-11) = 39,075,287.67 → TWD 390,752.88 for the rest of its
/// year, billed until the term's end.
#[tokio::test]
async fn r_sub_15_a_full_upgrade_keeps_the_subscription_id() {
    on_each_database(|svc| async move {
        let source = bought(&svc, "o365-e3", 30).await;
        svc.clock.advance(Span::days(10));
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let page = queries::detail(&svc, &partner, source).await.unwrap();
        let mut f = form(&page, "new", "P1Y/annual", 30);
        f.expected_credit = 1_449_000;
        f.expected_charge = 39_075_288;
        assert_eq!(upgrades::upgrade(&svc, &partner, &f).await.unwrap(), source);
        assert_eq!(field(&svc, source, "offer_id").await, "m365-e3");
        assert_eq!(field(&svc, source, "frequency").await, "annual");
        assert_eq!(field(&svc, source, "status").await, "active");
        assert_eq!(seats(&svc, source).await, 30);
        assert_eq!(
            lines(&svc, source).await,
            vec![
                ("purchase".into(), 30, 2_139_000),
                ("upgrade_credit".into(), -30, -1_449_000),
                ("upgrade".into(), 30, 39_075_288)
            ]
        );
        assert!(totals_agree(&svc.db).await.unwrap());
        // No downgrade back, and the page lists no path from the top SKU.
        let page = queries::detail(&svc, &partner, source).await.unwrap();
        assert!(page.upgrades.iter().all(|p| p.offer_id != "o365-e3"));
    })
    .await;
}

/// R-SUB-15, R-SUB-16: all seats into an existing Microsoft 365 E3 bought
/// the same moment (past its window by 03-11, same term and end): its
/// monthly billing kept, 30 × 111,600 × 21 / 31 = TWD 22,680.00; the source,
/// left without seats, ends. One bought on 03-11 is inside its window and
/// refused; an unsupported path and a downgrade are refused with their own
/// codes.
#[tokio::test]
async fn r_sub_16_seats_join_an_existing_target_only_past_its_window() {
    on_each_database(|svc| async move {
        let source = bought(&svc, "o365-e3", 30).await;
        let target = bought(&svc, "m365-e3", 5).await;
        let defender = bought(&svc, "defender-endpoint-p1", 5).await;
        svc.clock.advance(Span::days(10));
        let fresh = bought(&svc, "m365-e3", 5).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let page = queries::detail(&svc, &partner, source).await.unwrap();
        let path = page
            .upgrades
            .iter()
            .find(|p| p.offer_id == "m365-e3")
            .unwrap();
        let listed: Vec<i64> = path.existing.iter().map(|t| t.id).collect();
        assert_eq!(listed, vec![target, fresh]);

        assert_eq!(
            codes(
                upgrades::upgrade(&svc, &partner, &form(&page, &fresh.to_string(), "", 30)).await
            ),
            vec![(
                "destination".to_string(),
                "upgrade_target_in_window".to_string()
            )]
        );
        let mut f = form(&page, &target.to_string(), "", 30);
        f.expected_credit = 1_449_000;
        f.expected_charge = 2_268_000;
        assert_eq!(upgrades::upgrade(&svc, &partner, &f).await.unwrap(), target);
        assert_eq!(field(&svc, source, "status").await, "expired");
        assert_eq!(
            (seats(&svc, source).await, seats(&svc, target).await),
            (0, 35)
        );
        assert_eq!(field(&svc, target, "frequency").await, "monthly");
        assert_eq!(ledger(&svc, target).await, 5 * 111_600 + 2_268_000);
        assert!(totals_agree(&svc.db).await.unwrap());

        let page = queries::detail(&svc, &partner, defender).await.unwrap();
        let p2 = page
            .upgrades
            .iter()
            .find(|p| p.offer_id == "defender-endpoint-p2")
            .unwrap();
        assert!(
            !p2.supported,
            "seed 004 lists Defender P1 → P2 as unsupported"
        );
        let mut f = form(&page, "new", "P1Y/monthly", 5);
        f.target = "defender-endpoint-p2".into();
        assert_eq!(
            codes(upgrades::upgrade(&svc, &partner, &f).await),
            vec![("target".to_string(), "upgrade_unsupported".to_string())]
        );
        let page = queries::detail(&svc, &partner, target).await.unwrap();
        let mut f = form(&page, "new", "P1Y/monthly", 5);
        f.target = "o365-e3".into();
        assert_eq!(
            codes(upgrades::upgrade(&svc, &partner, &f).await),
            vec![("target".to_string(), "upgrade_not_a_path".to_string())]
        );
    })
    .await;
}

/// An upgrade and a seat change of the same subscription from the same
/// page, at once: each holds the row lock in turn and the second finds its
/// pin stale, so exactly one commits; the ledger still equals the invoices.
#[tokio::test]
async fn a_concurrent_upgrade_and_seat_change_cannot_both_commit() {
    on_each_database(|svc| async move {
        let source = bought(&svc, "o365-e3", 30).await;
        svc.clock.advance(Span::days(10));
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let page = queries::detail(&svc, &partner, source).await.unwrap();
        let mut up = form(&page, "new", "P1Y/monthly", 10);
        up.expected_credit = 483_000;
        up.expected_charge = 756_000;
        // 5 more seats for the rest of March: 5 × 71,300 × 21 / 31 = 241,500.
        let more = SeatChangeForm {
            subscription_id: source,
            seats: "35".into(),
            pin: page.pin.clone(),
            expected: 241_500,
        };
        let (a, b) = tokio::join!(
            upgrades::upgrade(&svc, &partner, &up),
            change_seats(&svc, &partner, &more)
        );
        assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
        let lost = if a.is_ok() {
            codes(b.map(|_| ()))
        } else {
            codes(a.map(|_| ()))
        };
        assert_eq!(
            lost,
            vec![("".to_string(), "preview_pin_stale".to_string())]
        );
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}
