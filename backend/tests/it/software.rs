//! Software bought through a partner (seed 002): bought with the cart's
//! order and charged in full (R-SW-01), its key sealed and shown only to
//! who may see it (R-SW-03), its download links counted atomically and
//! expiring after 14 days or 50 downloads (R-SW-04).

use crate::common::*;
use crate::subscriptions::{taiwan, SALES};

use backend::software::{activity, cancel, cart, downloads, keys, purchases};
use backend::subscriptions::{catalog, orders, totals_agree};
use backend::{Error, Services};
use domain::software_views::{AddSoftwareForm, GetKeysForm, SoftwareCancelForm};
use domain::subscription_views::SubmitOrderForm;
use domain::{LinkRefusal, ProductKey, Span};

const AGENT: &str = "adminagent@contoso-partner.example";
const GLOBAL: &str = "global@contoso-partner.example";
const SQL: &str = "sql-server-2022-standard-perpetual";

/// Buys `quantity` of `product` for the Taiwan customer as Contoso's Sales
/// Agent through the cart; returns the purchase's id.
async fn bought(svc: &Services, product: &str, quantity: u32) -> i64 {
    let sales = sign_in(svc, SALES).await;
    let customer = taiwan(svc).await;
    let form = AddSoftwareForm {
        customer_id: customer,
        product_id: product.into(),
        quantity: quantity.to_string(),
    };
    cart::add(svc, &sales, &form).await.unwrap();
    let page = catalog::catalog_page(svc, &sales, customer, &Default::default())
        .await
        .unwrap();
    let submit = SubmitOrderForm {
        customer_id: customer,
        idempotency_key: format!("software-{product}-{quantity}"),
        reviewed: domain::lines_digest(&page.cart, &page.software.cart),
        attested: true,
        reseller: String::new(),
        additional_resellers: Vec::new(),
    };
    let order = orders::submit(svc, &sales, &submit).await.unwrap();
    scalar(
        svc,
        &format!("SELECT id FROM software_purchases WHERE order_id = {order} AND product_id = '{product}'"),
    )
    .await
}

async fn scalar(svc: &Services, sql: &str) -> i64 {
    count(svc, sql).await
}

fn pick(purchase_id: i64) -> GetKeysForm {
    GetKeysForm {
        purchase_id,
        version: "2022".into(),
        language: "zh-TW".into(),
        file_type: "iso".into(),
    }
}

/// The token of link `id`, as the Admin Agent's page shows it.
async fn token(svc: &Services, purchase: i64, link: i64) -> String {
    let agent = sign_in(svc, AGENT).await;
    let page = purchases::page(svc, &agent, taiwan(svc).await)
        .await
        .unwrap();
    let p = page.purchases.iter().find(|p| p.id == purchase).unwrap();
    let l = p.links.iter().find(|l| l.id == link).unwrap();
    l.path.strip_prefix("/downloads/").unwrap().to_string()
}

