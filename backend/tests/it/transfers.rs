//! R-SUB-28: transfers of subscriptions from Contoso (source) to Fabrikam
//! (target) for the Taiwan customer, on both databases.
//!
//! The figures: Business Basic for a year billed monthly, TWD 2,232.00 a
//! seat a year, bought on 2026-03-01 10:00, so March costs TWD 186.00 a
//! seat (223,200 / 12 = 18,600). Moved on 2026-03-11 10:00, 21 of March's
//! 31 days are left: the source is credited 18,600 × 21 / 31 = 12,600 a
//! seat, and the target's new term (2026-03-11 – 2026-04-10) charges its
//! first month whole, 18,600 a seat.

use crate::billing_job::{field, ledger, org};
use crate::common::{codes, count, on_each_database, sign_in};

use backend::accounts::relationships::{self, RelationshipStatus, RequestForm};
use backend::subscriptions::provisioning::seed_subscription;
use backend::subscriptions::{totals_agree, transfers};
use backend::Services;
use domain::transfer_views::{AcceptTransferForm, SendTransferForm, Side, TransferDetail};
use domain::{BillingFrequency, Span, Term, TransferStatus};

const SOURCE: &str = "sales@contoso-partner.example";
const TARGET: &str = "global@fabrikam.example";
const NOTIFY: &str = "global@fabrikam.example";

