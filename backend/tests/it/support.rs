//! Support requests for a refund (R-SW-08): filed by the selling partner's
//! Admin Agent for an order the cancel dialog cannot cancel, with
//! attachments checked and kept in the database, answered by the
//! provider's operators; nobody else reads them.

use crate::common::*;
use crate::subscriptions::taiwan;

use backend::support::{self, Upload};
use backend::{Error, Services};
use domain::support::SupportRequestForm;
use domain::support_views::SupportAnswerForm;

const AGENT: &str = "adminagent@contoso-partner.example";
const GLOBAL: &str = "global@contoso-partner.example";
const OPERATOR: &str = "ops@bc.example";
const FABRIKAM: &str = "global@fabrikam.example";
const SALES: &str = "sales@contoso-partner.example";

/// The demo's order of 2 × SQL Server 2022 Standard, 1-year subscription,
/// bought 75 days ago: past the 60 days, so only support can refund it.
async fn past_window_order(svc: &Services) -> i64 {
    count(
        svc,
        "SELECT order_id FROM software_purchases WHERE product_id = 'sql-server-2022-standard-sub-1y'",
    )
    .await
}

fn request(order_id: i64, amount: &str) -> SupportRequestForm {
    SupportRequestForm {
        order_id,
        issue_type: "csp_purchase_refund".into(),
        impact: "moderate".into(),
        title: "Refund SQL Server subscription".into(),
        tenant: "twprecision.example".into(),
        reason: "The customer moved to SQL Server Enterprise".into(),
        amount: amount.into(),
        description: "Bought 75 days ago; the cancel dialog's 60 days have passed.".into(),
        contact_name: "Adam Agent".into(),
        contact_email: "adminagent@contoso-partner.example".into(),
        contact_phone: "+886 2 2345 6789".into(),
    }
}

fn file(name: &str, bytes: &[u8]) -> Upload {
    Upload {
        name: name.into(),
        bytes: bytes.to_vec(),
    }
}