/// R-SW-01, R-SW-03: two SQL Server 2022 Standard licenses at TWD 122,295.00
/// each (excluding tax in Taiwan) are one order line charged TWD 244,590.00
/// on the month's invoice. Its product key is stored sealed (the table
/// holds no key text); the Admin Agent and the customer's Report Viewer
/// (who may view keys) see the same key, in its 5 × 5 format, each view
/// recorded; the Sales Agent, the Global Administrator and the Account
/// Viewer see the purchase without it.
#[tokio::test]
async fn r_sw_01_r_sw_03_software_bought_with_the_order_and_its_key_shown_to_who_may_see_it() {
    on_each_database(|svc| async move {
        let id = bought(&svc, SQL, 2).await;
        assert_eq!(
            scalar(&svc, &format!("SELECT amount FROM software_purchases WHERE id = {id}")).await,
            24_459_000
        );
        assert_eq!(
            scalar(&svc, &format!("SELECT CAST(SUM(amount) AS BIGINT) FROM ledger WHERE software_purchase_id = {id}")).await,
            24_459_000
        );
        assert!(totals_agree(&svc.db).await.unwrap());
        assert_eq!(
            scalar(&svc, "SELECT COUNT(*) FROM software_cart_lines").await,
            0,
            "the cart is empty"
        );
        let customer = taiwan(&svc).await;
        // A page load writes nothing; "Show product key" is the recorded
        // reveal, refused to who may not see keys.
        let key_of = |email: &'static str| {
            let svc = svc.clone();
            async move {
                let actor = sign_in(&svc, email).await;
                let audited = scalar(&svc, "SELECT COUNT(*) FROM audit_log").await;
                let before = purchases::page(&svc, &actor, customer).await.unwrap();
                assert_eq!(scalar(&svc, "SELECT COUNT(*) FROM audit_log").await, audited);
                let p = before.purchases.iter().find(|p| p.id == id).unwrap();
                assert!(p.keys.is_empty(), "{email}: no key before it is revealed");
                let revealed = keys::reveal(&svc, &actor, id).await;
                assert_eq!(revealed.is_ok(), p.can_show_key, "{email}: {revealed:?}");
                let page = purchases::page(&svc, &actor, customer).await.unwrap();
                page.purchases.into_iter().find(|p| p.id == id).unwrap().keys
            }
        };
        let keys = key_of(AGENT).await;
        assert_eq!(keys.len(), 1);
        assert!(ProductKey::parse(&keys[0]).is_some(), "{}", keys[0]);
        assert_eq!(key_of("reports@twprecision.example").await, keys);
        for nobody in [SALES, GLOBAL, "viewer@twprecision.example"] {
            assert!(key_of(nobody).await.is_empty(), "{nobody} sees no key");
        }
        let sealed: String = sqlx::query_scalar("SELECT sealed FROM software_keys WHERE purchase_id = $1")
            .bind(id)
            .fetch_one(svc.db.pool())
            .await
            .unwrap();
        assert!(!sealed.contains(&keys[0][..5]), "the stored key is sealed");
        assert_eq!(
            scalar(&svc, "SELECT COUNT(*) FROM audit_log WHERE action = 'software.key_revealed'").await,
            2
        );
        // Shown for 10 minutes after the reveal, then hidden again.
        let agent = sign_in(&svc, AGENT).await;
        let shown = |svc: Services| {
            let agent = agent.clone();
            async move {
                let page = purchases::page(&svc, &agent, customer).await.unwrap();
                page.purchases.into_iter().find(|p| p.id == id).unwrap().keys.len()
            }
        };
        svc.clock.advance(Span::millis(Span::minutes(10).as_millis() - 1));
        assert_eq!(shown(svc.clone()).await, 1);
        svc.clock.advance(Span::millis(1));
        assert_eq!(shown(svc.clone()).await, 0);
        // Another customer's user sees nothing of it.
        let mueller = sign_in(&svc, "anna@mueller.example").await;
        assert!(matches!(purchases::page(&svc, &mueller, customer).await, Err(Error::Forbidden)));
    })
    .await;
}

/// R-SW-03, R-SW-04: only the selling partner's Admin Agent gets keys and
/// downloads (not its Sales Agent, not its Global Administrator); an
/// edition the product does not have is refused at its field. A link gives
/// its file 50 times, then is used up; a fresh one made 14 days later
/// works while the first has expired (at 14 days − 1 ms it still worked).
#[tokio::test]
async fn r_sw_04_a_link_gives_50_downloads_within_14_days_and_a_fresh_one_more() {
    on_each_database(|svc| async move {
        let id = bought(&svc, SQL, 1).await;
        for refused in [SALES, GLOBAL] {
            let actor = sign_in(&svc, refused).await;
            assert!(matches!(
                downloads::get_keys_and_downloads(&svc, &actor, &pick(id)).await,
                Err(Error::Forbidden)
            ));
        }
        let agent = sign_in(&svc, AGENT).await;
        let vhd = GetKeysForm {
            file_type: "vhd".into(),
            ..pick(id)
        };
        assert_eq!(
            codes(downloads::get_keys_and_downloads(&svc, &agent, &vhd).await),
            vec![(
                "file_type".to_string(),
                "software_unknown_file_type".to_string()
            )]
        );
        let link = downloads::get_keys_and_downloads(&svc, &agent, &pick(id))
            .await
            .unwrap();
        let first = token(&svc, id, link).await;
        let file = downloads::download(&svc, &first, false)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            file.file_name,
            "sql-server-2022-standard-perpetual_2022_zh-TW_iso.iso"
        );
        assert_eq!(file.bytes.len(), 262_144);
        for _ in 1..50 {
            assert!(downloads::download(&svc, &first, false)
                .await
                .unwrap()
                .is_ok());
        }
        assert_eq!(
            downloads::download(&svc, &first, false)
                .await
                .unwrap()
                .unwrap_err(),
            downloads::Refused::Link(LinkRefusal::UsedUp)
        );
        // Continuing a download is not another one.
        assert!(downloads::download(&svc, &first, true)
            .await
            .unwrap()
            .is_ok());
        assert_eq!(
            scalar(
                &svc,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'software.download'"
            )
            .await,
            50
        );

        let second = downloads::get_keys_and_downloads(&svc, &agent, &pick(id))
            .await
            .unwrap();
        let fresh = token(&svc, id, second).await;
        svc.clock
            .advance(Span::millis(Span::days(14).as_millis() - 1));
        assert!(downloads::download(&svc, &fresh, false)
            .await
            .unwrap()
            .is_ok());
        svc.clock.advance(Span::millis(1));
        assert_eq!(
            downloads::download(&svc, &fresh, false)
                .await
                .unwrap()
                .unwrap_err(),
            downloads::Refused::Link(LinkRefusal::Expired)
        );
        let third = downloads::get_keys_and_downloads(&svc, &agent, &pick(id))
            .await
            .unwrap();
        let newest = token(&svc, id, third).await;
        assert!(downloads::download(&svc, &newest, false)
            .await
            .unwrap()
            .is_ok());
        assert_eq!(
            downloads::download(&svc, "no-such-token", false)
                .await
                .unwrap()
                .unwrap_err(),
            downloads::Refused::Unknown
        );
    })
    .await;
}

