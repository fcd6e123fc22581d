//! Partner membership benefits (seed 003): a package bought with an order
//! of the partner's own (R-MPN-01), its Visual Studio subscriptions never
//! assigned more often than it holds (R-MPN-04), technical benefits with
//! an alternate email (R-MPN-05), go-to-market benefits with a marketing
//! contact and an expiry (R-MPN-06), software keys that end the 30-day
//! refund, which an operator approves (R-MPN-02, R-MPN-07).

use crate::common::*;

use backend::mpn::{advisory, assignments, go_to_market, packages, refund, software};
use backend::support;
use backend::{Actor, Error, Services};
use domain::mpn::{AdvisoryRequestForm, GoToMarketStatus, MarketingContactForm};
use domain::mpn_views::{AssignForm, BuyPackageForm, PackageRefundForm, PackageView};
use domain::support_views::SupportAnswerForm;
use domain::Span;

const GLOBAL: &str = "global@contoso-partner.example";
const SALES: &str = "sales@contoso-partner.example";
const AGENT: &str = "adminagent@contoso-partner.example";
const MPN: &str = "mpn@contoso-partner.example";

async fn buy(svc: &Services, actor: &Actor, package: &str, key: &str) -> i64 {
    let form = BuyPackageForm {
        package_id: package.into(),
        idempotency_key: key.into(),
    };
    packages::buy(svc, actor, &form).await.unwrap()
}

async fn view(svc: &Services, actor: &Actor, id: i64) -> PackageView {
    let page = packages::page(svc, actor).await.unwrap();
    page.packages.into_iter().find(|p| p.id == id).unwrap()
}

async fn user_id(svc: &Services, email: &str) -> i64 {
    count(
        svc,
        &format!("SELECT id FROM users WHERE email = '{email}'"),
    )
    .await
}

fn assign(purchase_id: i64, benefit: &str, user_id: i64, alternate: &str) -> AssignForm {
    AssignForm {
        purchase_id,
        benefit_id: benefit.into(),
        user_id,
        alternate_email: alternate.into(),
    }
}

/// R-MPN-01: a Sales Agent (no special role) buys the Partner Action Pack
/// for Contoso (Taiwan): TWD 16,500.00 charged once on Contoso's own
/// invoice from the provider; the same key again is the same purchase and
/// no second charge, the same key for another package is refused.
#[tokio::test]
async fn r_mpn_01_any_partner_user_buys_a_package_once_per_key() {
    on_each_database(|svc| async move {
        let sales = sign_in(&svc, SALES).await;
        let id = buy(&svc, &sales, "action-pack", "k1").await;
        assert_eq!(buy(&svc, &sales, "action-pack", "k1").await, id);
        let contoso = sales.org_id;
        let charged = |svc: Services| async move {
            count(
                &svc,
                &format!(
                "SELECT COUNT(*) FROM ledger WHERE package_purchase_id = {id} AND amount = 1650000 \
                 AND reason = 'package_purchase' AND customer_org_id = {contoso}"
            ),
            )
            .await
        };
        assert_eq!(charged(svc.clone()).await, 1);
        assert!(backend::subscriptions::totals_agree(&svc.db).await.unwrap());
        let again = packages::buy(
            &svc,
            &sales,
            &BuyPackageForm {
                package_id: "silver-core".into(),
                idempotency_key: "k1".into(),
            },
        )
        .await;
        assert_eq!(
            codes(again),
            [(String::new(), "order_key_reused".to_string())]
        );
        assert_eq!(charged(svc.clone()).await, 1);
        let page = packages::page(&svc, &sales).await.unwrap();
        assert!(!page.can_assign, "a Sales Agent buys but does not assign");
        // The demo's Action Pack, bought 120 days ago, and this one.
        let bought: Vec<&str> = page
            .packages
            .iter()
            .map(|p| p.package_id.as_str())
            .collect();
        assert_eq!(bought, ["action-pack", "action-pack"]);
        assert_eq!(page.packages[0].id, id);
        assert_eq!(
            page.bills
                .iter()
                .filter(|b| b.reason == "package_purchase")
                .count(),
            2
        );
        for customer in ["admin@twprecision.example", "ops@bc.example"] {
            forbidden(packages::page(&svc, &sign_in(&svc, customer).await).await);
        }
    })
    .await;
}