/// R-SW-08: the order past its 60 days is refused by the cancel dialog and
/// offered on the support form with what it paid: 2 × TWD 42,811.00 = TWD
/// 85,622.00. A request for more is refused at the amount, naming the most;
/// one for TWD 40,000.00 is filed open, audited, and seen by the Admin
/// Agent and the operator only.
#[tokio::test]
async fn r_sw_08_a_refund_request_for_an_order_past_its_60_days() {
    on_each_database(|svc| async move {
        let agent = sign_in(&svc, AGENT).await;
        let customer = taiwan(&svc).await;
        let order = past_window_order(&svc).await;
        let page = backend::software::purchases::page(&svc, &agent, customer).await.unwrap();
        let dialog = page.cancel.unwrap();
        let entry = dialog.orders.iter().find(|o| o.order_id == order).unwrap();
        let refusal = domain::plan_order_cancel(&entry.purchases, true, dialog.as_of).unwrap_err();
        assert_eq!(refusal, domain::SoftwareCancelError::WindowPassed);
        assert!(refusal.needs_support(), "the dialog sends it to support");
        let form = support::form(&svc, &agent, customer).await.unwrap();
        let offered = form.orders.iter().find(|o| o.order_id == order).unwrap();
        assert_eq!(offered.refundable.minor, 8_562_200);
        assert_eq!(offered.refundable.currency.code(), "TWD");
        assert_eq!(form.contact_email, AGENT);

        let too_much = support::file(&svc, &agent, &request(order, "85622.01")).await;
        match too_much {
            Err(Error::Invalid(errors)) => {
                assert_eq!(errors.len(), 1);
                assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("amount", "support_amount_too_high"));
                assert_eq!(errors[0].param("max"), Some("TWD 85,622.00"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM support_requests").await, 0);

        let id = support::file(&svc, &agent, &request(order, "40000")).await.unwrap();
        assert_eq!(
            count(&svc, &format!("SELECT amount FROM support_requests WHERE id = {id} AND status = 'open'")).await,
            4_000_000
        );
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'support.request' AND entity_id = '{id}'")).await,
            1
        );
        let mine = support::list(&svc, &agent).await.unwrap();
        assert_eq!((mine.requests.len(), mine.operator), (1, false));
        let ops = sign_in(&svc, OPERATOR).await;
        let all = support::list(&svc, &ops).await.unwrap();
        assert!(all.operator && all.requests.iter().any(|r| r.id == id));
        let seen = support::get(&svc, &agent, id).await.unwrap();
        assert!(seen.can_attach && !seen.can_answer);
        let customer_name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
            .bind(customer)
            .fetch_one(svc.db.pool())
            .await
            .unwrap();
        assert_eq!(seen.row.customer_name, customer_name);
        assert!(support::get(&svc, &ops, id).await.unwrap().can_answer);
        // The partner's Global Administrator reads its requests (it files
        // its own packages' cancellations, R-MPN-07) but files none for a
        // customer; nobody else reads them.
        let global = sign_in(&svc, GLOBAL).await;
        assert_eq!(support::get(&svc, &global, id).await.unwrap().row.id, id);
        forbidden(support::file(&svc, &global, &request(order, "1")).await);
        for other in [SALES, FABRIKAM, "admin@twprecision.example"] {
            let actor = sign_in(&svc, other).await;
            forbidden(support::get(&svc, &actor, id).await);
            forbidden(support::file(&svc, &actor, &request(order, "1")).await);
        }
        forbidden(support::list(&svc, &sign_in(&svc, SALES).await).await);
        let theirs = support::list(&svc, &sign_in(&svc, FABRIKAM).await).await.unwrap();
        assert!(theirs.requests.is_empty(), "Fabrikam sees only its own");
    })
    .await;
}

/// R-SW-08: attachments are checked by their content, at most 3 per
/// request, all or none of an upload; an operator's answer closes the
/// request, which then takes neither answers nor files.
#[tokio::test]
async fn r_sw_08_attachments_and_the_operators_answer() {
    on_each_database(|svc| async move {
        let agent = sign_in(&svc, AGENT).await;
        let ops = sign_in(&svc, OPERATOR).await;
        let order = past_window_order(&svc).await;
        let id = support::file(&svc, &agent, &request(order, "100.50")).await.unwrap();
        let attachments = |svc: Services| async move {
            count(&svc, &format!("SELECT COUNT(*) FROM support_attachments WHERE request_id = {id}")).await
        };
        let refused = support::add_attachments(
            &svc,
            &agent,
            id,
            vec![file("invoice.pdf", b"%PDF-1.7 invoice"), file("invoice.pdf.exe", b"MZ\x90")],
        )
        .await;
        assert_eq!(
            codes(refused),
            [("attachments".to_string(), "support_attachment_type".to_string())]
        );
        assert_eq!(attachments(svc.clone()).await, 0, "none of a refused upload");
        support::add_attachments(
            &svc,
            &agent,
            id,
            vec![file("invoice.pdf", b"%PDF-1.7 invoice"), file("訂單.txt", "訂單 7".as_bytes())],
        )
        .await
        .unwrap();
        assert_eq!(attachments(svc.clone()).await, 2);
        let too_many = support::add_attachments(
            &svc,
            &agent,
            id,
            vec![file("a.txt", b"a"), file("b.txt", b"b")],
        )
        .await;
        assert_eq!(
            codes(too_many),
            [("attachments".to_string(), "support_too_many_attachments".to_string())]
        );
        let view = support::get(&svc, &ops, id).await.unwrap();
        assert_eq!(view.attachments.len(), 2);
        // SHA-256 of "訂單 7" in UTF-8, worked out with sha256sum.
        assert_eq!(
            view.attachments[1].sha256,
            "aabdf979c76c9a8c0b7cff619de66d440839c5e7e92fd9f896668f2878424dac"
        );
        let (name, _, bytes) = support::attachment(&svc, &ops, view.attachments[1].id).await.unwrap();
        assert_eq!((name.as_str(), bytes.as_slice()), ("訂單.txt", "訂單 7".as_bytes()));
        for nobody in [SALES, FABRIKAM] {
            forbidden(support::attachment(&svc, &sign_in(&svc, nobody).await, view.attachments[0].id).await);
        }

        let answer = |by, status: &str| SupportAnswerForm {
            id,
            status: status.into(),
            answer: format!("{by}: refund of TWD 100.50 approved"),
        };
        forbidden(support::answer(&svc, &agent, &answer("agent", "resolved")).await);
        support::answer(&svc, &ops, &answer("ops", "resolved")).await.unwrap();
        let done = support::get(&svc, &agent, id).await.unwrap();
        assert_eq!(done.row.status.code(), "resolved");
        // The Admin Agent who filed it gets the answer by email.
        assert_eq!(
            count(
                &svc,
                &format!("SELECT COUNT(*) FROM outbox WHERE to_email = '{AGENT}' AND body LIKE '%ops: refund of TWD 100.50 approved%' AND body LIKE '%/support-requests/{id}%'")
            )
            .await,
            1
        );
        assert_eq!(done.answer.as_deref(), Some("ops: refund of TWD 100.50 approved"));
        assert!(!done.can_attach && done.row.answered_at.is_some());
        assert_eq!(
            codes(support::answer(&svc, &ops, &answer("ops", "declined")).await),
            [(String::new(), "support_request_closed".to_string())]
        );
        assert_eq!(
            codes(support::add_attachments(&svc, &agent, id, vec![file("late.txt", b"late")]).await),
            [(String::new(), "support_request_closed".to_string())]
        );
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM audit_log WHERE action IN ('support.attach', 'support.answer') AND entity_id = '{id}'")).await,
            2
        );
    })
    .await;
}

/// R-SW-08: two uploads of 2 files each at once, by two server processes,
/// onto a request with none: the count is checked under the request's row
/// lock, so exactly one gets in and the request holds 2, never 4.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_sw_08_concurrent_uploads_cannot_pass_the_limit_together() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let agent = sign_in(&first, AGENT).await;
    let order = past_window_order(&first).await;
    let id = support::file(&first, &agent, &request(order, "1"))
        .await
        .unwrap();
    let tries = [first.clone(), second.clone()].map(|svc| {
        let agent = agent.clone();
        tokio::spawn(async move {
            support::add_attachments(
                &svc,
                &agent,
                id,
                vec![file("a.txt", b"a"), file("b.txt", b"b")],
            )
            .await
            .is_ok()
        })
    });
    let passed = futures::future::join_all(tries)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count();
    assert_eq!(passed, 1);
    assert_eq!(
        count(
            &first,
            &format!("SELECT COUNT(*) FROM support_attachments WHERE request_id = {id}")
        )
        .await,
        2
    );
}