/// R-SW-04: 51 downloads of a link at 49, sent at once by two server
/// processes: exactly one starts, and the link then counts 50.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_sw_04_concurrent_downloads_of_a_link_at_49_start_exactly_one() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let id = bought(&first, SQL, 1).await;
    let agent = sign_in(&first, AGENT).await;
    let link = downloads::get_keys_and_downloads(&first, &agent, &pick(id))
        .await
        .unwrap();
    let t = token(&first, id, link).await;
    let mut tx = first.db.begin().await.unwrap();
    sqlx::query("UPDATE download_links SET downloads = 49 WHERE id = $1")
        .bind(link)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let tries = (0..51).map(|i| {
        let svc = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        let t = t.clone();
        tokio::spawn(async move { downloads::download(&svc, &t, false).await.unwrap().is_ok() })
    });
    let started = futures::future::join_all(tries)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count();
    assert_eq!(started, 1);
    assert_eq!(
        scalar(
            &first,
            &format!("SELECT downloads FROM download_links WHERE id = {link}")
        )
        .await,
        50
    );
}

/// The cancel dialog's entry for `order` as the Admin Agent's page shows it.
async fn dialog_entry(svc: &Services, order: i64) -> domain::software_views::CancelOrder {
    let agent = sign_in(svc, AGENT).await;
    let page = purchases::page(svc, &agent, taiwan(svc).await)
        .await
        .unwrap();
    page.cancel
        .unwrap()
        .orders
        .into_iter()
        .find(|o| o.order_id == order)
        .unwrap()
}

fn cancel_form(order: &domain::software_views::CancelOrder, expected: i64) -> SoftwareCancelForm {
    SoftwareCancelForm {
        order_id: order.order_id,
        acknowledged: true,
        pin: order.pin.clone(),
        expected,
    }
}