/// R-MPN-04: the Action Pack's 3 Visual Studio Professional subscriptions
/// go to 3 users and no fourth; reassigning is removing, then assigning
/// another; only a Global Administrator assigns; each user gets an email.
#[tokio::test]
async fn r_mpn_04_visual_studio_subscriptions_never_more_than_the_package_holds() {
    on_each_database(|svc| async move {
        let global = sign_in(&svc, GLOBAL).await;
        let id = buy(&svc, &global, "action-pack", "vs").await;
        let mut held = Vec::new();
        for email in [GLOBAL, SALES, AGENT] {
            let user = user_id(&svc, email).await;
            held.push(assignments::assign(&svc, &global, &assign(id, "vs-professional", user, "")).await.unwrap());
        }
        let fourth = user_id(&svc, MPN).await;
        assert_eq!(
            codes(assignments::assign(&svc, &global, &assign(id, "vs-professional", fourth, "")).await),
            [("user_id".to_string(), "mpn_all_assigned".to_string())]
        );
        assert_eq!(view(&svc, &global, id).await.visual_studio[0].left(), 0);
        assignments::remove(&svc, &global, held[1]).await.unwrap();
        assignments::assign(&svc, &global, &assign(id, "vs-professional", fourth, "")).await.unwrap();
        let vs = &view(&svc, &global, id).await.visual_studio[0];
        assert_eq!((vs.assignments.len(), vs.left()), (3, 0));
        assert!(vs.assignments.iter().any(|a| a.user_email == MPN));
        for refused in [AGENT, MPN, SALES] {
            let actor = sign_in(&svc, refused).await;
            forbidden(assignments::assign(&svc, &actor, &assign(id, "vs-professional", fourth, "")).await);
            forbidden(assignments::remove(&svc, &actor, held[0]).await);
        }
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM outbox WHERE to_email = '{MPN}' AND subject LIKE '%Visual Studio Professional%'")).await,
            1
        );
    })
    .await;
}

/// R-MPN-04: two server processes assign the last subscription to two
/// users at once: the count is checked under the package's row lock, so
/// exactly one gets it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_mpn_04_concurrent_assignments_cannot_pass_the_count() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let global = sign_in(&first, GLOBAL).await;
    let id = buy(&first, &global, "action-pack", "race").await;
    for email in [GLOBAL, SALES] {
        let user = user_id(&first, email).await;
        assignments::assign(&first, &global, &assign(id, "vs-professional", user, ""))
            .await
            .unwrap();
    }
    let mut tries = Vec::new();
    for (svc, email) in [(first.clone(), AGENT), (second.clone(), MPN)] {
        let user = user_id(&svc, email).await;
        let global = global.clone();
        tries.push(tokio::spawn(async move {
            assignments::assign(&svc, &global, &assign(id, "vs-professional", user, ""))
                .await
                .is_ok()
        }));
    }
    let passed = futures::future::join_all(tries)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count();
    assert_eq!(passed, 1);
    assert_eq!(
        count(&first, &format!("SELECT COUNT(*) FROM package_assignments WHERE package_purchase_id = {id} AND removed_at IS NULL")).await,
        3
    );
}

