//! Add-ons tied to their base (R-SUB-13): bought from the base's page at the
//! previewed first charge, co-terminous with it; suspended, restored and
//! ended with it.
//!
//! The Taiwan customer buys Microsoft 365 E3 through Contoso on 2026-03-01
//! 10:00 (the test clock): TWD 13,392.00 a seat a year, TWD 1,116.00 a month.
//! Microsoft 365 Copilot costs TWD 11,160.00 a seat a year, TWD 930.00 a
//! month. The customer already holds 120 Office 365 E3 and 30 Microsoft 365
//! Business Premium licenses (the demo data): with 20 Microsoft 365 E3,
//! 170 licenses of Copilot's bases.

use crate::billing_job::{field, ledger, seeded};
use crate::common::{codes, count, on_each_database, sign_in};

use backend::subscriptions::changes::{cancel, set_status, StatusAction};
use backend::subscriptions::{addons, queries, totals_agree};
use backend::{Actor, Services};
use domain::subscription_views::{AddAddonForm, CancelForm, SubscriptionDetail};
use domain::{Span, Term};

/// 20 Microsoft 365 E3 for a year billed monthly, bought now.
async fn base(svc: &Services) -> i64 {
    seeded(svc, "m365-e3", Term::P1Y, 20, svc.clock.now()).await
}

fn copilot(page: &SubscriptionDetail, seats: u32, expected: i64) -> AddAddonForm {
    AddAddonForm {
        subscription_id: page.row.id,
        offer_id: "m365-copilot".into(),
        option: "P1Y/monthly".into(),
        seats: seats.to_string(),
        pin: page.pin.clone(),
        expected,
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

/// 10 Copilot seats added on `page`'s base for `expected`.
async fn added(svc: &Services, partner: &Actor, base: i64, expected: i64) -> i64 {
    let page = queries::detail(svc, partner, base).await.unwrap();
    addons::add(svc, partner, &copilot(&page, 10, expected))
        .await
        .unwrap()
}

/// R-SUB-13: on 2026-03-11 the base's page lists Copilot (a year, billed
/// monthly or annually, up to the 170 base licenses) and Multi-Geo (140:
/// Office 365 E3 and Microsoft 365 E3 only). 10 Copilot seats billed
/// monthly pay 10 × 93,000 × 21 / 31 = TWD 6,300.00 for 03-11 – 03-31; a
/// figure other than the preview's is refused with the right one, 171 seats
/// are too many, and a second submit of the same preview buys nothing.
#[tokio::test]
async fn r_sub_13_an_addon_is_bought_for_its_base_at_the_previewed_charge() {
    on_each_database(|svc| async move {
        let base = base(&svc).await;
        svc.clock.advance(Span::days(10));
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let page = queries::detail(&svc, &partner, base).await.unwrap();
        let offered: Vec<_> = page
            .addon_choices
            .iter()
            .map(|c| (c.offer_id.as_str(), c.base_licenses, c.options.len()))
            .collect();
        assert_eq!(offered, vec![("m365-copilot", 170, 2), ("o365-multi-geo", 140, 2)]);
        assert_eq!(
            codes(addons::add(&svc, &partner, &copilot(&page, 171, 0)).await),
            vec![("seats".to_string(), "addon_above_maximum".to_string())]
        );
        assert_eq!(
            codes(addons::add(&svc, &partner, &copilot(&page, 10, 629_999)).await),
            vec![("".to_string(), "preview_changed".to_string())]
        );
        let addon = addons::add(&svc, &partner, &copilot(&page, 10, 630_000)).await.unwrap();
        assert_eq!(
            codes(addons::add(&svc, &partner, &copilot(&page, 10, 630_000)).await),
            vec![("".to_string(), "preview_pin_stale".to_string())]
        );
        assert_eq!(field(&svc, addon, "base_subscription_id").await, base.to_string());
        assert_eq!(field(&svc, addon, "offer_id").await, "m365-copilot");
        assert_eq!(
            field(&svc, addon, "term_started_at").await,
            field(&svc, base, "term_started_at").await,
            "co-terminous"
        );
        assert_eq!(lines(&svc, addon).await, vec![("purchase".into(), 10, 630_000)]);
        assert!(totals_agree(&svc.db).await.unwrap());
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'subscription.add_addon' AND entity_id = '{addon}'")).await,
            1
        );
        let page = queries::detail(&svc, &partner, base).await.unwrap();
        assert_eq!(page.addons.iter().map(|a| a.id).collect::<Vec<_>>(), vec![addon]);
        let addon_page = queries::detail(&svc, &partner, addon).await.unwrap();
        assert_eq!(addon_page.base.map(|b| b.id), Some(base));
        assert!(addon_page.addon_choices.is_empty(), "an add-on takes no add-ons");
        // The customer's users see the add-ons, and buy none.
        let customer = sign_in(&svc, "admin@twprecision.example").await;
        let seen = queries::detail(&svc, &customer, base).await.unwrap();
        assert_eq!(seen.addons.len(), 1);
        assert!(seen.addon_choices.is_empty());
        assert!(matches!(
            addons::add(&svc, &customer, &copilot(&page, 10, 630_000)).await,
            Err(backend::Error::Forbidden)
        ));
    })
    .await;
}

/// R-SUB-13: suspending the base suspends its add-on, which cannot come
/// back on its own; reactivating the base restores it. With the base's
/// auto-renew off, the add-on's is off too and cannot be turned on.
#[tokio::test]
async fn r_sub_13_an_addon_follows_its_base() {
    on_each_database(|svc| async move {
        let base = base(&svc).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        let addon = added(&svc, &partner, base, 930_000).await;
        set_status(&svc, &partner, base, StatusAction::Suspend).await.unwrap();
        assert_eq!(field(&svc, addon, "status").await, "suspended");
        assert_eq!(field(&svc, addon, "auto_renew").await, "0");
        assert_eq!(
            codes(set_status(&svc, &partner, addon, StatusAction::Reactivate).await),
            vec![("".to_string(), "addon_base_suspended".to_string())]
        );
        set_status(&svc, &partner, base, StatusAction::Reactivate).await.unwrap();
        assert_eq!(field(&svc, addon, "status").await, "active");
        assert_eq!(
            codes(set_status(&svc, &partner, addon, StatusAction::AutoRenewOn).await),
            vec![("".to_string(), "addon_base_auto_renew_off".to_string())]
        );
        set_status(&svc, &partner, base, StatusAction::AutoRenewOn).await.unwrap();
        set_status(&svc, &partner, addon, StatusAction::AutoRenewOn).await.unwrap();
        set_status(&svc, &partner, base, StatusAction::AutoRenewOff).await.unwrap();
        assert_eq!(field(&svc, addon, "auto_renew").await, "0");
        // An add-on suspended on its own stays so when its base comes back.
        set_status(&svc, &partner, addon, StatusAction::Suspend).await.unwrap();
        set_status(&svc, &partner, base, StatusAction::Suspend).await.unwrap();
        set_status(&svc, &partner, base, StatusAction::Reactivate).await.unwrap();
        assert_eq!(field(&svc, addon, "status").await, "suspended");
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'subscription.suspend' AND entity_id = '{addon}'")).await,
            2
        );
    })
    .await;
}