/// R-SW-06, R-SW-07: a one-year SQL Server subscription (TWD 42,811.00)
/// bought 2026-03-01 and cancelled 2026-03-11 is credited its 354 unused
/// of 365 days: 4,281,100 × 354 / 365 = 4,152,080.55 → TWD 41,520.81, on
/// the April invoice. Only the Admin Agent, only acknowledged, only for the
/// previewed figure. Its links stop at once and no new one is made; its
/// key is no longer shown. Two perpetual licenses are credited in full;
/// the demo's subscription bought 75 days ago is past its 60 days.
#[tokio::test]
async fn r_sw_06_r_sw_07_cancel_revokes_keys_and_links_and_credits_next_month() {
    on_each_database(|svc| async move {
        let yearly = bought(&svc, "sql-server-2022-standard-sub-1y", 1).await;
        let perpetual = bought(&svc, SQL, 2).await;
        let agent = sign_in(&svc, AGENT).await;
        let link = downloads::get_keys_and_downloads(&svc, &agent, &pick(yearly)).await.unwrap();
        let t = token(&svc, yearly, link).await;
        svc.clock.advance(Span::days(10));
        let order = scalar(&svc, &format!("SELECT order_id FROM software_purchases WHERE id = {yearly}")).await;
        let entry = dialog_entry(&svc, order).await;

        let sales = sign_in(&svc, SALES).await;
        assert!(matches!(
            cancel::cancel(&svc, &sales, &cancel_form(&entry, 4_152_081)).await,
            Err(Error::Forbidden)
        ));
        let unacknowledged = SoftwareCancelForm { acknowledged: false, ..cancel_form(&entry, 4_152_081) };
        assert_eq!(
            codes(cancel::cancel(&svc, &agent, &unacknowledged).await),
            vec![("acknowledged".to_string(), "software_cancel_not_acknowledged".to_string())]
        );
        assert_eq!(
            codes(cancel::cancel(&svc, &agent, &cancel_form(&entry, 4_152_080)).await),
            vec![("".to_string(), "preview_changed".to_string())]
        );
        let credit = cancel::cancel(&svc, &agent, &cancel_form(&entry, 4_152_081)).await.unwrap();
        assert_eq!(credit.minor, 4_152_081);
        let (amount, at): (i64, i64) = sqlx::query_as(
            "SELECT amount, at FROM ledger WHERE software_purchase_id = $1 AND reason = 'software_credit'",
        )
        .bind(yearly)
        .fetch_one(svc.db.pool())
        .await
        .unwrap();
        assert_eq!(amount, -4_152_081);
        assert_eq!(domain::Timestamp::from_millis(at).to_rfc3339(), "2026-04-01T00:00:00Z");
        assert!(totals_agree(&svc.db).await.unwrap());
        assert_eq!(
            downloads::download(&svc, &t, false).await.unwrap().unwrap_err(),
            downloads::Refused::Link(LinkRefusal::Revoked)
        );
        assert!(matches!(
            downloads::get_keys_and_downloads(&svc, &agent, &pick(yearly)).await,
            Err(Error::Conflict(_))
        ));
        let page = purchases::page(&svc, &agent, taiwan(&svc).await).await.unwrap();
        let p = page.purchases.iter().find(|p| p.id == yearly).unwrap();
        assert!(p.cancelled_at.is_some() && p.keys.is_empty());
        // The same order again: nothing live is left.
        assert_eq!(
            codes(cancel::cancel(&svc, &agent, &cancel_form(&entry, 0)).await),
            vec![("".to_string(), "software_already_cancelled".to_string())]
        );

        let order = scalar(&svc, &format!("SELECT order_id FROM software_purchases WHERE id = {perpetual}")).await;
        let entry = dialog_entry(&svc, order).await;
        let credit = cancel::cancel(&svc, &agent, &cancel_form(&entry, 24_459_000)).await.unwrap();
        assert_eq!(credit.minor, 24_459_000);

        let demo = scalar(
            &svc,
            "SELECT order_id FROM software_purchases WHERE product_id = 'sql-server-2022-standard-sub-1y' ORDER BY id LIMIT 1",
        )
        .await;
        let entry = dialog_entry(&svc, demo).await;
        assert_eq!(
            codes(cancel::cancel(&svc, &agent, &cancel_form(&entry, 0)).await),
            vec![("".to_string(), "software_cancel_window_passed".to_string())]
        );
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-SW-05: the Admin Agent's "Get keys and downloads" and a download from
/// its link are in Contoso's activity log (its Global Administrator's
/// view), with who, what and which product, in the range that holds today
/// and not in one before; the Admin Agent and Fabrikam's users see no log
/// of Contoso's (Fabrikam's own is empty of it).
#[tokio::test]
async fn r_sw_05_the_activity_log_shows_who_accessed_keys_and_downloaded() {
    on_each_database(|svc| async move {
        let id = bought(&svc, SQL, 1).await;
        let agent = sign_in(&svc, AGENT).await;
        let link = downloads::get_keys_and_downloads(&svc, &agent, &pick(id))
            .await
            .unwrap();
        let t = token(&svc, id, link).await;
        downloads::download(&svc, &t, false).await.unwrap().unwrap();
        let global = sign_in(&svc, GLOBAL).await;
        let log = activity::list(&svc, &global, "", "").await.unwrap();
        let ours: Vec<(String, &str)> = log
            .rows
            .iter()
            .filter(|r| r.product == "SQL Server 2022 Standard")
            .map(|r| (r.user.clone(), r.kind.code()))
            .collect();
        let who = "Adam Agent <adminagent@contoso-partner.example>".to_string();
        assert!(ours.contains(&(who.clone(), "keys")), "{ours:?}");
        assert!(ours.contains(&(who, "download")), "{ours:?}");
        let before = activity::list(&svc, &global, "2026-01-01", "2026-02-28")
            .await
            .unwrap();
        assert!(before.rows.is_empty());
        assert!(matches!(
            activity::list(&svc, &agent, "", "").await,
            Err(Error::Forbidden)
        ));
        assert_eq!(
            codes(activity::list(&svc, &global, "2026-03-02", "2026-03-01").await),
            vec![("to".to_string(), "activity_range_reversed".to_string())]
        );
        let fabrikam = sign_in(&svc, "global@fabrikam.example").await;
        assert!(activity::list(&svc, &fabrikam, "", "")
            .await
            .unwrap()
            .rows
            .is_empty());
    })
    .await;
}