/// R-MPN-05: a technical benefit's user needs an alternate email other than
/// their account's (in any case); the instructions go to both addresses.
/// Advisory hours: 8 in the Action Pack; a request for 5 holds them, so
/// at most 3 more may be asked for.
#[tokio::test]
async fn r_mpn_05_technical_benefits_and_advisory_hours() {
    on_each_database(|svc| async move {
        let global = sign_in(&svc, GLOBAL).await;
        let id = buy(&svc, &global, "action-pack", "tech").await;
        let agent = user_id(&svc, AGENT).await;
        let same = assign(
            id,
            "support-incidents",
            agent,
            "AdminAgent@Contoso-Partner.example",
        );
        assert_eq!(
            codes(assignments::assign(&svc, &global, &same).await),
            [(
                "alternate_email".to_string(),
                "mpn_alternate_same_as_account".to_string()
            )]
        );
        let form = assign(id, "support-incidents", agent, "adam.private@example.org");
        assignments::assign(&svc, &global, &form).await.unwrap();
        for to in [AGENT, "adam.private@example.org"] {
            let sent = count(
                &svc,
                &format!("SELECT COUNT(*) FROM outbox WHERE to_email = '{to}'"),
            )
            .await;
            assert!(sent >= 1, "{to}");
        }
        let asking = |hours: &str| AdvisoryRequestForm {
            benefit_id: "advisory-hours".into(),
            topic: "Azure landing zone".into(),
            description: "Review".into(),
            preferred_from: "2027-01-04".into(),
            preferred_to: "2027-01-08".into(),
            hours: hours.into(),
        };
        advisory::request(&svc, &global, id, &asking("5"))
            .await
            .unwrap();
        let tech = view(&svc, &global, id).await.technical;
        let hours = tech.iter().find(|t| t.id == "advisory-hours").unwrap();
        assert_eq!((hours.held, hours.hours_left()), (5, 3));
        match advisory::request(&svc, &global, id, &asking("4")).await {
            Err(Error::Invalid(e)) => {
                assert_eq!(
                    (e[0].field.as_str(), e[0].code.as_str()),
                    ("hours", "mpn_hours_invalid")
                );
                assert_eq!(e[0].param("max"), Some("3"));
            }
            other => panic!("{other:?}"),
        }
        let three = advisory::request(&svc, &global, id, &asking("3"))
            .await
            .unwrap();
        // The operators answer: the 5 declined (free again), the 3 done
        // (used): 8 − 3 = 5 left.
        let ops = sign_in(&svc, "ops@bc.example").await;
        let open = advisory::open(&svc, &ops).await.unwrap();
        assert_eq!(
            open.iter()
                .filter(|r| r.topic == "Azure landing zone")
                .count(),
            2
        );
        let five = open.iter().find(|r| r.hours == 5).unwrap().id;
        forbidden(advisory::answer(&svc, &global, five, false).await);
        forbidden(advisory::open(&svc, &global).await);
        advisory::answer(&svc, &ops, five, false).await.unwrap();
        advisory::answer(&svc, &ops, three, true).await.unwrap();
        assert_eq!(
            codes(advisory::answer(&svc, &ops, three, false).await),
            [(String::new(), "mpn_request_answered".to_string())]
        );
        let tech = view(&svc, &global, id).await.technical;
        let hours = tech.iter().find(|t| t.id == "advisory-hours").unwrap();
        assert_eq!((hours.held, hours.used, hours.hours_left()), (0, 3, 5));
        assert_eq!(hours.requests.len(), 2);
    })
    .await;
}

/// R-MPN-06: "Activate" needs the marketing contact; then the benefit is
/// active for its 90 days and expired from the 90th day's instant on; a
/// Global Administrator or an MPN Partner Admin, nobody else.
#[tokio::test]
async fn r_mpn_06_go_to_market_needs_a_contact_and_expires() {
    on_each_database(|svc| async move {
        let mpn = sign_in(&svc, MPN).await;
        let global = sign_in(&svc, GLOBAL).await;
        let id = buy(&svc, &global, "action-pack", "gtm").await;
        sqlx::query("DELETE FROM marketing_contacts")
            .execute(svc.db.pool())
            .await
            .unwrap();
        assert_eq!(
            codes(go_to_market::activate(&svc, &mpn, id, "listing-boost").await),
            [(String::new(), "mpn_no_marketing_contact".to_string())]
        );
        let contact = |email: &str| MarketingContactForm {
            user_id: mpn.user_id,
            alternate_email: email.into(),
            phone: "+886 2 2345 6789".into(),
            language: "zh-TW".into(),
        };
        assert_eq!(
            codes(
                go_to_market::set_contact(&svc, &mpn, &contact("MPN@contoso-partner.example"))
                    .await
            ),
            [(
                "alternate_email".to_string(),
                "mpn_alternate_same_as_account".to_string()
            )]
        );
        go_to_market::set_contact(&svc, &mpn, &contact("marketing@contoso.example"))
            .await
            .unwrap();
        let now = svc.now().await.unwrap();
        let expires = go_to_market::activate(&svc, &mpn, id, "listing-boost")
            .await
            .unwrap();
        assert_eq!(expires, now.plus(Span::days(90)));
        assert_eq!(
            codes(go_to_market::activate(&svc, &global, id, "listing-boost").await),
            [(String::new(), "mpn_already_active".to_string())]
        );
        for refused in [AGENT, SALES] {
            forbidden(
                go_to_market::activate(&svc, &sign_in(&svc, refused).await, id, "campaign-kit")
                    .await,
            );
        }
        let status = |svc: Services| {
            let mpn = mpn.clone();
            async move {
                view(&svc, &mpn, id)
                    .await
                    .go_to_market
                    .into_iter()
                    .find(|g| g.id == "listing-boost")
                    .unwrap()
                    .status
            }
        };
        svc.clock
            .advance(Span::millis(Span::days(90).as_millis() - 1));
        assert_eq!(
            status(svc.clone()).await,
            GoToMarketStatus::Active {
                expires_at: expires
            }
        );
        svc.clock.advance(Span::millis(1));
        assert_eq!(
            status(svc.clone()).await,
            GoToMarketStatus::Expired {
                expired_at: expires
            }
        );
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM outbox WHERE to_email = 'marketing@contoso.example'"
            )
            .await,
            1
        );
    })
    .await;
}