/// R-SUB-13 with R-SUB-22: bought 03-01 10:00, the base paid 20 × 111,600
/// = 2,232,000 for March; the 10 Copilot seats added 03-02 paid 930,000 ×
/// 30 / 31 = 900,000. Cancelled 03-04 10:00, the base refunds 2,232,000 −
/// 2,232,000 × 4 / 31 = 1,944,000 and the add-on 900,000 − 900,000 × 3 /
/// 30 = 810,000: TWD 27,540.00 together, the figure the preview must show.
#[tokio::test]
async fn r_sub_13_cancelling_the_base_ends_its_addons_at_the_previewed_refund() {
    on_each_database(|svc| async move {
        let base = base(&svc).await;
        let partner = sign_in(&svc, "sales@contoso-partner.example").await;
        svc.clock.advance(Span::days(1));
        let addon = added(&svc, &partner, base, 900_000).await;
        svc.clock.advance(Span::days(2));
        let page = queries::detail(&svc, &partner, base).await.unwrap();
        let form = |expected_refund| CancelForm {
            subscription_id: base,
            pin: page.pin.clone(),
            expected_refund,
            acknowledged: true,
        };
        assert_eq!(
            codes(cancel(&svc, &partner, &form(1_944_000)).await),
            vec![("".to_string(), "preview_changed".to_string())]
        );
        let refund = cancel(&svc, &partner, &form(2_754_000)).await.unwrap();
        assert_eq!(refund.minor, 2_754_000);
        assert_eq!(field(&svc, base, "status").await, "cancelled");
        assert_eq!(field(&svc, addon, "status").await, "cancelled");
        assert_eq!(
            lines(&svc, addon).await,
            vec![
                ("purchase".into(), 10, 900_000),
                ("cancel".into(), -10, -810_000)
            ]
        );
        assert_eq!(ledger(&svc, base).await, 2_232_000 - 1_944_000);
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}