/// `seats` of Business Basic (a year, billed monthly) for the Taiwan
/// customer through Contoso, bought now.
async fn bought(svc: &Services, seats: u32) -> i64 {
    let customer = org(svc, "admin@twprecision.example").await;
    let partner = org(svc, SOURCE).await;
    let mut tx = svc.db.begin().await.unwrap();
    let id = seed_subscription(
        &mut tx,
        customer,
        partner,
        "m365-business-basic",
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

/// Fabrikam asks the Taiwan customer for a relationship, the customer
/// accepts, and Fabrikam sends Contoso a transfer request; its id.
async fn requested(svc: &Services) -> i64 {
    let target = sign_in(svc, TARGET).await;
    let rel = relationships::request(
        svc,
        &target,
        &RequestForm {
            agreement_number: "1234567890".into(),
            admin_email: "admin@twprecision.example".into(),
        },
    )
    .await
    .unwrap();
    let customer = sign_in(svc, "admin@twprecision.example").await;
    relationships::decide(svc, &customer, rel, RelationshipStatus::Accepted)
        .await
        .unwrap();
    send(svc).await.unwrap()
}

async fn send(svc: &Services) -> backend::Result<i64> {
    let target = sign_in(svc, TARGET).await;
    let form = SendTransferForm {
        customer_id: org(svc, "admin@twprecision.example").await,
        source_partner_id: org(svc, SOURCE).await.to_string(),
        notify_email: NOTIFY.into(),
    };
    transfers::send(svc, &target, &form).await
}

fn lines(detail: &TransferDetail, figures: &[(i64, i64, i64)]) -> AcceptTransferForm {
    AcceptTransferForm {
        request_id: detail.row.id,
        lines: figures
            .iter()
            .map(|(id, credit, charge)| format!("{id}:{credit}:{charge}"))
            .collect(),
        pin: detail.pin.clone(),
    }
}

async fn status(svc: &Services, id: i64) -> String {
    field(svc, id, "status").await
}

/// R-SUB-28: the source partner gets the request by email with its ID;
/// each side sees it, nobody else; Contoso submits two subscriptions at the
/// previewed figures (a stale one is refused): they continue under
/// Fabrikam, the old ones are cancelled, the ledger split at the transfer
/// (10 seats: credit 126,000, charge 186,000; 20 seats: 252,000 and
/// 372,000), recorded in the audit log, and Fabrikam is told by email.
#[tokio::test]
async fn r_sub_28_a_transfer_from_contoso_to_fabrikam_splits_the_ledger_at_the_transfer() {
    on_each_database(|svc| async move {
        let (ten, twenty) = (bought(&svc, 10).await, bought(&svc, 20).await);
        let id = requested(&svc).await;
        let contoso = org(&svc, SOURCE).await;
        let mail: (String, String) = sqlx::query_as(
            "SELECT subject, body FROM outbox WHERE to_email = 'global@contoso-partner.example' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(svc.db.pool())
        .await
        .unwrap();
        assert!(mail.0.starts_with("Fabrikam Cloud Partners requests a transfer"), "{}", mail.0);
        assert!(mail.1.contains(&format!("source partner ID {contoso}")), "{}", mail.1);
        assert!(mail.1.contains(&format!("/transfers/{id}")));

        svc.clock.advance(Span::days(10));
        let source = sign_in(&svc, SOURCE).await;
        let target = sign_in(&svc, TARGET).await;
        let customer = sign_in(&svc, "admin@twprecision.example").await;
        assert!(matches!(transfers::detail(&svc, &customer, id).await, Err(backend::Error::Forbidden)));
        let seen = transfers::detail(&svc, &target, id).await.unwrap();
        assert!(!seen.can_decide);
        // Each side lists it; the target may ask for the customers that accepted it.
        let listed = transfers::page(&svc, &source).await.unwrap();
        assert_eq!(listed.partner_id, contoso);
        assert_eq!((listed.requests[0].id, listed.requests[0].side), (id, Side::Source));
        let asking = transfers::page(&svc, &target).await.unwrap();
        assert_eq!(asking.requests[0].side, Side::Target);
        assert!(asking.customers.iter().any(|(_, name)| name == "台灣精密工業股份有限公司"));
        let detail = transfers::detail(&svc, &source, id).await.unwrap();
        assert!(detail.can_decide);
        assert_eq!(detail.row.status, TransferStatus::Pending);
        assert!(detail.candidates.iter().any(|c| c.subscription_id == ten));

        let stale = lines(&detail, &[(ten, 126_001, 186_000), (twenty, 252_000, 372_000)]);
        assert_eq!(
            codes(transfers::accept(&svc, &source, &stale).await),
            vec![("".to_string(), "preview_changed".to_string())]
        );
        let form = lines(&detail, &[(ten, 126_000, 186_000), (twenty, 252_000, 372_000)]);
        assert!(matches!(transfers::accept(&svc, &target, &form).await, Err(backend::Error::Forbidden)));
        let moved = transfers::accept(&svc, &source, &form).await.unwrap();
        assert_eq!(moved.len(), 2);
        let fabrikam = org(&svc, TARGET).await;
        for (old, new, credit, charge) in [
            (ten, moved[0], 126_000, 186_000),
            (twenty, moved[1], 252_000, 372_000),
        ] {
            assert_eq!(status(&svc, old).await, "cancelled");
            assert_eq!(field(&svc, old, "partner_org_id").await, contoso.to_string());
            assert_eq!(status(&svc, new).await, "active");
            assert_eq!(field(&svc, new, "partner_org_id").await, fabrikam.to_string());
            assert_eq!(field(&svc, new, "term_started_at").await, svc.clock.now().millis().to_string());
            // The old subscription's March purchase less the credit.
            assert_eq!(ledger(&svc, old).await, charge - credit);
            assert_eq!(ledger(&svc, new).await, charge);
        }
        assert!(totals_agree(&svc.db).await.unwrap());
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'subscription.transfer' AND entity_id IN ('{ten}', '{twenty}')")).await,
            2
        );
        // One entry for each party: source, target, customer.
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'transfer.complete' AND entity_id = '{id}'")).await,
            3
        );
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM outbox WHERE to_email = '{NOTIFY}' AND subject LIKE '%transferred%'")).await,
            1
        );
        let done = transfers::detail(&svc, &target, id).await.unwrap();
        assert_eq!(done.row.status, TransferStatus::Completed);
        assert_eq!(done.moved.len(), 2);
        assert_eq!(done.moved[0].credit.minor, 126_000);
        assert_eq!(
            codes(transfers::accept(&svc, &source, &form).await),
            vec![("".to_string(), "transfer_not_pending".to_string())]
        );
    })
    .await;
}