/// R-MPN-02, R-MPN-07: taking a software key is activating the software
/// benefit, which ends the refund ("a key was taken"); a package without a
/// key taken is cancelled by a service request the operator approves:
/// exactly one refund entry of TWD -59,000.00, the package ends, its users
/// are removed and its links revoked; past 30 days there is no refund.
#[tokio::test]
async fn r_mpn_07_a_refund_within_30_days_without_a_key_approved_by_an_operator() {
    on_each_database(|svc| async move {
        let global = sign_in(&svc, GLOBAL).await;
        let keyed = buy(&svc, &global, "action-pack", "keyed").await;
        software::take_key(&svc, &global, keyed, "windows-server-2025-standard-perpetual").await.unwrap();
        let v = view(&svc, &global, keyed).await;
        let key = v.software[0].key.clone().unwrap();
        assert!(domain::ProductKey::parse(&key).is_some());
        let sealed: String = sqlx::query_scalar("SELECT sealed FROM package_keys WHERE package_purchase_id = $1")
            .bind(keyed)
            .fetch_one(svc.db.pool())
            .await
            .unwrap();
        assert!(!sealed.contains(&key[..5]), "the key is sealed");
        let dialog = v.refund.unwrap();
        assert!(dialog.first_key_at.is_some());
        let form = |d: &domain::mpn_views::RefundDialog, expected| PackageRefundForm {
            purchase_id: d.purchase_id,
            pin: d.pin.clone(),
            expected,
        };
        assert_eq!(
            codes(refund::request(&svc, &global, &form(&dialog, 0)).await),
            [(String::new(), "mpn_refund_key_taken".to_string())]
        );
        for refused in [SALES, AGENT, MPN] {
            forbidden(software::take_key(&svc, &sign_in(&svc, refused).await, keyed, "windows-server-2025-standard-perpetual").await);
        }

        let id = buy(&svc, &global, "silver-core", "refunded").await;
        let vs_user = user_id(&svc, SALES).await;
        assignments::assign(&svc, &global, &assign(id, "vs-enterprise", vs_user, "")).await.unwrap();
        let dialog = view(&svc, &global, id).await.refund.unwrap();
        let request = refund::request(&svc, &global, &form(&dialog, 5_900_000)).await.unwrap();
        assert!(view(&svc, &global, id).await.refund_requested);
        forbidden(software::take_key(&svc, &sign_in(&svc, SALES).await, id, "sql-server-2022-enterprise-perpetual").await);
        assert_eq!(
            codes(software::take_key(&svc, &global, id, "sql-server-2022-enterprise-perpetual").await),
            [(String::new(), "mpn_refund_requested".to_string())]
        );
        let ops = sign_in(&svc, "ops@bc.example").await;
        let answer = SupportAnswerForm {
            id: request,
            status: "resolved".into(),
            answer: "Refund approved".into(),
        };
        support::answer(&svc, &ops, &answer).await.unwrap();
        assert_eq!(
            count(&svc, &format!("SELECT COUNT(*) FROM ledger WHERE package_purchase_id = {id} AND reason = 'package_refund' AND amount = -5900000")).await,
            1
        );
        assert_eq!(
            count(&svc, &format!("SELECT CAST(SUM(amount) AS BIGINT) FROM ledger WHERE package_purchase_id = {id}")).await,
            0
        );
        assert!(backend::subscriptions::totals_agree(&svc.db).await.unwrap());
        let ended = view(&svc, &global, id).await;
        assert!(ended.cancelled_at.is_some() && ended.refund.is_none());
        assert!(ended.visual_studio[0].assignments.is_empty());
        assert_eq!(
            codes(assignments::assign(&svc, &global, &assign(id, "vs-enterprise", vs_user, "")).await),
            [(String::new(), "mpn_package_cancelled".to_string())]
        );

        let late = buy(&svc, &global, "action-pack", "late").await;
        svc.clock.advance(Span::days(30));
        let dialog = view(&svc, &global, late).await.refund.unwrap();
        assert_eq!(
            codes(refund::request(&svc, &global, &form(&dialog, 1_650_000)).await),
            [(String::new(), "mpn_refund_window_passed".to_string())]
        );
    })
    .await;
}

