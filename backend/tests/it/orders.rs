//! Orders place the cart that was reviewed, and an idempotency key stands
//! for one customer's reviewed cart (R-SUB-03); SQLite always, PostgreSQL too.

use crate::common::*;
use crate::subscriptions::{line, review, taiwan, SALES};

use backend::accounts::relationships::{self, RelationshipStatus};
use backend::subscriptions::{cart, catalog, orders};
use backend::{Actor, Services};
use domain::{BillingFrequency, Term};

/// Orders placed here (the demo's software orders are not).
const ORDERS: &str = "SELECT COUNT(*) FROM orders WHERE idempotency_key NOT LIKE 'demo-%'";

async fn add(svc: &Services, partner: &Actor, customer: i64, offer: &str, seats: u32) {
    cart::add_to_cart(
        svc,
        partner,
        &line(customer, offer, Term::P1Y, BillingFrequency::Monthly, seats),
    )
    .await
    .expect("added to cart");
}

async fn cart_offers(svc: &Services, partner: &Actor, customer: i64) -> Vec<(String, u32)> {
    catalog::catalog_page(svc, partner, customer, &Default::default())
        .await
        .unwrap()
        .cart
        .into_iter()
        .map(|l| (l.offer_id, l.seats))
        .collect()
}

/// Tab 1 reviewed [Business Basic × 1]; tab 2 added Office 365 E1; tab 1's
/// Submit must not order both.
#[tokio::test]
async fn r_sub_03_submit_orders_the_reviewed_cart_or_nothing() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let customer = taiwan(&svc).await;
        add(&svc, &partner, customer, "m365-business-basic", 1).await;
        let tab1 = review(&svc, &partner, customer, "tab-1").await;
        add(&svc, &partner, customer, "o365-e1", 1).await;
        assert_eq!(
            codes(orders::submit(&svc, &partner, &tab1).await),
            vec![("".into(), "order_cart_changed".into())]
        );
        assert_eq!(count(&svc, ORDERS).await, 0, "nothing ordered");
        let both = vec![
            ("m365-business-basic".to_string(), 1),
            ("o365-e1".to_string(), 1),
        ];
        assert_eq!(cart_offers(&svc, &partner, customer).await, both);

        // Reviewed again, the cart as it is now is ordered, and emptied.
        let again = review(&svc, &partner, customer, "tab-1-again").await;
        let order = orders::submit(&svc, &partner, &again).await.unwrap();
        let ordered: Vec<(String, u32)> = orders::order(&svc, &partner, order)
            .await
            .unwrap()
            .lines
            .into_iter()
            .map(|l| (l.name, l.seats))
            .collect();
        assert_eq!(
            ordered,
            vec![
                ("Microsoft 365 Business Basic".to_string(), 1),
                ("Office 365 E1".to_string(), 1)
            ]
        );
        assert!(cart_offers(&svc, &partner, customer).await.is_empty());
        // A review of a cart that was ordered meanwhile (tab 2 submitted it)
        // orders nothing either.
        add(&svc, &partner, customer, "o365-e1", 2).await;
        let stale = review(&svc, &partner, customer, "tab-1-later").await;
        let tab2 = review(&svc, &partner, customer, "tab-2").await;
        orders::submit(&svc, &partner, &tab2).await.unwrap();
        assert_eq!(
            codes(orders::submit(&svc, &partner, &stale).await),
            vec![("".into(), "order_cart_changed".into())]
        );
        assert_eq!(count(&svc, ORDERS).await, 2);
    })
    .await;
}

/// The key is looked up per partner; sent again for another customer or
/// with other lines it is refused, never answered with the first order.
#[tokio::test]
async fn r_sub_03_an_idempotency_key_is_bound_to_its_customer_and_lines() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, SALES).await;
        let taiwan = taiwan(&svc).await;
        // Müller accepts Contoso's pending request: Contoso sells to two customers.
        let anna = sign_in(&svc, "anna@mueller.example").await;
        let request = relationships::list(&svc, &anna).await.unwrap();
        let contoso = request
            .iter()
            .find(|r| r.status == RelationshipStatus::Pending)
            .expect("Contoso's request");
        relationships::decide(&svc, &anna, contoso.id, RelationshipStatus::Accepted)
            .await
            .unwrap();
        let mueller = anna.org_id;

        add(&svc, &partner, taiwan, "m365-business-basic", 1).await;
        let first = review(&svc, &partner, taiwan, "cart-1-1-1").await;
        let order = orders::submit(&svc, &partner, &first).await.unwrap();
        assert_eq!(
            orders::submit(&svc, &partner, &first).await.unwrap(),
            order,
            "the same key, customer and lines: the same order"
        );

        // The same key for another customer, even with like lines.
        add(&svc, &partner, mueller, "m365-business-basic", 1).await;
        let other_customer = review(&svc, &partner, mueller, "cart-1-1-1").await;
        assert_eq!(
            codes(orders::submit(&svc, &partner, &other_customer).await),
            vec![("".into(), "order_key_reused".into())]
        );
        // The same key and customer with other lines.
        add(&svc, &partner, taiwan, "o365-e1", 2).await;
        let other_lines = review(&svc, &partner, taiwan, "cart-1-1-1").await;
        assert_eq!(
            codes(orders::submit(&svc, &partner, &other_lines).await),
            vec![("".into(), "order_key_reused".into())]
        );
        assert_eq!(count(&svc, ORDERS).await, 1);
        assert!(orders::orders_page(&svc, &partner, mueller, None)
            .await
            .unwrap()
            .rows
            .is_empty());
        assert_eq!(cart_offers(&svc, &partner, taiwan).await.len(), 1);
    })
    .await;
}