/// R-SUB-28: a transfer of 3 subscriptions that fails on the third (its
/// figure is not the one it would commit: 5 seats are credited 63,000, not
/// 63,001) leaves all three untouched — the first two had been moved
/// inside the transaction: no new subscription, no ledger entry, no line,
/// the request still pending.
#[tokio::test]
async fn r_sub_28_a_transfer_of_3_subscriptions_that_fails_on_the_third_leaves_all_three_untouched()
{
    on_each_database(|svc| async move {
        let subs = [bought(&svc, 10).await, bought(&svc, 20).await, bought(&svc, 5).await];
        let id = requested(&svc).await;
        svc.clock.advance(Span::days(10));
        let source = sign_in(&svc, SOURCE).await;
        let detail = transfers::detail(&svc, &source, id).await.unwrap();
        let subscriptions = "SELECT COUNT(*) FROM subscriptions";
        let before = count(&svc, subscriptions).await;
        let entries = count(&svc, "SELECT COUNT(*) FROM ledger").await;
        let form = lines(
            &detail,
            &[(subs[0], 126_000, 186_000), (subs[1], 252_000, 372_000), (subs[2], 63_001, 93_000)],
        );
        assert_eq!(
            codes(transfers::accept(&svc, &source, &form).await),
            vec![("".to_string(), "preview_changed".to_string())]
        );
        for (sub, charged) in subs.into_iter().zip([186_000, 372_000, 93_000]) {
            assert_eq!(status(&svc, sub).await, "active");
            assert_eq!(field(&svc, sub, "partner_org_id").await, org(&svc, SOURCE).await.to_string());
            assert_eq!(ledger(&svc, sub).await, charged);
        }
        assert_eq!(count(&svc, subscriptions).await, before);
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM ledger").await, entries);
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM transfer_lines").await, 0);
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM audit_log WHERE action LIKE '%transfer%' AND action <> 'transfer.request'").await, 0);
        let still = transfers::detail(&svc, &source, id).await.unwrap();
        assert_eq!(still.row.status, TransferStatus::Pending);
        // Corrected, all three move.
        let form = lines(
            &detail,
            &[(subs[0], 126_000, 186_000), (subs[1], 252_000, 372_000), (subs[2], 63_000, 93_000)],
        );
        assert_eq!(transfers::accept(&svc, &source, &form).await.unwrap().len(), 3);
        assert!(totals_agree(&svc.db).await.unwrap());
    })
    .await;
}

/// R-SUB-28: two submissions of one request at once: one moves the
/// subscription, the other finds the request completed; one new
/// subscription, one credit.
#[tokio::test]
async fn r_sub_28_two_concurrent_submissions_of_one_request_move_once() {
    on_each_database(|svc| async move {
        let sub = bought(&svc, 10).await;
        let id = requested(&svc).await;
        svc.clock.advance(Span::days(10));
        let source = sign_in(&svc, SOURCE).await;
        let detail = transfers::detail(&svc, &source, id).await.unwrap();
        let form = lines(&detail, &[(sub, 126_000, 186_000)]);
        let (a, b) = tokio::join!(
            transfers::accept(&svc, &source, &form),
            transfers::accept(&svc, &source, &form)
        );
        assert_eq!(
            [&a, &b].iter().filter(|r| r.is_ok()).count(),
            1,
            "{a:?} {b:?}"
        );
        let refused = if a.is_ok() { b } else { a };
        assert_eq!(
            codes(refused),
            vec![("".to_string(), "transfer_not_pending".to_string())]
        );
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM transfer_lines").await, 1);
        assert_eq!(ledger(&svc, sub).await, 186_000 - 126_000);
    })
    .await;
}

/// R-SUB-28 (decision): the source partner may decline (the target is
/// told); a pending request expires 30 days after it was sent and can then
/// be neither submitted nor declined, and a new one may be sent; one
/// pending request per customer, source and target.
#[tokio::test]
async fn r_sub_28_a_request_is_declined_or_expires_after_30_days() {
    on_each_database(|svc| async move {
        let sub = bought(&svc, 10).await;
        let first = requested(&svc).await;
        assert_eq!(
            codes(send(&svc).await),
            vec![("source_partner_id".to_string(), "transfer_already_pending".to_string())]
        );
        let source = sign_in(&svc, SOURCE).await;
        let target = sign_in(&svc, TARGET).await;
        assert!(matches!(transfers::decline(&svc, &target, first).await, Err(backend::Error::Forbidden)));
        transfers::decline(&svc, &source, first).await.unwrap();
        assert_eq!(
            transfers::detail(&svc, &target, first).await.unwrap().row.status,
            TransferStatus::Declined
        );
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM outbox WHERE to_email = '{NOTIFY}' AND subject LIKE '%declined your transfer%'")).await,
            1
        );
        let second = send(&svc).await.unwrap();
        let detail = transfers::detail(&svc, &source, second).await.unwrap();
        svc.clock.advance(Span::days(30));
        let expired = transfers::detail(&svc, &source, second).await.unwrap();
        assert_eq!(expired.row.status, TransferStatus::Expired);
        assert!(!expired.can_decide);
        assert_eq!(
            codes(transfers::decline(&svc, &source, second).await),
            vec![("".to_string(), "transfer_expired".to_string())]
        );
        let form = lines(&detail, &[(sub, 0, 186_000)]);
        assert_eq!(
            codes(transfers::accept(&svc, &source, &form).await),
            vec![("".to_string(), "transfer_expired".to_string())]
        );
        assert_eq!(status(&svc, sub).await, "active");
        send(&svc).await.unwrap();
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'transfer.decline' AND entity_id = '{first}'")).await,
            2
        );
    })
    .await;
}