/// R-MPN-02: after "Get key", the language and OS picked give a download
/// link of the software sold's kind (14 days, 50 downloads), served and
/// counted by the same route; none before the key is taken.
#[tokio::test]
async fn r_mpn_02_a_software_benefit_downloads_after_its_key() {
    on_each_database(|svc| async move {
        let global = sign_in(&svc, GLOBAL).await;
        let id = buy(&svc, &global, "action-pack", "dl").await;
        let product = "sql-server-2022-standard-perpetual";
        let form = domain::mpn_views::PackageDownloadForm {
            purchase_id: id,
            product_id: product.into(),
            version: "2022".into(),
            language: "ja-JP".into(),
            file_type: "iso".into(),
        };
        assert_eq!(
            codes(software::download_link(&svc, &global, &form).await),
            [(String::new(), "mpn_key_first".to_string())]
        );
        software::take_key(&svc, &global, id, product).await.unwrap();
        let link = software::download_link(&svc, &global, &form).await.unwrap();
        let v = view(&svc, &global, id).await;
        let s = v.software.iter().find(|s| s.product_id == product).unwrap();
        let l = s.links.iter().find(|l| l.id == link).unwrap();
        assert_eq!(l.file_name, "sql-server-2022-standard-perpetual_2022_ja-JP_iso.iso");
        let token = l.path.strip_prefix("/downloads/").unwrap();
        backend::software::downloads::download(&svc, token, false).await.unwrap().unwrap();
        assert_eq!(
            count(&svc, &format!("SELECT downloads FROM download_links WHERE id = {link} AND package_purchase_id = {id}")).await,
            1
        );
        forbidden(software::download_link(&svc, &sign_in(&svc, SALES).await, &form).await);
    })
    .await;
}

/// R-MPN-03: a usage-based subscription is activated by assigning
/// yourself (once), a license-based one by "Get key".
#[tokio::test]
async fn r_mpn_03_cloud_subscriptions_are_activated_by_yourself_or_a_key() {
    on_each_database(|svc| async move {
        let global = sign_in(&svc, GLOBAL).await;
        let id = buy(&svc, &global, "action-pack", "cloud").await;
        software::activate_usage(&svc, &global, id, "azure-credit")
            .await
            .unwrap();
        assert_eq!(
            codes(software::activate_usage(&svc, &global, id, "azure-credit").await),
            [(String::new(), "mpn_all_assigned".to_string())]
        );
        forbidden(software::activate_usage(&svc, &global, id, "m365-e3-iur").await);
        software::take_key(&svc, &global, id, "m365-e3-iur")
            .await
            .unwrap();
        let cloud = view(&svc, &global, id).await.cloud;
        let usage = cloud.iter().find(|c| c.id == "azure-credit").unwrap();
        assert_eq!(usage.user.as_ref().unwrap().user_email, GLOBAL);
        let licensed = cloud.iter().find(|c| c.id == "m365-e3-iur").unwrap();
        assert!(licensed.activated() && licensed.key.is_some());
        // A cloud key is not a software benefit: the refund stays possible.
        let dialog = view(&svc, &global, id).await.refund.unwrap();
        assert_eq!(dialog.first_key_at, None);
        forbidden(
            software::activate_usage(&svc, &sign_in(&svc, AGENT).await, id, "azure-credit").await,
        );
    })
    .await;
}
